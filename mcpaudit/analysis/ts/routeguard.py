"""Authentication judged per route: an express app may guard one MCP route (``app.post("/mcp",
oauthMiddleware, handler)``) and serve another transport on a route with none (``app.get("/sse",
handler)`` building an ``SSEServerTransport``, ``app.post("/messages", ...)``). Auth evidence
elsewhere in the project does not guard that route.

A transport built in the handler of a route (the last argument of ``<app>.<method>(path, ...,
handler)``, a method of ``http.routes.methods``) records its route and whether the route guards
it: a middleware between the path and the handler, or a guard of the handler's own that turns
the request away (routerauth.py). The rule http-transport-no-auth reports such a site, whatever
auth the project shows elsewhere, unless an app-wide ``.use(...)`` of the package mounts
authentication (:func:`mounted_auth`).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from . import nodes as N
from .routerauth import _AUTH, router_guards

#: ``app.use(requireAuth)``, ``router.use(passport.authenticate("bearer"))``: the call's text
_USE = re.compile(r"\.use\(([^;]{0,200}?)\)\s*;?\s*$", re.M)


def route_site(fa, node) -> dict:
    """``{"route": "GET /sse", "route_guarded": bool}`` for a transport ``node`` built directly in
    a route handler, else ``{}``."""
    fn = N.enclosing_function(node)
    call = fn.parent.parent if fn is not None and fn.parent is not None and fn.parent.type == "arguments" else None
    if call is None or call.type != "call_expression":
        return {}
    callee = call.child_by_field_name("function")
    prop = callee.child_by_field_name("property") if callee is not None and callee.type == "member_expression" else None
    args = N.args_of(call)
    method = N.text(fa.data, prop) if prop is not None else ""
    if method not in fa.M.surface.route_methods or len(args) < 2 or args[-1].id != fn.id:
        return {}
    path = fa.const_of(args[0])
    if path is None:
        return {}
    inner = any(fn.start_point[0] < line - 1 <= fn.end_point[0] for line, _ in router_guards(fa.data, fn))
    return {"route": f"{method.upper()} {path}", "route_guarded": len(args) > 2 or inner, "route_pos": fa.mod.src.pos(call)}


def mounted_auth(texts: Iterable[str]) -> Optional[str]:
    """The first app-wide ``.use(...)`` whose argument speaks of authentication, in the package's
    sources (``texts``)."""
    for text in texts:
        if ".use(" not in text:
            continue
        for m in _USE.finditer(text):
            if _AUTH.search(m.group(1)):
                return m.group(0).strip()
    return None


def open_route(site: dict) -> Optional[str]:
    """The route of a site built in a route handler that nothing on the route guards."""
    return site.get("route") if site.get("route") and not site.get("route_guarded") else None
