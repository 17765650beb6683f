"""Project functions that are tool decorators: ``def tool(func): return MCP_SERVER.tool(func)``
(and ``def resource(uri): return MCP_SERVER.resource(uri)``, a decorator factory), where
``MCP_SERVER`` is a server object of the module. A function decorated with a bare ``@tool`` (or
``@resource("uri")``) of such a wrapper -- in the same module, or imported from it -- is a
handler of the wrapped decorator's kind.

Module side: :func:`tool_decorators` finds the wrappers a module defines;
:func:`imported_decorators` lists the imported bare-name decorators of a function, which the
linker confirms (:func:`confirm`) when one resolves to a wrapper of another module.
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from ..lazycst import cst

from .factorydecos import factory_decorators
from .fastapimcp import FRAMEWORK, app_served
from .dictregistry import FRAMEWORK as REGISTRY, admitted_registry
from .positions import flat_body
from .registrars import confirmed


def tool_decorators(mod) -> Dict[str, Tuple[str, str]]:
    """Module-level functions of one parameter whose body returns ``server.<decorator>(param)``
    on a server object of the module: name -> (handler kind, framework)."""
    out: Dict[str, Tuple[str, str]] = {}
    surface = mod.M.surface
    for fn in flat_body(mod.module):
        if not isinstance(fn, cst.FunctionDef) or len(fn.params.params) != 1 or fn.decorators:
            continue
        p = fn.params.params[0].name.value
        body = [s for s in flat_body(fn.body)
                if not (isinstance(s, cst.Expr) and isinstance(s.value, (cst.SimpleString, cst.ConcatenatedString)))]
        if len(body) != 1 or not isinstance(body[0], cst.Return):
            continue
        call = body[0].value
        if not (isinstance(call, cst.Call) and len(call.args) == 1 and call.args[0].keyword is None
                and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == p
                and isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name)):
            continue
        method, owner = call.func.attr.value, call.func.value.value
        framework = mod.instances.get(owner)
        if method in surface.fastmcp_decorators and framework and framework != "lowlevel":
            out[fn.name.value] = (surface.fastmcp_decorators[method], framework)
    if mod.instances:  # decorators that register their argument with add_tool (factorydecos.py)
        for name, got in factory_decorators(mod).items():
            out.setdefault(name, got)
    return out


def imported_decorators(mod, fn: cst.FunctionDef) -> Tuple[str, ...]:
    """The import targets of ``fn``'s bare-name decorators (``@tool``, ``@resource("uri")``)
    that name an imported function: each may be a wrapper of another module."""
    out = []
    for deco in fn.decorators:
        expr = deco.decorator
        func = expr.func if isinstance(expr, cst.Call) else expr
        if isinstance(func, cst.Name) and func.value in mod.imports:
            out.append(mod.imports[func.value])
    return tuple(out)


def local_decorator(mod, fn: cst.FunctionDef) -> Optional[Tuple[cst.Decorator, str, str]]:
    """``fn``'s decorator that is a wrapper of this module, with its kind and framework."""
    wrappers = mod.__dict__.get("_tool_decorators")
    if wrappers is None:
        wrappers = mod.__dict__["_tool_decorators"] = tool_decorators(mod)
    if not wrappers:
        return None
    for deco in fn.decorators:
        expr = deco.decorator
        func = expr.func if isinstance(expr, cst.Call) else expr
        if isinstance(func, cst.Name) and func.value in wrappers and func.value not in mod.imports:
            return (deco, *wrappers[func.value])
    return None


def confirm(linker, path: str, h) -> Optional[Tuple[str, str]]:
    """(kind, framework) of the wrapper one of handler record ``h``'s imported decorators
    resolves to, or None."""
    for target in getattr(h, "via_decorator", ()) or ():
        hit = linker.resolve(path, None, target)
        if hit is None:
            continue
        tpath, fn = hit[0], hit[1]
        got = getattr(linker.modules[tpath], "tool_decorators", {}).get(fn.qualname)
        if got is not None:
            return got
    return None


def admitted(linker, registering, path: str, mod, h) -> bool:
    """Whether handler record ``h`` of module ``path`` registers a handler: one of its imported
    decorators is a wrapper (its kind and framework are then the wrapper's), or its owner is a
    server object (known, in a module using an MCP SDK, or a parameter handed one: registrars.py)."""
    if h.framework == FRAMEWORK:  # a FastAPI route: a tool when its app is served by FastApiMCP
        return app_served(linker, path, h)
    if h.framework == REGISTRY:  # @registry.register("name", ...) filing into a dict (dictregistry.py)
        return admitted_registry(linker, path, h)
    if getattr(h, "via_decorator", ()):
        wrapped = confirm(linker, path, h)
        if wrapped is not None:
            h.kind, h.framework = wrapped
        return wrapped is not None
    return h.owner_known or mod.imports_mcp or confirmed(linker, registering, path, h)


__all__ = ["admitted", "confirm", "imported_decorators", "local_decorator", "tool_decorators"]
