"""A server returned by a factory function of another module (issue 12, py49c).

    # servers/server.py
    def create_server() -> FastMCP:
        return FastMCP("analyzer")

    # servers/http_server.py
    from .server import create_server
    mcp = create_server()
    await mcp.run_http_async(host=host, port=port)

The serving call's receiver is an MCP server whose module imports no MCP package: it comes from a
project function of another module. The first pass types a function by its return annotation when
it names a modelled class (``importedreturns.py``); the server classes of the catalog's
``servers.classes`` are among those, so ``create_server`` is filed under its import's dotted name in
``return_types``, and a local bound to its call is a server of that framework here. One attribute
further: ``bundle = create_server(); bundle.server.run(...)`` where the factory is annotated to return
a project ``@dataclass`` whose field ``server`` is annotated ``FastMCP`` (:func:`bundled_server`).
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst


def returned_server(fa, name: str) -> Optional[str]:
    """The server framework of local ``name`` bound to a call of a function (of this module or
    imported from another one) annotated to return an MCP server class; else None."""
    made = getattr(fa, "local_values", {}).get(name)
    if made is None and name not in getattr(fa, "env", {}):  # mcp of the enclosing function (a typer command's closure)
        made = (getattr(fa, "outer_values", None) or {}).get(name)
    if not isinstance(made, cst.Call):
        return None
    fq = fa.mod.dotted(made.func) or ""
    cls = fa.mod.return_types.get(fq)
    return fa.M.surface.server_kind(cls) if cls else None


def bundled_server(fa, node) -> Optional[str]:
    """The server framework of ``bundle.server`` where local ``bundle`` is bound to a call of a
    function of another module annotated to return a project class (a ``@dataclass`` bundle)
    whose field ``server`` is annotated with an MCP server class (importedreturns.FIELDS)."""
    from .importedreturns import field_types

    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name)):
        return None
    made = getattr(fa, "local_values", {}).get(node.value.value)
    if isinstance(made, cst.Await):
        made = made.expression
    if not isinstance(made, cst.Call):
        return None
    cls = field_types(fa.mod, fa.mod.dotted(made.func) or "").get(node.attr.value)
    return fa.M.surface.server_kind(cls) if cls else None


__all__ = ("bundled_server", "returned_server")
