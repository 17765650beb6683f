"""Issue 14, tsflow30: the flow of a TypeScript ``http-transport-no-auth`` finding names the
listen call that serves the transport (with its address) and, for a transport class of the
project's own, where the project constructs it (fixtures/typescript/transportsteps;
mcpaudit/analysis/ts/transportsteps.py). A module listening with two servers names no listener;
an authenticated twin has no finding."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import audit_group, line_of

GROUP = "transportsteps"
RULE = "http-transport-no-auth"


@pytest.mark.parametrize("case", ["sdkloop", "ownclass", "twolisten", "safe"])
def test_findings_equal_annotations(case):
    test_ts_engine.test_findings_equal_annotations(f"{GROUP}/{case}")


def _open(tmp_path, case):
    return [f for f in audit_group(tmp_path, f"{GROUP}/{case}").findings if f.rule_id == RULE]


def _steps(f):
    return [(s.location.path, s.location.line, s.note) for s in f.flow]


def test_an_sdk_transport_names_its_loopback_listen_call(tmp_path):
    (f,) = _open(tmp_path, "sdkloop")
    at = line_of("server.ts", "new StreamableHTTPServerTransport(", f"{GROUP}/sdkloop")
    assert (f.location.path, f.location.line, f.engine) == ("server.ts", at, "ts")
    assert f.message.startswith("new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication")
    listen = line_of("server.ts", 'httpServer.listen(httpPort, "127.0.0.1")', f"{GROUP}/sdkloop")
    assert _steps(f) == [
        ("server.ts", listen, "httpServer.listen() listens on 127.0.0.1:httpPort: the HTTP server the transport is served on"),
        ("server.ts", at, "new StreamableHTTPServerTransport() serves MCP over HTTP"),
    ]


def test_a_project_transport_names_where_it_is_constructed_and_listens(tmp_path):
    (f,) = _open(tmp_path, "ownclass")
    at = line_of("transport.ts", "new WebSocketServer(", f"{GROUP}/ownclass")
    assert (f.location.path, f.location.line, f.engine) == ("transport.ts", at, "ts")
    assert f.message.startswith("new WebSocketServer() in class SocketTransport implements Transport serves MCP over HTTP")
    built = line_of("gateway.ts", "new SocketTransport(", f"{GROUP}/ownclass")
    listen = line_of("gateway.ts", "httpServer.listen(port", f"{GROUP}/ownclass")
    assert _steps(f) == [
        ("gateway.ts", listen, "the app it is mounted on listens on every interface"),
        ("gateway.ts", built, "new SocketTransport() constructs the project's transport here"),
        ("transport.ts", at, "new WebSocketServer() in class SocketTransport implements Transport serves MCP over HTTP"),
    ]


def test_no_listen_step_when_the_module_listens_with_two_servers(tmp_path):
    (f,) = _open(tmp_path, "twolisten")
    at = line_of("server.ts", "new StreamableHTTPServerTransport(", f"{GROUP}/twolisten")
    assert (f.location.path, f.location.line) == ("server.ts", at)
    assert not [s for s in f.flow if "listen" in s.note]


def test_an_authenticated_twin_has_no_finding(tmp_path):
    assert _open(tmp_path, "safe") == []
