"""A tool wrapper injected at run time: ``mcp.tool()(handle_error(execute_query))``.

A tools module may receive its dependencies from the server module when it is registered::

    mcp = None
    handle_error = None                      # set by register_execution_tools()

    def register_execution_tools(mcp_server, error_handler, ...):
        global mcp, handle_error
        mcp = mcp_server
        handle_error = error_handler
        mcp.tool()(handle_error(execute_query))

``handle_error`` is a module-level placeholder (``None`` at import) that a function of the module
rebinds through ``global``: the module cannot say what it is. Wrapped around a function and the
result registered as a tool, it is a decorator: the SDK reads the tool's parameters from the
registered callable's signature, so a wrapper that serves as a tool exposes the wrapped function's
(``functools.wraps``). Such a call is taken as a pass-through wrapper of the function it is given
(:func:`runtime_wrapper`), as a pass-through decorator factory of the module is (regsites.py).
"""

from __future__ import annotations

from typing import Set

from ..lazycst import cst

from .positions import flat_body


def _placeholders(mod) -> Set[str]:
    """Module-level names assigned ``None`` at module level and rebound by a function of the
    module through a ``global`` statement."""
    out = mod.__dict__.get("_injected_placeholders")
    if out is not None:
        return out
    nones: Set[str] = set()
    rebound: Set[str] = set()
    for stmt in flat_body(mod.module):
        if isinstance(stmt, cst.Assign) and isinstance(stmt.value, cst.Name) and stmt.value.value == "None":
            nones.update(t.target.value for t in stmt.targets if isinstance(t.target, cst.Name))
        elif isinstance(stmt, cst.AnnAssign) and isinstance(stmt.target, cst.Name) and \
                isinstance(stmt.value, cst.Name) and stmt.value.value == "None":
            nones.add(stmt.target.value)
        elif isinstance(stmt, cst.FunctionDef):
            for node in flat_body(stmt.body):
                if isinstance(node, cst.Global):
                    rebound.update(n.name.value for n in node.names)
    out = mod.__dict__["_injected_placeholders"] = nones & rebound
    return out


def runtime_wrapper(fa, name: str) -> bool:
    """``name(fn)`` in a registration is a wrapper injected at run time (see the module)."""
    mod = fa.mod
    return name not in mod.imports and name not in mod.functions \
        and name in _placeholders(mod)


__all__ = ["runtime_wrapper"]
