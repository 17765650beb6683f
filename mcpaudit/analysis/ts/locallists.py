"""Lists of tool definitions kept inside a function.

``function createServer() { const toolMap = [{ name: "login", schema: S.Login, handler:
handlers.login }, ...]; for (const t of toolMap) server.tool(t.name, ..., async (a) =>
t.handler(a, ctx)) }``: the list is a local variable, so the linker could not see its elements
and the loop named no tool. A local list whose elements are all object literals holding
constants and references (no inline function, which only the enclosing function can analyse) is
kept as a module table under ``<function>.<name>``, as a module-level list would be; a loop over
it then registers one tool per element (:meth:`LoopTools.loop_tools`). So is a local list of
instances of classes (``[new SaveTool(this), ...]``, :mod:`.instancetools`).
"""

from __future__ import annotations

from . import nodes as N
from .instancetools import instance_list


def publish_local_list(fn, name: str, node) -> None:
    """Keep ``name = [ {...}, ... ]`` of a function as the module array ``<function>.<name>``."""
    if fn.node is None or node.type != "array":
        return
    elems = [N.unwrap(c) for c in node.named_children if c.type != "comment"]
    if not elems or any(e is None for e in elems):
        return
    if instance_list(fn, elems):  # [new SaveTool(this), ...] (instancetools.py)
        qual = f"{fn.qualname}.{name}"
        fn.mod.array(qual, node)
        fn.list_refs[name] = qual
        return
    if any(e.type != "object" for e in elems):
        return
    for e in elems:
        for v in N.object_props(fn.data, e).values():
            u = N.unwrap(v)
            if u is None or v.type == "method_definition" or N.is_function(u):
                return
    if not any("name" in N.object_props(fn.data, e) for e in elems):
        return  # not a list of definitions
    qual = f"{fn.qualname}.{name}"
    fn.mod.array(qual, node)
    fn.list_refs[name] = qual
