"""Causes fixed by branch pyrec23 (fixtures/transports/pyrec23/, each with a safe twin).

* Web apps of the project's own served beside its MCP server (``analysis/sideapps.py``, the
  catalog's ``http.side-apps``): a Flask API on all interfaces, a Flask-SocketIO dashboard on
  loopback that answers every origin, an XML-RPC server (a project subclass with an address
  filter) that any web page reaches with a simple cross-site POST. Twins: the API checking a key
  header in ``before_request``, the API on Flask's loopback default (audit view), the dashboard
  with an origin list (audit view), the XML-RPC server whose request handler checks a token.
* A transport chosen at run time on a FastMCP built for all interfaces (the SDK's default before
  mcp 1.9.1, locked): opt-in HTTP open to the network, at default confidence. Twin: a lock of an
  SDK that binds loopback and checks Host/Origin (audit view).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import line_in

_ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "transports" / "pyrec23"


def _transport(tmp_path, name):
    """(path, line, confidence, tool, message) of each http-transport-no-auth finding, low included."""
    shutil.copytree(_ROOT / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.location.path, f.location.line, f.confidence.label, f.tool, f.message) for f in res.findings
            if f.rule_id == "http-transport-no-auth"]


def test_a_flask_api_beside_the_mcp_server_on_all_interfaces(tmp_path):
    src = _ROOT / "side-flask" / "open" / "api.py"
    assert _transport(tmp_path, "side-flask/open") == [(
        "api.py", line_in(src, 'app.run(host="0.0.0.0", port=7070)'), "medium", None,
        "Flask app.run() serves the project's own web app (app: /jobs/run, /jobs/status) beside its MCP server, "
        "and nothing authenticates its callers (bound to 0.0.0.0)")]


def test_the_flask_api_twins_a_key_check_and_the_loopback_default(tmp_path):
    assert _transport(tmp_path, "side-flask/keyed") == []
    src = _ROOT / "side-flask" / "local" / "api.py"
    assert _transport(tmp_path, "side-flask/local") == [(
        "api.py", line_in(src, "app.run(port=7070)"), "low", None,
        "Flask app.run() serves the project's own web app (app: /jobs/run, /jobs/status) beside its MCP server, "
        "and nothing authenticates its callers (bound to 127.0.0.1 by default)")]


def test_a_socketio_dashboard_that_answers_every_origin(tmp_path):
    src = _ROOT / "side-socket" / "any" / "dashboard.py"
    assert _transport(tmp_path, "side-socket/any") == [(
        "dashboard.py", line_in(src, "sio.run(app, host=host, port=port)"), "medium", None,
        "SocketIO.run() serves the project's own Socket.IO server and web app (sio: /, event click, event "
        "type_text) beside its MCP server, and nothing authenticates its callers (bound to 127.0.0.1 by default); "
        "it answers every origin (CORS *), so any web page can call it and read the answers")]
    # the twin lists the origins it answers: this machine only, audit view
    assert [(p, conf) for p, _, conf, _, _ in _transport(tmp_path, "side-socket/listed")] == [("dashboard.py", "low")]


def test_an_xmlrpc_server_any_web_page_can_post_to(tmp_path):
    src = _ROOT / "side-xmlrpc" / "plain" / "addon" / "service.py"
    assert _transport(tmp_path, "side-xmlrpc/plain") == [(
        "addon/service.py", line_in(src, "server = ListedClientsServer((host, port), allow_none=True)"), "medium",
        None,
        "ListedClientsServer() serves the project's own XML-RPC API (server: every public method of MacroApi) "
        "beside its MCP server, and nothing authenticates its callers (bound to 127.0.0.1 or 0.0.0.0, as "
        "configured; its verify_request() admits only listed client addresses, which keeps network clients out "
        "but not a web page on this machine); XML-RPC reads a request body of any content type, so any web page "
        "can send it a call as a simple cross-site POST (no preflight)")]
    assert _transport(tmp_path, "side-xmlrpc/keyed") == []


def test_a_run_time_transport_on_a_server_built_for_all_interfaces(tmp_path):
    src = _ROOT / "runtime-wide" / "open" / "server.py"
    [(path, line, conf, tool, msg)] = _transport(tmp_path, "runtime-wide/open")
    assert (path, line, conf, tool) == ("server.py", line_in(src, "mcp.run(transport=os.environ.get("), "medium",
                                        None)
    assert msg == (
        "mcp.run(transport=<chosen at run time>) serves MCP over HTTP when configured to, and no authentication is "
        "configured anywhere in the project (bound to all interfaces by default; mcp 1.5.0 is locked in uv.lock, "
        "and the mcp SDK's FastMCP binds to 0.0.0.0 by default before mcp 1.9.1); HTTP only when configured: the "
        "transport is chosen at run time; anyone who reaches it can call: monthly_cost")
    [(_, _, twin, _, _)] = _transport(tmp_path, "runtime-wide/pinned")
    assert twin == "low"


def test_the_run_of_the_other_branch_is_not_a_second_exposure(tmp_path):
    src = _ROOT / "runtime-wide" / "served" / "server.py"
    assert _transport(tmp_path, "runtime-wide/served") == [(
        "server.py", line_in(src, "uvicorn.run(mcp.sse_app()"), "medium", None,
        "uvicorn.run() serves MCP over HTTP and no authentication is configured anywhere in the project; anyone "
        "who reaches it can call: find_note")]
