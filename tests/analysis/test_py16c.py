"""Holdout causes of issue 12 (sixteenth Python reading, py16c): a bind address that is a
parameter default every call overrides, or a dead local (``fixtures/bind_flow``); TLS
verification turned off only under an operator setting that is off by default
(``fixtures/optin_tls``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _audit(tmp_path, folder: str, name: str, engines):
    root = tmp_path / (name or folder)
    shutil.copytree(FIXTURES / folder / name if name else FIXTURES / folder, root)
    return api.audit([root], Config(engines=engines, cache=False, include_tests=True, min_confidence=Confidence.LOW))


def _rows(res, rule: str):
    return sorted((f.location.path, f.location.line, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id == rule)


_BIND = "Possible binding to all interfaces."
_OVERRIDDEN = ("; the address is a parameter default that every call in the project overrides with its own "
               "address: the default is never bound (audit view)")
_DEAD = "; the address is only stored or printed: it reaches no listening call, never bound (audit view)"


def test_parameter_default_overridden_at_every_call_is_not_bound(tmp_path):
    assert _rows(_audit(tmp_path, "bind_flow", "overridden_default", ("cst", "bandit")), "B104") == [
        ("app.py", 5, "low", _BIND + _OVERRIDDEN),
        ("app.py", 15, "low", _BIND + _OVERRIDDEN),
        ("app.py", 18, "low", _BIND + _DEAD),
    ]


def test_parameter_default_used_by_one_call_stays(tmp_path):
    assert _rows(_audit(tmp_path, "bind_flow", "default_used", ("cst", "bandit")), "B104") == [
        ("app.py", 5, "low", _BIND + _OVERRIDDEN),
        ("app.py", 15, "medium", _BIND),
        ("app.py", 18, "low", _BIND + _DEAD),
    ]


def test_entry_point_function_keeps_its_default(tmp_path):
    root = tmp_path / "entry"
    shutil.copytree(FIXTURES / "bind_flow" / "overridden_default", root)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n[project.scripts]\nx = "app:serve"\n')
    res = api.audit([root], Config(engines=("cst", "bandit"), cache=False, include_tests=True,
                                   min_confidence=Confidence.LOW))
    assert [(line, conf) for _, line, conf, _ in _rows(res, "B104")] == [(5, "low"), (15, "medium"), (18, "low")]


_TLS = ("; certificate checking is off only in a branch on the operator's own setting ({}), whose default "
        "keeps it on: an explicit opt-out, not the default (audit view)")


def test_tls_off_only_under_an_operator_setting_that_is_off_by_default(tmp_path):
    rows = _rows(_audit(tmp_path, "optin_tls", "", ("cst", "semgrep")), "ssl-unverified-context")
    assert [(p, line, conf) for p, line, conf, _ in rows] == [
        ("client.py", 14, "low"), ("client.py", 15, "low"), ("client.py", 22, "low"),
        ("client.py", 29, "high"), ("client.py", 37, "high"), ("client.py", 49, "high"),
    ]
    assert rows[0][3].endswith(_TLS.format("settings.insecure"))
    assert rows[2][3].endswith(_TLS.format("not VERIFY_TLS"))
    assert "opt-out" not in rows[3][3] and "opt-out" not in rows[4][3]


_OPTIONAL = ("uvicorn.run() serves MCP over HTTP and authentication is optional, off unless configured: the check at "
             "server.py:15 rejects a request only when API_KEY is set: unauthenticated unless configured "
             "(bound to all interfaces)")


def test_key_check_that_passes_while_no_key_is_set_is_optional_auth(tmp_path):
    res = _audit(tmp_path, "optional_key", "unset_passes", ("cst", "bandit"))
    assert _rows(res, "http-transport-no-auth") == [("server.py", 27, "medium", _OPTIONAL)]
    assert _rows(res, "B104") == [("server.py", 27, "medium", _BIND)]
    auth = [f for f in res.facts if f.id == "http.auth"][0]
    assert auth.value is False and auth.note.startswith("authentication is optional, off unless configured")


def test_key_check_that_rejects_while_no_key_is_set_is_auth(tmp_path):
    res = _audit(tmp_path, "optional_key", "required", ("cst", "bandit"))
    assert _rows(res, "http-transport-no-auth") == [] and _rows(res, "B104") == []
    assert [f.value for f in res.facts if f.id == "http.auth"] == [True]


def test_optional_check_forms():
    import ast

    from mcpaudit.analysis.posture.optauth import optional_check

    nested = ("async def app(scope, send):\n"
              "    token = dict(scope['headers']).get(b'authorization')\n"
              "    if settings.auth_token:\n"
              "        if token != settings.auth_token:\n"
              "            return await send({'status': 401})\n")
    assert optional_check(ast.parse(nested)) == (4, "settings.auth_token")
    # the header value being present is not a configured secret: a missing header is rejected below
    provided = ("def check(request):\n"
                "    provided_key = request.headers.get('x-api-key')\n"
                "    if provided_key and provided_key != EXPECTED:\n"
                "        raise HTTPException(401)\n")
    assert optional_check(ast.parse(provided)) is None
    plain = "def check(request):\n    if request.headers.get('x-api-key') != KEY:\n        raise HTTPException(401)\n"
    assert optional_check(ast.parse(plain)) is None
