"""rev53 item 3: semgrep's cross-file Python passes read the project through the run's one
:class:`~mcpaudit.engines.semgrep.pyfiles.PyFiles` (``runner._demote`` makes it): the opt-in TLS
demotion (``optin_tls.py``) and the placeholder-login demotion (``placeholder.py``) no longer open
and parse the files themselves; ``tlsaccessor._reads`` indexes a function's assignments in one
walk, not two walks per ``verify=`` switch. The demotions are unchanged (the fixtures below)."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

from mcpaudit.engines.semgrep import tlsaccessor
from mcpaudit.engines.semgrep.optin_tls import demote_opt_in_tls
from mcpaudit.engines.semgrep.placeholder import demote_placeholders
from mcpaudit.engines.semgrep.pyfiles import PyFiles
from mcpaudit.models import Confidence, Finding, Location, Severity

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _hit(rule: str, rel: str, line: int) -> Finding:
    return Finding(rule_id=rule, engine="semgrep", severity=Severity.HIGH, confidence=Confidence.HIGH,
                   message="m", location=Location(rel, line, 1))


def _line(path: Path, needle: str) -> int:
    hits = [i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _read_all_then_forbid_open(monkeypatch, py: PyFiles, extra=()):
    """Every file read (and parsed) through ``py`` first; then any open() fails the test."""
    for p in [*py.paths, *extra]:
        py.text(p)
        py.tree(p)
    parsed = py.parsed

    def no_open(*a, **k):
        raise AssertionError(f"a pass opened {a[0]!r} itself")

    monkeypatch.setattr(builtins, "open", no_open)
    return parsed


def test_opt_in_tls_reads_the_project_through_the_run_s_pyfiles(monkeypatch):
    root = FIXTURES / "optin_tls_settings"
    client = root / "client.py"
    line = _line(client, "self.session.verify = False")
    py = PyFiles(root, sorted(str(p) for p in root.glob("*.py")))
    parsed = _read_all_then_forbid_open(monkeypatch, py)
    hits = [_hit("tls-verify-disabled", "client.py", line)]
    demote_opt_in_tls(hits, root, [], py)  # (no files: what it reads is py's)
    monkeypatch.undo()
    assert py.parsed == parsed  # nothing parsed again through py
    assert hits[0].confidence == Confidence.LOW and hits[0].properties == {"tls-context": "operator-opt-in"}
    assert "verify_ssl" in hits[0].message


def test_placeholder_logins_read_the_project_through_the_run_s_pyfiles(monkeypatch):
    root = FIXTURES / "credentials" / "placeholder_settings"
    server = root / "server.py"
    notes, changeme = _line(server, '"PG_PASSWORD", "notes"'), _line(server, '"ES_PASSWORD", "changeme"')
    py = PyFiles(root, [str(server)])
    _read_all_then_forbid_open(monkeypatch, py)
    hits = [_hit("hardcoded-credential", "server.py", notes), _hit("hardcoded-credential", "server.py", changeme)]
    demote_placeholders(hits, root, [], py)
    monkeypatch.undo()
    assert [(f.location.line, f.confidence, f.properties) for f in hits] == [
        (notes, Confidence.LOW, {"credential-context": "placeholder-login"}),
        (changeme, Confidence.LOW, {"credential-context": "placeholder-login"})]


def test_without_a_pyfiles_the_passes_make_their_own(tmp_path):
    root = FIXTURES / "optin_tls_settings"
    hits = [_hit("tls-verify-disabled", "client.py", _line(root / "client.py", "self.session.verify = False"))]
    demote_opt_in_tls(hits, root, sorted(str(p) for p in root.glob("*.py")))
    assert hits[0].confidence == Confidence.LOW


SWITCHES = '''
import requests
def fetch(url, cfg):
    verify_ssl = get_config("verify_ssl", True)
    certs = get_config("verify_certs", True)
    twice = get_config("verify", True)
    twice = False
    requests.get(url, verify=verify_ssl)
    requests.get(url, verify_certs=certs)
    requests.get(url, verify=twice)
    def inner():
        return requests.get(url, verify=verify_ssl)
    return inner
'''


def test_a_function_s_assignments_are_indexed_in_one_walk(monkeypatch):
    tree = ast.parse(SWITCHES)
    fetch = tree.body[1]
    walked = []
    real = ast.walk

    def walk(node):
        if node is fetch:
            walked.append(1)
        return real(node)

    monkeypatch.setattr(tlsaccessor.ast, "walk", walk)
    reads = tlsaccessor._reads(tree)
    monkeypatch.undo()
    # the calls of fetch, then its assignments: once (before: two more walks per switch, 4 switches)
    assert len(walked) == 2
    got = [(call.lineno, switch, src.lineno, name, key) for call, switch, src, name, key in reads]
    assert got == [(8, "verify", 4, "get_config", "verify_ssl"), (9, "verify_certs", 5, "get_config", "verify_certs"),
                   (12, "verify", 4, "get_config", "verify_ssl")]  # (not `twice`: assigned twice)


@pytest.mark.parametrize("source", [SWITCHES, "def f():\n    v = g('k')\n    for v in x: pass\n    h(verify=v)\n",
                                    "def f():\n    v = w = g('k')\n    h(verify=v)\n",
                                    "def f(v):\n    h(verify=v)\n    v = g('k')\n"])
def test_the_reads_are_those_of_the_old_per_switch_walks(source):
    def old_assigned(fn, name):
        calls = [s.value for s in ast.walk(fn) if isinstance(s, ast.Assign) and len(s.targets) == 1
                 and isinstance(s.targets[0], ast.Name) and s.targets[0].id == name]
        stores = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)]
        return calls[0] if len(calls) == 1 and len(stores) == 1 and isinstance(calls[0], ast.Call) else None

    tree = ast.parse(source)
    expected = []
    for fn in tlsaccessor._functions(tree):
        for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
            for kw in call.keywords:
                if kw.arg in tlsaccessor._SWITCHES and isinstance(kw.value, ast.Name):
                    src = old_assigned(fn, kw.value.id)
                    if src is not None and isinstance(src.func, ast.Name) and src.args and isinstance(src.args[0], ast.Constant):
                        expected.append((id(call), kw.arg, id(src)))
    got = [(id(call), switch, id(src)) for call, switch, src, _n, _k in tlsaccessor._reads(tree)]
    assert got == expected
