"""Tool definitions returned by a class method, with handlers bound to the class's methods.

    export class MediaTools {
      public getTools() {
        return [{ name: "wp_upload_media", description, inputSchema,
                  handler: this.handleUploadMedia.bind(this) }, ...];
      }
      public async handleUploadMedia(client, params) { ... }
    }

and, in a registry, ``Object.values(Tools).forEach((C) => new C().getTools().forEach((t) =>
this.registerTool(t)))`` where ``registerTool(tool)`` registers ``tool.name`` with an inline
handler running ``tool.handler(client, args)``.

A module-level function returning such a list is kept as the list ``<function>()``
(:mod:`.toolarrays`), whose objects are the project's tool definitions (the linker's
``_definitions``, used when a registration names its tool by a property it cannot follow). A
method's list was not kept at all. Here (:func:`method_list`) the array literal a class method
returns is kept as the list ``<Class>.<method>()``, its inline functions analysed as methods of
the class (they see ``this``), and a value ``this.m.bind(this)`` (or ``this.m``) is the class's
method ``m`` (``r:<Class>.m``), which the linker resolves like any method.

The registry hands the definition's handler the caller's arguments at a place of its own:
``tool.handler(client, args)``, the client first. :func:`handler_positions` records, for each
module, the argument positions at which a call ``<x>.<handler key>(...)`` passes the enclosing
function's first parameter (the registered handler's arguments), ``0`` included, when ``x`` is
a definition (the module reads ``x.name`` too: ``db.run(sql, params)`` runs none); the linker
reads the definitions' input at that position when the project agrees on one.
"""

from __future__ import annotations

import re
from typing import List

from . import nodes as N
from .toolarrays import returned_array

#: a definition's handler property, called by a registry (as the linker's handler keys)
_CALLED = ("handler", "execute", "run", "handle", "invoke", "callback")
_CALL = re.compile(rb"\.(?:handler|execute|run|handle|invoke|callback)\(")


def method_list(mod, fa, node, qual: str, cls) -> None:
    """``<cls>.<method>() { return [{ name, handler }, ...] }``: keep the list ``<qual>()``
    (``mod``: the TsModule, ``fa``: the method's interpreter after its run)."""
    if cls is None or node is None or node.type != "method_definition":
        return
    arr = returned_array(node.child_by_field_name("body"))
    if arr is None:
        return
    start = len(mod._pending)
    name = f"{qual}()"
    mod.array(name, arr)
    mod._pending[start:] = [(n, q, cls) for n, q, _c in mod._pending[start:]]  # inline handlers see `this`
    for n, _q, _c in mod._pending[start:]:
        mod.outers[(n.start_byte, n.end_byte)] = fa
    for tname, table in mod.tables.items():
        if tname.startswith(name):
            for k, v in table.items():
                if v.startswith("r:this.") and "." not in v[7:]:
                    table[k] = f"r:{cls}.{v[7:]}"  # this.handleX.bind(this): the method of the class


def bound_method(mod, call) -> str:
    """``x.m.bind(...)``: the dotted name of ``x.m`` ("" when the call binds nothing)."""
    fn = N.unwrap(call.child_by_field_name("function"))
    if fn is None or fn.type != "member_expression":
        return ""
    prop = fn.child_by_field_name("property")
    if prop is None or N.text(mod.data, prop) != "bind":
        return ""
    obj = N.unwrap(fn.child_by_field_name("object"))
    return (mod.top.dotted(obj) or "") if obj is not None and obj.type == "member_expression" else ""


def handler_positions(data: bytes, root) -> List[int]:
    """The argument positions at which a call ``<x>.handler(...)`` of this module passes the
    first parameter of the function it is written in, where ``x`` is a definition (``x.name``
    read in the module too)."""
    out: set = set()
    if not _CALL.search(data):
        return []
    for call in _calls(root):
        fn = call.child_by_field_name("function")
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        if prop is None or N.text(data, prop) not in _CALLED or not _is_definition(data, fn):
            continue
        first = _first_param(data, call)
        args = [N.unwrap(a) for a in N.args_of(call)]
        for i, a in enumerate(args):
            if first and a is not None and a.type == "identifier" and N.text(data, a) == first:
                out.add(i)
    return sorted(out)


def _is_definition(data: bytes, fn) -> bool:
    """``x.handler``'s ``x`` is a tool definition: the module reads ``x.name`` too."""
    obj = N.unwrap(fn.child_by_field_name("object"))
    if obj is None or obj.type not in ("identifier", "member_expression"):
        return False
    name = re.escape(data[obj.start_byte:obj.end_byte])
    return re.search(rb"(?<![\w$.])" + name + rb"\s*\.\s*name\b", data) is not None


def _calls(root):
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            yield n
        stack.extend(n.named_children)


def _first_param(data: bytes, node) -> str:
    """The name of the first parameter of the nearest function around ``node``."""
    p = node.parent
    while p is not None and p.type not in N.FUNCTIONS and p.type != "method_definition":
        p = p.parent
    if p is None:
        return ""
    pat = N.first_param_pattern(p)
    return N.text(data, pat) if pat is not None and pat.type == "identifier" else ""


__all__ = ["bound_method", "handler_positions", "method_list"]
