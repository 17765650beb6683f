"""Holdout causes of issue 12 (tenth Python reading, pyfix10a): a bind address that reaches no
listening call (``fixtures/bind_flow``); a chmod that only lets rmtree delete a read-only file
(``fixtures/bandit_cleanup``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _audit(tmp_path, folder: str, name: str, engines=("cst", "bandit")):
    root = tmp_path / name
    shutil.copytree(FIXTURES / folder / name, root)
    res = api.audit([root], Config(engines=engines, cache=False, include_tests=True, min_confidence=Confidence.LOW))
    return res


def _b104(res):
    return sorted((f.location.path, f.location.line, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id == "B104")


_BIND = "Possible binding to all interfaces."
_FLOW = "; the address is only stored or printed: it reaches no listening call, never bound (audit view)"


def test_bind_address_only_stored_and_printed_is_not_bound(tmp_path):
    assert _b104(_audit(tmp_path, "bind_flow", "helper_host")) == [
        ("server.py", 10, "low", _BIND + _FLOW),
        ("server.py", 21, "low", _BIND + _FLOW),
    ]


def test_bind_address_handed_to_uvicorn_stays(tmp_path):
    assert _b104(_audit(tmp_path, "bind_flow", "helper_served")) == [
        ("server.py", 12, "medium", _BIND),
        ("server.py", 26, "medium", _BIND),
    ]


def test_server_object_host_unused_when_http_is_served_by_another_app(tmp_path):
    res = _audit(tmp_path, "bind_flow", "separate_app")
    assert _b104(res) == [
        ("server.py", 9, "low", _BIND + "; the address is the MCP server object's host, which only its own run() "
         "over HTTP binds, and no such run uses it: HTTP is served by uvicorn.run() at server.py:29, with its own "
         "address (audit view)"),
        ("server.py", 29, "medium", _BIND),
    ]
    assert [(f.location.line, f.confidence.label) for f in res.findings if f.rule_id == "http-transport-no-auth"] \
        == [(29, "medium")]


def test_server_object_host_stays_when_it_runs_itself_over_http(tmp_path):
    assert [(p, line, conf) for p, line, conf, _ in _b104(_audit(tmp_path, "bind_flow", "own_run"))] == [
        ("server.py", 9, "medium"),
    ]


def test_chmod_in_an_rmtree_handler_on_the_deleted_path_is_demoted(tmp_path):
    from mcpaudit.engines import bandit

    src = FIXTURES / "bandit_cleanup" / "workspace.py"
    shutil.copy(src, tmp_path / "workspace.py")
    out = bandit.run([tmp_path / "workspace.py"], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.location.line, f.confidence.label) for f in out.findings if f.rule_id == "B103")
    assert got == [(12, "low"), (20, "low"), (28, "high"), (36, "high"), (43, "high")]
    low = [f for f in out.findings if f.rule_id == "B103" and f.location.line == 12][0]
    assert low.message.endswith("; the chmod is in an rmtree error handler, on the path it deletes right after: "
                                "no file is left with that mode (audit view)")


_CRED = ("; the fallback is a placeholder word handed to a client as its login: a guess of the service's default, "
         "no secret of the project (weak-default configuration, audit view)")


def test_placeholder_env_fallback_presented_as_a_client_login_is_demoted(tmp_path):
    from mcpaudit.engines import semgrep

    shutil.copy(FIXTURES / "credentials" / "placeholder_logins.py", tmp_path / "placeholder_logins.py")
    out = semgrep.run([tmp_path / "placeholder_logins.py"], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.location.line, f.confidence.label, f.message.endswith(_CRED))
                 for f in out.findings if f.rule_id == "hardcoded-credential")
    assert got == [(9, "low", True), (18, "low", True), (21, "low", True),
                   (30, "medium", False), (35, "medium", False), (39, "medium", False), (43, "medium", False)]


def _cst(folder: str):
    from mcpaudit.engines import cst as cst_engine

    root = FIXTURES / folder
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, project = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return out.findings, project


def test_tools_named_by_an_enum_with_model_schemas_take_no_credential():
    findings, project = _cst("model_schemas/plain")
    assert [f for f in findings if f.rule_id == "secret-in-log"] == []
    tools = {t.name: sorted(p.name for p in t.parameters) for t in project.tools if t.kind == "tool"}
    assert tools == {"count_rows": ["table", "where"], "sample": ["size", "table"]}


def test_a_model_with_a_credential_field_keeps_the_whole_mapping_log():
    findings, _ = _cst("model_schemas/secret")
    assert [(f.rule_id, f.location.line, f.message) for f in findings if f.rule_id == "secret-in-log"] == [
        ("secret-in-log", 41, "the whole argument mapping 'arguments' is written to a log by "
         "logging.getLogger.debug(); it can carry tokens and credentials"),
    ]


def test_auth_middleware_that_never_rejects_is_not_authentication():
    findings, project = _cst("auth_middleware/passthrough")
    assert [(f.location.path, f.location.line, f.confidence.label) for f in findings
            if f.rule_id == "http-transport-no-auth"] == [("server.py", 15, "medium")]
    rec = [a for a in project.auth_evidence if a.get("kind") == "middleware"]
    assert [a["passthrough"] for a in rec] == [
        "AuthMiddleware (middleware.py) never rejects a request: no 401/403 answer and no raise, it always calls the app"]
    assert project.transport_auth() == []


def test_auth_middleware_that_answers_401_is_authentication():
    findings, project = _cst("auth_middleware/rejecting")
    assert [f for f in findings if f.rule_id == "http-transport-no-auth"] == []
    assert [a["kind"] for a in project.transport_auth()] == ["middleware"]


def test_run_async_outside_a_stdio_branch_serves_http_and_an_app_override_is_no_serving_site():
    findings, project = _cst("auth_middleware/subclass")
    assert [(f.location.path, f.location.line) for f in findings if f.rule_id == "http-transport-no-auth"] == [
        ("server.py", 29)]
    assert [(s["kind"], s["pos"][0]) for s in project.http_servers if s.get("transport")] == [("run", 29)]


def test_bind_address_through_a_method_to_uvicorn_stays(tmp_path):
    assert [(p, line, conf) for p, line, conf, _ in _b104(_audit(tmp_path, "bind_flow", "method_run"))] == [
        ("server.py", 9, "medium"),
    ]
