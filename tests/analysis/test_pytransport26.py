"""Causes fixed by branch pytransport26 (fixtures/transports/pytransport26/, each with a safe twin).

The address a FastMCP server object was built for, read from an environment variable that a
deployment file of the project sets (``http_transport_no_auth._deployed_env``): the constructor's
``host=os.getenv("X_HOST", "127.0.0.1")`` with a compose file setting ``X_HOST: 0.0.0.0``, and
``mcp.settings.host = host`` where ``host`` is a click option read from ``envvar="X_HOST"``
(``configured.host_chosen``) with a Dockerfile's ``ENV X_HOST=0.0.0.0``. Twins: no deployment
file (the loopback default stands), a Dockerfile setting loopback (audit view).
"""

from __future__ import annotations

from pathlib import Path

from pyflowgroups import copied_rule_rows, line_in

_ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "transports" / "pytransport26"


def _transport(tmp_path, name):
    return copied_rule_rows(_ROOT, name, tmp_path, "http-transport-no-auth")


def test_a_compose_file_sets_the_constructors_host_variable_to_all_interfaces(tmp_path):
    src = _ROOT / "ctor-env" / "compose" / "server.py"
    assert _transport(tmp_path, "ctor-env/compose") == [(
        "server.py", line_in(src, 'mcp.run(transport="sse")'), "medium", None,
        "mcp.run(transport='sse') serves MCP over HTTP and no authentication is configured anywhere in the "
        "project (bound to all interfaces); docker-compose.yml:7 sets BOOKMARKS_HOST=0.0.0.0, the variable the "
        "address is read from; anyone who reaches it can call: drop_bookmark")]


def test_without_a_deployment_file_the_loopback_default_stands(tmp_path):
    src = _ROOT / "ctor-env" / "bare" / "server.py"
    assert _transport(tmp_path, "ctor-env/bare") == [(
        "server.py", line_in(src, 'mcp.run(transport="sse")'), "low", None,
        "mcp.run(transport='sse') serves MCP over HTTP and no authentication is configured anywhere in the "
        "project (bound to 127.0.0.1 by default: reachable from this machine and, through DNS rebinding, from web "
        "pages); anyone who reaches it can call: drop_bookmark")]


def test_a_dockerfile_sets_a_click_options_envvar_to_all_interfaces(tmp_path):
    src = _ROOT / "click-env" / "image" / "server.py"
    assert _transport(tmp_path, "click-env/image") == [(
        "server.py", line_in(src, 'server.run(transport="streamable-http")'), "medium", None,
        "server.run(transport='streamable-http') serves MCP over HTTP and no authentication is configured "
        "anywhere in the project (bound to all interfaces; the mcp SDK (>= 1.26 required) checks Host and Origin "
        "headers for a FastMCP built for a loopback host, from mcp 1.23.0 on, which a client on the network passes "
        "by sending a loopback Host header); Dockerfile:3 sets NOTES_HOST=0.0.0.0, the variable the address is "
        "read from; anyone who reaches it can call: erase_note")]


def test_a_dockerfile_keeping_the_click_option_on_loopback_stays_in_the_audit_view(tmp_path):
    got = _transport(tmp_path, "click-env/local")
    assert [(p, c) for p, _, c, _, _ in got] == [("server.py", "low")]
    assert "Dockerfile:3 sets NOTES_HOST=127.0.0.1" in got[0][4]
