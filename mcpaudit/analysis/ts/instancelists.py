"""Lists of tool instances a loop registers that are not a variable of the function (issue 14).

:mod:`.locallists` keeps a function's ``const tools = [new SaveTool(this), ...]`` as a module
list, so ``for (const t of tools) server.tool(t.name, ..., (a) => t.execute(a))`` registers one
tool per element (:mod:`.instancetools`). Two more places hold such a list:

* a field of the class: ``this.tools = [new ArchiveTool(root), new DiskUsageTool(root)]`` in one
  method (the constructor) or ``tools = [new A(), new B()]`` as the field's initialiser, and
  ``this.tools.forEach((t) => ...)`` or ``for (const t of this.tools)`` in any method of the
  class (:func:`field_list`): kept as the module list ``<class>.this.<field>``;
* the loop's own inline array, ``for (const t of [new A(), new B()])`` or ``[new A(),
  new B()].forEach(...)`` (:func:`inline_list`): kept under the function and the array's place;
* a list of classes mapped to their instances, ``TOOL_CLASSES.map((C) => new C(token))`` or
  through a factory given the class, ``.map((ctor) => makeTool(ctor, token))``
  (:func:`constructed_list`): kept as a list of one element ``k:<list>``, "an instance of each
  class of ``<list>``", which the linker expands (:func:`constructed`) once the list's elements
  (spread from other modules) are known.

The list reaches the loop through a few more hands, each recorded where it happens: a class
field assigned a list in the method that loops over it (``this.tools = this.initTools(cfg);
this.tools.forEach(...)``, :func:`note_field`); a method or function returning a list variable
(``return made.filter(f)``: the list ``<function>()``, :func:`returned_list`), called as
``this.initTools(cfg)`` (:func:`method_list`); and a variable assigned different lists in the
branches of a mode switch (``if (apps) ctors = [...appTools]; else ctors = [...apiTools]``), which
holds either (:func:`either_list`).

Only a list whose elements are all instances of project classes is kept (the same test as a
local list's, :func:`.instancetools.instance_list`); a field assigned a list more than once with
different contents keeps the first such list (each names the same kind of tool elements).
"""

from __future__ import annotations

from typing import Iterator, List, Optional, Tuple

from . import nodes as N
from .instancetools import instance_list
from .setlists import branch_list

_CLASSES = ("class_declaration", "class", "abstract_class_declaration")


def _class_node(node):
    while node is not None and node.type not in _CLASSES:
        node = node.parent
    return node


def _assigned(data: bytes, cls, field: str) -> Iterator:
    """The values the class assigns to ``this.<field>`` (or initialises the field with)."""
    body = cls.child_by_field_name("body")
    stack = list(body.named_children) if body is not None else []
    while stack:
        n = stack.pop()
        if n.type in ("public_field_definition", "field_definition"):
            name = n.child_by_field_name("name") or n.child_by_field_name("property")
            value = n.child_by_field_name("value")
            if name is not None and value is not None and N.text(data, name).lstrip("#") == field:
                yield value
            continue
        if n.type in _CLASSES:
            continue  # a class declared inside: its own this
        if n.type == "assignment_expression":
            left = n.child_by_field_name("left")
            parts = N.member_parts(data, left) if left is not None and left.type == "member_expression" else None
            if parts and len(parts) == 2 and parts[0] == "this" and parts[1] == field:
                yield n.child_by_field_name("right")
        stack.extend(n.named_children)


def _instances(fn, node) -> bool:
    elems = [N.unwrap(c) for c in node.named_children if c.type != "comment"]
    return bool(elems) and all(e is not None for e in elems) and instance_list(fn, elems)


def field_list(fn, node) -> Optional[str]:
    """``this.tools`` in a method of a class that assigns it a list of instances: that list, kept
    as the module list ``<class>.this.tools`` (its name), else None."""
    if fn.cls is None or node.type != "member_expression":
        return None
    parts = N.member_parts(fn.data, node)
    if not parts or len(parts) != 2 or parts[0] != "this":
        return None
    qual = f"{fn.cls}.this.{parts[1]}"
    if qual in fn.mod.arrays:
        return qual
    cls = _class_node(node)
    if cls is None:
        return None
    for value in _assigned(fn.data, cls, parts[1]):
        u = N.unwrap(value)
        if u is not None and u.type == "array" and _instances(fn, u):
            fn.mod.array(qual, u)
            return qual
    return None


def inline_list(fn, node) -> Optional[str]:
    """``[new A(), new B()]`` a loop goes over: kept as the module list
    ``<function>@<offset>`` (its name), else None."""
    if node.type != "array" or not _instances(fn, node):
        return None
    qual = f"{fn.qualname}@{node.start_byte}"
    if qual not in fn.mod.arrays:
        fn.mod.array(qual, node)
    return qual


def instance_list_ref(fn, node) -> Optional[str]:
    """The module list a loop's receiver names when it is a class field's or an inline list of
    tool instances (above)."""
    if node.type == "member_expression":
        kept = fn.list_refs.get(N.text(fn.data, node))  # this.tools = <a list> (note_field)
        return kept or field_list(fn, node)
    if node.type == "array":
        return inline_list(fn, node)
    return None


def _maps_to_instance(fn, cb) -> bool:
    """``(C) => new C(...)`` or ``(C) => make(C, ...)`` with ``make`` a project function."""
    p = N.first_param_pattern(cb)
    if p is None or p.type != "identifier":
        return False
    name = N.text(fn.data, p)
    body = N.unwrap(cb.child_by_field_name("body"))
    if body is not None and body.type == "statement_block":
        stmts = [c for c in body.named_children if c.type != "comment"]
        body = N.unwrap(stmts[0].named_children[0]) if len(stmts) == 1 and stmts[0].type == "return_statement" \
            and stmts[0].named_children else None
    if body is None:
        return False
    if body.type == "new_expression":
        ctor = N.unwrap(body.child_by_field_name("constructor"))
        return ctor is not None and N.text(fn.data, ctor) == name
    if body.type != "call_expression":
        return False
    callee = N.unwrap(body.child_by_field_name("function"))
    d = fn.dotted(callee) if callee is not None and callee.type == "identifier" else None
    if not d or not ("#" in d or d in fn.mod.local_names):
        return False
    return any(N.unwrap(a) is not None and N.text(fn.data, N.unwrap(a)) == name for a in N.args_of(body))


def constructed_list(fn, node) -> Optional[str]:
    """``CLASSES.map((C) => makeTool(C, token))`` (above): kept as the module list
    ``<function>@<offset>`` holding ``k:<list>`` (its name), else None."""
    f = N.unwrap(node.child_by_field_name("function")) if node.type == "call_expression" else None
    if f is None or f.type != "member_expression" or N.text(fn.data, f.child_by_field_name("property")) != "map":
        return None
    args = N.args_of(node)
    cb = N.unwrap(args[0]) if len(args) == 1 else None
    if cb is None or not N.is_function(cb) or not _maps_to_instance(fn, cb):
        return None
    src = fn.table_ref(f.child_by_field_name("object"))
    if not src:
        return None
    qual = f"{fn.qualname}@{node.start_byte}"
    fn.mod.arrays[qual] = ["k:" + src]
    return qual


def either_list(fn, old: Optional[str], ref: str, node) -> str:
    """The list a variable holds after it is assigned ``ref`` where it held ``old`` (another
    list, assigned in another branch): both, as the module list ``<function>@<offset>+``."""
    qual = f"{fn.qualname}@{node.start_byte}+"
    if not old or old in (ref, qual) or f"r:{old}[*]" in fn.mod.arrays.get(ref, ()):
        return ref  # (tools = [...tools, ...extra]: the new list holds the old one already)
    fn.mod.arrays[qual] = ["r:" + old + "[*]", "r:" + ref + "[*]"]
    return qual


def note_field(fn, d: str, value_node) -> None:
    """``this.tools = <a list>`` in a method: the loop of the same method over ``this.tools``
    goes over that list."""
    u = N.unwrap(value_node) if value_node is not None else None
    if u is None or not d.startswith("this.") or d.count(".") != 1:
        return
    if u.type == "await_expression" and u.named_children:
        u = N.unwrap(u.named_children[0])
    ref = fn.list_source(u) if u is not None else None
    if ref:
        fn.list_refs[d] = ref
    else:
        fn.list_refs.pop(d, None)


def method_list(fn, node) -> Optional[str]:
    """``this.initTools(cfg)`` of a method of a class that declares ``initTools``: the list it
    returns, ``<class>.initTools()`` (:func:`returned_list`), else None."""
    f = N.unwrap(node.child_by_field_name("function")) if node.type == "call_expression" else None
    parts = N.member_parts(fn.data, f) if f is not None and f.type == "member_expression" else None
    if fn.cls is None or not parts or len(parts) != 2 or parts[0] != "this":
        return None
    cls = _class_node(node)
    body = cls.child_by_field_name("body") if cls is not None else None
    for m in body.named_children if body is not None else ():
        name = m.child_by_field_name("name") if m.type == "method_definition" else None
        if name is not None and N.text(fn.data, name) == parts[1]:
            return f"{fn.cls}.{parts[1]}()"
    return None


def returned_list(mod, fa, node, qual: str) -> None:
    """A function (or method) whose last ``return`` is a list variable, or a selection of one
    (``return tools.filter(f)``): that list kept as ``<qual>()``."""
    body = N.unwrap(node.child_by_field_name("body"))
    if body is None or body.type != "statement_block" or f"{qual}()" in mod.arrays:
        return
    if (copied := branch_list(fa, body)) and f"{qual}()" not in mod.tables:
        mod.arrays[f"{qual}()"] = ["r:" + copied + "[*]"]  # return new Set(tools), in a branch: setlists.py
        return
    rets = [st for st in body.named_children if st.type == "return_statement" and st.named_children]
    ref = _selected(fa, rets[-1].named_children[0]) if rets else None
    if ref and f"{qual}()" not in mod.tables:
        mod.arrays[f"{qual}()"] = ["r:" + ref + "[*]"]


def _selected(fa, node, depth: int = 0) -> Optional[str]:
    """The list an expression is, or a selection of: a list variable, a module-level array
    (``toolDefinitions``), ``x.filter(f)`` / ``x.slice()`` of one, or ``cond ? a : b`` whose
    arms are the same list (``readOnly ? defs.filter(isRead) : defs``)."""
    u = N.unwrap(node)
    if u is None or depth > 4:
        return None
    if u.type == "ternary_expression":
        arms = {_selected(fa, u.child_by_field_name(k), depth + 1) for k in ("consequence", "alternative")}
        return arms.pop() if len(arms) == 1 else None
    if u.type == "call_expression":
        f = N.unwrap(u.child_by_field_name("function"))
        prop = f.child_by_field_name("property") if f is not None and f.type == "member_expression" else None
        u = N.unwrap(f.child_by_field_name("object")) if prop is not None and N.text(fa.data, prop) in (
            "filter", "slice") else None
    if u is None or u.type != "identifier":
        return None
    name = N.text(fa.data, u)
    if name in fa.list_refs:
        return fa.list_refs[name]
    return name if name in fa.mod.arrays and name not in fa.locals else None


def constructed(lk, path: str, src: str) -> List[Tuple[str, str]]:
    """The linker's elements of ``k:<src>``: ``n:<class>`` for each element of the list ``src``
    that names a project class."""
    hit = lk.list_lookup(path, src)
    if hit is None or not hit[1].startswith("a:"):
        return []
    out: List[Tuple[str, str]] = []
    for epath, ev in lk._array(hit[0], hit[1][2:])[:64]:
        w = lk._where(epath, ev[2:]) if ev.startswith("r:") else None
        if w is not None and w[0] in lk.modules and w[1] in lk.modules[w[0]].classes:
            out.append((epath, "n:" + ev[2:]))
    return out


__all__ = ["constructed", "constructed_list", "either_list", "field_list", "inline_list", "instance_list_ref",
           "method_list", "note_field", "returned_list"]
