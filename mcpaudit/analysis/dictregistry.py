"""Tools a project decorator files in a dict that the low-level ``call_tool`` dispatches (issue 12).

    class ToolRegistry:
        def __init__(self): self._tools = {}
        def register(self, name, description, schema):          # a decorator factory method
            def decorator(func):
                self._tools[name] = {"handler": func, "tool": Tool(name=name, ...)}   # or = func
                return func
            return decorator
        async def dispatch(self, name, arguments):
            return await self._tools[name]["handler"](arguments)
    registry = ToolRegistry()

    @registry.register("start_process", "Start a program", {...})    # tools/process.py
    async def start_process(arguments): ...

    @app.call_tool()
    async def call_tool(name, arguments): return await registry.dispatch(name, arguments)

Module side: :func:`registering_methods` names the methods of the module's classes that are such
factories (an inner function whose parameter is stored, alone or as a value of a dict literal,
under ``self.<attr>[<a parameter of the factory>]``), and :func:`candidate` records a function
decorated ``@<object>.<method>("literal", ...)`` as a tool handler of framework :data:`FRAMEWORK`
named by the literal, not yet admitted. The linker admits it (:func:`admitted_registry`) when the
decorator resolves to a registering method of a project class and the project has a low-level
``call_tool`` handler: the function is then a tool whose parameter is the arguments dict.
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..lazycst import cst

from .cstnodes import find_all, string_value
from .positions import flat_body
from .summary import HandlerRec

FRAMEWORK = "project-registry"


def _stores_param(inner: cst.FunctionDef, keys) -> bool:
    """``self.<attr>[<key>] = <param>`` (or a dict literal holding it) in ``inner``'s body."""
    params = [p.name.value for p in inner.params.params]
    if len(params) != 1:
        return False
    for node in find_all(inner.body, cst.Assign):
        t = node.targets[0].target if len(node.targets) == 1 else None
        if not (isinstance(t, cst.Subscript) and isinstance(t.value, cst.Attribute)
                and isinstance(t.value.value, cst.Name) and t.value.value.value == "self" and len(t.slice) == 1
                and isinstance(t.slice[0].slice, cst.Index) and isinstance(t.slice[0].slice.value, cst.Name)
                and t.slice[0].slice.value.value in keys):
            continue
        v = node.value
        values = [e.value for e in v.elements if isinstance(e, cst.DictElement)] if isinstance(v, cst.Dict) else [v]
        if any(isinstance(x, cst.Name) and x.value == params[0] for x in values):
            return True
    return False


def registering_methods(mod) -> Tuple[str, ...]:
    """``Class.method`` of each decorator factory method of the module's classes that files the
    decorated function in a dict attribute of the object under one of its own parameters."""
    if "def decorator" not in mod.text and "self._" not in mod.text and "[name]" not in mod.text:
        return ()
    out = []
    for cls in (s for s in flat_body(mod.module) if isinstance(s, cst.ClassDef)):
        for fn in (s for s in flat_body(cls.body) if isinstance(s, cst.FunctionDef)):
            keys = {p.name.value for p in fn.params.params[1:]}
            inners = [s for s in flat_body(fn.body) if isinstance(s, cst.FunctionDef)]
            if keys and any(_stores_param(inner, keys) for inner in inners):
                out.append(f"{cls.name.value}.{fn.name.value}")
    return tuple(out)


def candidate(mod, fn, qualname: str, stmt) -> Optional[HandlerRec]:
    """``@<object>.<method>("name", ...)`` on ``fn``: a tool handler record the linker admits only
    if the method is a registering one (owner: the decorator's dotted target)."""
    for deco in fn.decorators:
        call = deco.decorator
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
                and isinstance(call.func.value, cst.Name) and call.args and call.args[0].keyword is None):
            continue
        name = string_value(call.args[0].value)
        owner = mod.dotted(call.func.value)
        if name and owner and name.replace("_", "").replace("-", "").replace(".", "").isalnum():
            return HandlerRec(function=qualname, kind="tool", framework=FRAMEWORK,
                              owner=f"{owner}.{call.func.attr.value}", owner_known=False, name=name,
                              description=None, description_pos=None, uri=None, annotations={}, pos=mod.pos(stmt))
    return None


def admitted_registry(linker, path: str, h) -> bool:
    """Whether the decorator of candidate ``h`` resolves to a registering method of a project
    class, in a project with a low-level ``call_tool`` handler."""
    lowlevel = linker.__dict__.get("_registry_call_tool")
    if lowlevel is None:  # (once per project, not once per candidate: every @obj.method("word") is one)
        lowlevel = linker.__dict__["_registry_call_tool"] = any(
            x.kind == "call_tool" for m in linker.modules.values() for x in m.handlers)
    if not lowlevel:
        return False
    hit = linker.resolve(path, None, h.owner) or linker.resolve(path, None, h.owner.replace("()", ""))
    if hit is None or hit[1].cls is None:
        return False
    tpath, fn = hit[0], hit[1]
    return f"{fn.cls}.{fn.name}" in getattr(linker.modules[tpath], "registering_methods", ())


__all__ = ["FRAMEWORK", "admitted_registry", "candidate", "registering_methods"]
