"""Project decorators that register the function they decorate by handing it to a server:

    def create_tool(name, label):               # a decorator factory: @create_tool("x", "X")
        def decorator(func):
            wrapped = with_errors(label)(func)
            mcp.local_provider.add_tool(wrapped)   # or mcp.add_tool(wrapped), mcp.tool(wrapped)
            return wrapped
        return decorator

    def tool(func):                             # a plain decorator: @tool
        mcp.add_tool(func)
        return func

where ``mcp`` is a server object of the module (or one of the server's provider attributes the
models name, ``registrations.provider-attributes``). Each function decorated so is a handler of
the registering method's kind. :func:`factory_decorators` finds such decorators; they join the
module's ``tool_decorators`` (decowrappers.py), which decide a decorated function in the same
module and confirm an imported one.
"""

from __future__ import annotations

from typing import Dict, Optional, Set, Tuple

from ..lazycst import cst

from .cstnodes import find_all
from .positions import flat_body


def factory_decorators(mod) -> Dict[str, Tuple[str, str]]:
    """Module-level functions that register their (inner decorator's) argument with a server
    object of the module: name -> (handler kind, framework)."""
    out: Dict[str, Tuple[str, str]] = {}
    for fn in flat_body(mod.module):
        if not isinstance(fn, cst.FunctionDef) or fn.decorators:
            continue
        got = _registering(mod, fn)
        if got is None:
            body = flat_body(fn.body)
            nested = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef)}
            returned = [s.value.value for s in body if isinstance(s, cst.Return) and isinstance(s.value, cst.Name)]
            inner = [nested[r] for r in returned if r in nested]
            got = _registering(mod, inner[0]) if inner and len(set(returned)) == 1 else None
        if got is not None:
            out[fn.name.value] = got
    return out


def _registering(mod, fn: cst.FunctionDef) -> Optional[Tuple[str, str]]:
    """(kind, framework) when ``fn``'s first parameter (or a value built from it) is handed to a
    registering method of a server object of the module; None otherwise."""
    if not fn.params.params:
        return None
    derived: Set[str] = {fn.params.params[0].name.value}
    for small in flat_body(fn.body):  # wrapped = wrap(label)(func): wrapped stands for func
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(
                small.targets[0].target, cst.Name) and _mentions(small.value, derived):
            derived.add(small.targets[0].target.value)
    surface = mod.M.surface
    for call in find_all(fn.body, cst.Call):
        func = call.func
        if not isinstance(func, cst.Attribute) or not call.args or call.args[0].keyword is not None:
            continue
        method = func.attr.value
        kind = "tool" if method in surface.add_methods else surface.fastmcp_decorators.get(method)
        if kind is None or not _mentions(call.args[0].value, derived, bare=True):
            continue
        framework = _server(mod, func.value)
        if framework and framework != "lowlevel":
            return (kind, framework)
    return None


def _server(mod, node) -> Optional[str]:
    """The framework of a server object of the module (``mcp``) or of one of its provider
    attributes (``mcp.local_provider``)."""
    if isinstance(node, cst.Attribute) and node.attr.value in mod.M.surface.provider_attributes:
        node = node.value
    return mod.instances.get(node.value) if isinstance(node, cst.Name) else None


def _mentions(node, names: Set[str], bare: bool = False) -> bool:
    """``node`` is one of ``names`` (``bare``), or contains one."""
    if isinstance(node, cst.Name):
        return node.value in names
    if bare:
        return False
    return any(n.value in names for n in find_all(node, cst.Name))


__all__ = ["factory_decorators"]
