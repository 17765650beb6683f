"""HTTP exposure read from the right place (issue 12). A serving function's bind address is read
from every caller in the project (neo4j cypher/aura): a stray ``main()`` in the serving module passes no host, the package's entry point
passes ``**config`` whose host item comes from an environment variable
(``fixtures/transports/entry-config``; twin ``entry-loopback`` passes loopback). Auth set on the
server after it was built, ``mcp.auth = auth`` only when a token is configured (netbox): optional
(``auth-assigned-optional``; twin ``auth-assigned``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "transports"
RULE = "http-transport-no-auth"
_SERVES = "mcp.run_http_async() serves MCP over HTTP and no authentication is configured anywhere in the project"


def _found(name: str):
    root = ROOT / name
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return [(f.location.path, f.location.line, f.confidence, f.message) for f in out.findings if f.rule_id == RULE]


def test_entry_point_mapping_from_the_environment_decides_the_address():
    assert _found("entry-config") == [
        ("graphsrv/server.py", 15, Confidence.MEDIUM,
         f"{_SERVES}; the address is a mapping's 'host' item from environment variable GRAPH_SERVER_HOST, passed to "
         "main() at graphsrv/__init__.py:13; anyone who reaches it can call: ping")]


def test_entry_point_passing_loopback_keeps_the_default():
    assert _found("entry-loopback") == [
        ("graphsrv/server.py", 15, Confidence.LOW,
         f"{_SERVES} (bound to 127.0.0.1 by default: reachable from this machine and, through DNS rebinding, "
         "from web pages); the address is the default of main()'s host parameter; anyone who reaches it can call: ping")]


def test_auth_assigned_on_the_server_only_when_configured_is_optional():
    assert _found("auth-assigned-optional") == [
        ("server.py", 25, Confidence.MEDIUM,
         "mcp.run(transport='http') serves MCP over HTTP and authentication is optional, off unless configured: "
         "mcp.auth = ... set on the MCP server at server.py:24 is None when build_auth() returns None at server.py:17 "
         "(bound to all interfaces); anyone who reaches it can call: list_devices")]


def test_auth_assigned_on_the_server_is_authentication():
    assert _found("auth-assigned") == []
