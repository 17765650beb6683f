"""A web app built beside an MCP server object that it never serves.

A module may build a ``FastAPI()`` (or ``Starlette()``) REST backend and, beside it, a
``FastMCP(...)`` object that the app never mounts: no ``mcp.sse_app()`` /
``streamable_http_app()`` / ``http_app()`` anywhere in the module, no call that hands the server
object (or anything named after MCP) to the app, the server never named in the app's constructor.
The MCP server, if it is served at all, is served elsewhere (another module's ``run()`` on stdio);
the app serves its own routes. Its construction, and the ``uvicorn.run(app, ...)`` that starts it,
are then another app's serving sites (``Project.other_apps``), like an app of a module that does not
use the MCP SDK: the transport posture does not credit MCP with HTTP for them, and a bind to every
interface is still reported as the project's own web server (inventory.py).
"""

from __future__ import annotations

import ast
from typing import Dict, Set

from ..catalog import catalog
from .posture.pyindex import index_python, last
from .posture.transports import _assigned_name
from .posture.unattached import _names

_APP_CLASSES = ("FastAPI", "Starlette")
_APP_PACKAGES = ("fastapi", "starlette")
#: calls that make an MCP transport's ASGI app or endpoint: a module calling one serves MCP over HTTP
_TRANSPORTS = frozenset({"SseServerTransport", "StreamableHTTPSessionManager", "StreamableHTTPServerTransport",
                         "EventSourceResponse"})


def detached_lines(path: str, text: str, tree=None) -> Set[int]:
    """The lines of the module's web app constructions, and of the web server calls starting
    them, whose app never serves the MCP server object the module builds (empty when there is
    none or when every app may serve it); ``tree``: the first pass's ``ast`` of it, when it has one."""
    if "FastAPI" not in text and "Starlette" not in text:
        return set()
    surface = catalog().python.surface
    py = index_python(path, text, tree)
    servers = {_assigned_name(py, c) for c, name in py.calls if name and surface.server_kind(name)} - {""}
    apps: Dict[str, ast.Call] = {}
    for call, name in py.calls:
        if last(name) in _APP_CLASSES and name.split(".")[0] in _APP_PACKAGES and _assigned_name(py, call):
            apps[_assigned_name(py, call)] = call
    if not servers or not apps:
        return set()
    if any(last(name) in surface.app_methods or last(name) in _TRANSPORTS for _c, name in py.calls):
        return set()  # the module makes an MCP transport's app: it serves MCP over HTTP
    served = set()
    for call, name in py.calls:
        said = _names(call)
        for app in apps:
            if app in said and call is not apps[app] and (said & servers or "mcp" in name.lower() or any(
                    "mcp" in n.lower() for n in said)):
                served.add(app)  # app.mount("/", mcp_app), FastApiMCP(app), attach(app, server)
    served.update(app for app, call in apps.items() if _names(call) & servers)  # FastAPI(lifespan=mcp...)
    detached = {app for app in apps if app not in served}
    lines = {apps[app].lineno for app in detached}
    for call, name in py.calls:
        if name in surface.http_servers and _names(call) & set(apps) and not _names(call) & (set(apps) - detached):
            lines.add(call.lineno)  # uvicorn.run(app, host=...): the detached app's server
    return lines


__all__ = ["detached_lines"]
