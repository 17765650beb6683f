"""Low-level handlers registered by calling a decorator and applying what it returns (issue 12).

``server.call_tool()(dispatch)`` is ``@server.call_tool()`` on ``dispatch`` written as two calls,
often on the low-level server a FastMCP object wraps (``mcp._mcp_server.list_tools()(fn)``): the
function is a handler of the decorator's kind, called as the decorated one is (``fn(name,
arguments)`` for ``call_tool``, not the constructor keyword's ``fn(ctx, params)``). The
vocabulary is the catalog's low-level decorators (``rules/models/python/mcp.yaml``); the
receiver is any object of a module that imports an MCP SDK, as for the decorator form.
"""

from __future__ import annotations

from typing import Dict

import libcst as cst

from .cstnodes import module_calls


def applied_handlers(mod) -> Dict[str, str]:
    """Function name -> handler kind for each ``<server>.<low-level decorator>(...)(fn)`` call of
    the module (``fn`` a name or ``self.fn``)."""
    decorators = mod.M.surface.lowlevel_decorators
    if not mod.imports_mcp or not any(f".{d}(" in mod.text for d in decorators):
        return {}
    out: Dict[str, str] = {}
    for call in module_calls(mod):
        inner = call.func
        if not (isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute)
                and inner.func.attr.value in decorators and len(call.args) == 1 and call.args[0].keyword is None):
            continue
        target = call.args[0].value
        target = target.attr if isinstance(target, cst.Attribute) else target
        if isinstance(target, cst.Name):
            out[target.value] = decorators[inner.func.attr.value]
    return out


__all__ = ["applied_handlers"]
