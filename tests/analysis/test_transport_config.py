"""HTTP exposure chosen through configuration (issue 12): the transport, the bind address and
the authentication of a server taken from parameters, environment variables, settings objects,
command-line options and deployment files rather than literals at the serving call. Fixtures:
``fixtures/transports/<name>`` (one project each; ``# expect:`` marks the default-confidence
finding, and each evidence has a twin that stays quiet or low)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "transports"
RULE = "http-transport-no-auth"


def _findings(name: str):
    root = ROOT / name
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.rule_id == RULE]


def _expected(name: str):
    root = ROOT / name
    return {(p.relative_to(root).as_posix(), n) for p in sorted(root.rglob("*.py"))
            for n, line in enumerate(p.read_text().splitlines(), 1) if f"# expect: {RULE}" in line}


@pytest.mark.parametrize("name", ["env-optin-loopback", "env-optin-wide", "env-optin-docker", "param-default-wide",
                                  "param-passed-loopback", "auth-factory-none", "auth-factory-always", "auth-ifexp",
                                  "auth-branch", "transport-default-http"])
def test_default_findings_equal_annotations(name):
    found = _findings(name)
    shown = {(f.location.path, f.location.line) for f in found if f.confidence >= Confidence.MEDIUM}
    assert shown == _expected(name), [f.message for f in found]


def test_opt_in_transport_on_loopback_is_low_and_names_both_settings():
    (f,) = _findings("env-optin-loopback")
    assert f.confidence == Confidence.LOW and f.location.line == 23
    assert "bound to 127.0.0.1 by default" in f.message
    assert "the address is the default of environment variable REPORTS_HOST" in f.message
    assert "HTTP only when configured: the transport is a setting (REPORTS_TRANSPORT)" in f.message
    assert "is 'stdio'" in f.message


def test_opt_in_transport_on_all_interfaces_is_default():
    (f,) = _findings("env-optin-wide")
    assert f.confidence == Confidence.MEDIUM
    assert "bound to all interfaces by default" in f.message
    assert "the default of the bind_host setting (server.py:21, environment variable REPORTS_BIND_HOST)" in f.message
    assert "the default of the transport setting (server.py:20, environment variable REPORTS_TRANSPORT) is 'stdio'" in f.message


def test_dockerfile_sets_the_address_variable():
    (f,) = _findings("env-optin-docker")
    assert f.confidence == Confidence.MEDIUM
    assert "Dockerfile:4 sets REPORTS_HOST=0.0.0.0, the variable the address is read from" in f.message
    # a shell test of the transport variable in the HEALTHCHECK does not select HTTP
    assert "HTTP only when configured" in f.message


def test_parameter_default_and_callers():
    (wide,) = _findings("param-default-wide")
    assert wide.confidence == Confidence.MEDIUM and wide.location.line == 21
    assert "bound to all interfaces by default" in wide.message
    assert "the address is the default of run()'s host parameter" in wide.message
    (passed,) = _findings("param-passed-loopback")
    assert passed.confidence == Confidence.LOW and "bound to 127.0.0.1" in passed.message


def test_optional_auth_on_the_constructor():
    (factory,) = _findings("auth-factory-none")
    assert factory.location.line == 21
    assert ("authentication is optional, off unless configured: auth= passed to the MCP server at server.py:11 "
            "is None when make_auth() returns None at auth.py:7") in factory.message
    assert _findings("auth-factory-always") == []
    (ifexp,) = _findings("auth-ifexp")
    assert "is added conditionally (if os.getenv(\"LEDGER_AUTH_ENABLED\"))" in ifexp.message
    (branch,) = _findings("auth-branch")
    assert branch.location.line == 30 and "self.server.run_http_async() serves MCP over HTTP" in branch.message
    assert "is added conditionally (if verifier)" in branch.message
    assert "the address is the default of serve_http()'s host parameter" in branch.message


def test_transport_option_defaulting_to_http():
    (f,) = _findings("transport-default-http")
    assert f.confidence == Confidence.MEDIUM and f.location.path == "cli.py" and f.location.line == 27
    assert "HTTP by default: 'streamable-http' is the default of server()'s transport parameter" in f.message
    assert "the default of the host setting (config.py:9, environment variable BROWSE_HOST)" in f.message
    assert "fastmcp==2.8.0 is pinned in requirements.txt" in f.message
    # a bearer-token setting that no code reads protects nothing
    assert "(the auth_token setting at config.py:10 is declared, but nothing reads it)" in f.message


def _rule(name: str, rule: str):
    root = ROOT / name
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, _ = cst_engine.run(files, root, jobs=1)
    return [f for f in out.findings if f.rule_id == rule]


def test_root_logger_at_debug_under_sse_logs_credentials():
    (f,) = _rule("debug-sse-log", "secret-in-log")
    assert (f.location.path, f.location.line) == ("app.py", 14) and f.confidence == Confidence.MEDIUM
    assert "LOG_LEVEL defaults to DEBUG (app.py:14) and the root logger takes the level (logsetup.py:6)" in f.message
    assert "logs every posted request body at DEBUG, so tool 'connect''s parameter 'connection_string'" in f.message
    assert _rule("debug-sse-info", "secret-in-log") == []
    # DEBUG only when the operator asks for it (basicConfig inside `if args.debug:`): not reported
    assert _rule("debug-sse-flag", "secret-in-log") == []


def test_documented_http_run_raises_an_opt_in_finding(tmp_path):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config

    # copied out of this repository: a scan inside a git checkout reads the checkout's README
    shutil.copytree(ROOT / "docs-optin", tmp_path / "docs-optin")
    res = api.audit([tmp_path / "docs-optin"], Config(engines=("cst",), cache=False))
    (f,) = [f for f in res.findings if f.rule_id == RULE]
    assert f.confidence == Confidence.MEDIUM and f.location.line == 23
    assert "HTTP only when configured" in f.message
    assert "deployed or documented over HTTP: README.md:5 runs it with --transport sse" in f.message
