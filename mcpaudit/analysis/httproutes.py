"""HTTP routes a project adds beside its MCP endpoint (module analysis).

An MCP server served over HTTP often answers a few routes of its own next to the MCP endpoint:
OAuth discovery documents, a client-registration stub, a health check, a webhook - Starlette's
``Route("/path", endpoint, methods=[...])`` put in an app's routes, or
``app.add_route("/path", endpoint)``. Whatever such an endpoint returns goes to any client that
reaches the port, with no MCP session and often past the server's authentication (discovery
routes must be public). Each registration is recorded as ``(name, endpoint, pos)``, the name
being ``"POST /path"``; the linker (:mod:`.routelink`) checks the endpoint's responses for
configured secrets. The vocabulary is data (``http.routes`` in ``rules/models/python/mcp.yaml``).
"""

from __future__ import annotations

from typing import List, Optional

from ..lazycst import cst

from .cstnodes import string_value

KIND = "http_route"


def _methods(node) -> List[str]:
    if not isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return []
    out = [string_value(e.value) for e in node.elements if isinstance(e, cst.Element)]
    return [m.upper() for m in out if m]


def note_route(ip, call: cst.Call, fq: str, method: Optional[str], pos) -> bool:
    """``Route("/path", endpoint)`` / ``app.add_route("/path", endpoint)``: record the route and
    say it was one (``ip``: the function interpreter, whose surface helpers name the endpoint)."""
    surface = ip.M.surface
    if fq.replace("()", "") not in surface.route_classes and (method is None or method not in surface.route_methods):
        return False
    kw = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    path = kw.get("path", positional[0] if positional else None)
    endpoint = kw.get("endpoint", kw.get("route", positional[1] if len(positional) > 1 else None))
    where = string_value(path) if path is not None else None
    if endpoint is None or where is None:
        return False
    target = ip._added_target(endpoint)
    if not target:
        return False
    verbs = _methods(kw.get("methods")) or ["GET"]
    ip.mod.routes.append((f"{'/'.join(verbs)} {where}", target, pos))
    return True


def note_route_decorator(mod, call: cst.Call, qualname: str, pos) -> None:
    """``@mcp.custom_route("/path", methods=[...])`` on the function ``qualname``."""
    kw = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    path = kw.get("path", positional[0] if positional else None)
    where = string_value(path) if path is not None else None
    if where is not None:
        verbs = _methods(kw.get("methods", positional[1] if len(positional) > 1 else None)) or ["GET"]
        mod.routes.append((f"{'/'.join(verbs)} {where}", qualname, pos))


__all__ = ["KIND", "note_route", "note_route_decorator"]
