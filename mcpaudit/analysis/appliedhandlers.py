"""Low-level handlers registered by calling a decorator and applying what it returns (issue 12).

``server.call_tool()(dispatch)`` is ``@server.call_tool()`` on ``dispatch`` written as two calls,
often on the low-level server a FastMCP object wraps (``mcp._mcp_server.list_tools()(fn)``): the
function is a handler of the decorator's kind, called as the decorated one is (``fn(name,
arguments)`` for ``call_tool``, not the constructor keyword's ``fn(ctx, params)``). The
vocabulary is the catalog's low-level decorators (``rules/models/python/mcp.yaml``); the
receiver is any object of a module that imports an MCP SDK, as for the decorator form.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from ..lazycst import cst

from .cstnodes import find_all, module_calls
from .prefixtools import drop_injected, injected, prefix_tools


def _applied(mod) -> List[Tuple[cst.Call, cst.BaseExpression, str]]:
    """``(call, fn, kind)`` of each ``<server>.<low-level decorator>(...)(fn)`` call of the module."""
    decorators = mod.M.surface.lowlevel_decorators
    if not mod.imports_mcp or not any(f".{d}(" in mod.text for d in decorators):
        return []
    out = []
    for call in module_calls(mod):
        inner = call.func
        if isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute) \
                and inner.func.attr.value in decorators and len(call.args) == 1 and call.args[0].keyword is None:
            out.append((call, call.args[0].value, decorators[inner.func.attr.value]))
    return out


def applied_handlers(mod) -> Dict[str, str]:
    """Function name -> handler kind for each ``<server>.<low-level decorator>(...)(fn)`` call of
    the module (``fn`` a name or ``self.fn``); a function imported from another module is
    recorded as a registration the linker resolves (``mod.added_tools``)."""
    out: Dict[str, str] = {}
    for call, target, kind in _applied(mod):
        target = target.attr if isinstance(target, cst.Attribute) else target
        if not isinstance(target, cst.Name):
            continue
        if target.value in mod.imports and kind in _SERVING:
            stmt = next((s for s in find_all(mod.module, cst.SimpleStatementLine)
                         if any(c is call for c in find_all(s, cst.Call))), None)
            if stmt is not None:  # call_tool(validate_input=False)(handle_tool_call) of .tools
                mod.added_tools.append((mod.imports[target.value], {"kind": kind}, mod.pos(stmt, call)))
            continue
        out[target.value] = kind
    return out


#: the handler kinds whose parameters the caller fills (the list_* ones list what these serve)
_SERVING = ("call_tool", "read_resource", "get_prompt")


def added_handler(linker, tool, meta: dict) -> None:
    """A tool the linker registered from another module's registration: the parameters a
    registering wrapper fills itself are taken off (prefixtools.py), and a low-level
    ``call_tool`` handler applied by call (``server.call_tool()(imported_fn)``) dispatches as one
    decorated in place does (dispatch.py)."""
    drop_injected(linker, tool, meta)
    if meta.get("kind") == "call_tool":
        linker.call_tool_fns.add((tool.location.path, tool.function))


__all__ = ["added_handler", "applied_handlers", "injected", "prefix_tools"]  # the last two for inter.py
