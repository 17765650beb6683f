"""Issue 14, ts16b: MCP transports beyond the SDK's constructors. Smithery's SDK
``createStatefulServer(factory)`` (called, not constructed) serves streamable HTTP from the app
it returns; a project class that implements the SDK's ``Transport`` interface on a ``ws``
WebSocketServer is an MCP transport of its own. A WebSocket server of a class that is no
transport is not (fixtures/typescript/owntransports; models: mcp.yaml http.transports and
http.socket-transports)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import audit_group, line_of

GROUP = "owntransports"


@pytest.mark.parametrize("case", ["smithery", "wsopen", "wsplain"])
def test_findings_equal_annotations(case):
    test_ts_engine.test_findings_equal_annotations(f"{GROUP}/{case}")


def _open(tmp_path, case):
    return [f for f in audit_group(tmp_path, f"{GROUP}/{case}").findings if f.rule_id == "http-transport-no-auth"]


def test_smithery_stateful_server_is_a_streamable_http_transport(tmp_path):
    (f,) = _open(tmp_path, "smithery")
    assert (f.location.path, f.location.line) == ("server.ts", line_of("server.ts", "createStatefulServer(createServer)",
                                                                       f"{GROUP}/smithery"))
    assert f.message.startswith("createStatefulServer() serves MCP over HTTP and no authentication is configured")
    assert f.message.endswith("anyone who reaches it can call: note")


def test_a_project_transport_on_a_websocket_server_serves_mcp(tmp_path):
    (f,) = _open(tmp_path, "wsopen")
    assert (f.location.path, f.location.line) == ("transport.ts", line_of("transport.ts", "new WebSocketServer(",
                                                                          f"{GROUP}/wsopen"))
    assert f.message.startswith("new WebSocketServer() in class SocketTransport implements Transport serves MCP over "
                                "HTTP and no authentication is configured")


def test_a_websocket_server_of_no_transport_class_is_no_mcp_transport(tmp_path):
    assert not [f for f in _open(tmp_path, "wsplain") if "serves MCP over HTTP" in f.message]
