"""An MCP server's app method fetched by name: ``getattr(server, "streamable_http_app")`` (issue 12).

A constant attribute name given to ``getattr`` is that attribute: ``factory = getattr(server,
"streamable_http_app"); app = factory()`` builds the same ASGI app as ``server.streamable_http_app()``
(code written for several framework versions picks the factory so, behind ``hasattr`` tests). It is
recorded as that app method's serving site (``surface._note_surface``), and a module holding such a
site serves the MCP server's app (``engines/cst``: the ASGI server that serves ``app`` there is
the MCP server's, not another web app's). A ``getattr`` inside an ``if``/``while`` test
(``callable(getattr(server, "sse_app"))``) only asks whether it is there: not a use.
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..lazycst import cst

from .cstnodes import string_value


def getattr_method(call: cst.Call) -> Optional[Tuple[cst.BaseExpression, str]]:
    """``(receiver, name)`` of ``getattr(receiver, "name"[, default])``, else None."""
    func = call.func
    if not (isinstance(func, cst.Name) and func.value == "getattr") or len(call.args) not in (2, 3):
        return None
    if any(a.keyword is not None or a.star for a in call.args[:2]):
        return None
    name = string_value(call.args[1].value)
    return (call.args[0].value, name) if name else None


def note_getattr_app(an, call: cst.Call) -> bool:
    """Record ``getattr(server, "<app method>")`` as that app method's serving site (the caller,
    ``surface._note_surface``, gives it its scope); True when it is one."""
    hit = getattr_method(call)
    if hit is None or "getattr" in an.mod.imports or "getattr" in an.mod.functions:
        return False
    recv, method = hit
    if method not in an.M.surface.app_methods or isinstance(an.stmt, (cst.If, cst.While)):
        return False
    before = len(an.mod.http)
    an._note_surface(call, f"{an.mod.dotted(recv) or ''}.{method}", method, recv)
    for site in an.mod.http[before:]:
        site["detail"] = f"getattr({an.mod.dotted(recv)}, {method!r})()"
    return True


def serves_mcp_app(summary) -> bool:
    """The module builds an MCP server's ASGI app (an app method's serving site, through
    ``getattr`` or called directly) though it imports no MCP package itself (the server object
    is the project's, imported): the app it hands to ``uvicorn.run`` is that server's."""
    from ..catalog import catalog

    kinds = catalog().python.surface.app_methods
    return any(h.get("kind") in kinds for h in summary.http)
