"""Lists of tool instances a loop registers that are not a variable of the function (issue 14).

:mod:`.locallists` keeps a function's ``const tools = [new SaveTool(this), ...]`` as a module
list, so ``for (const t of tools) server.tool(t.name, ..., (a) => t.execute(a))`` registers one
tool per element (:mod:`.instancetools`). Two more places hold such a list:

* a field of the class: ``this.tools = [new ArchiveTool(root), new DiskUsageTool(root)]`` in one
  method (the constructor) or ``tools = [new A(), new B()]`` as the field's initialiser, and
  ``this.tools.forEach((t) => ...)`` or ``for (const t of this.tools)`` in any method of the
  class (:func:`field_list`): kept as the module list ``<class>.this.<field>``;
* the loop's own inline array, ``for (const t of [new A(), new B()])`` or ``[new A(),
  new B()].forEach(...)`` (:func:`inline_list`): kept under the function and the array's place.

Only a list whose elements are all instances of project classes is kept (the same test as a
local list's, :func:`.instancetools.instance_list`); a field assigned a list more than once with
different contents keeps the first such list (each names the same kind of tool elements).
"""

from __future__ import annotations

from typing import Iterator, Optional

from . import nodes as N
from .instancetools import instance_list

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
        return field_list(fn, node)
    if node.type == "array":
        return inline_list(fn, node)
    return None


__all__ = ["field_list", "inline_list", "instance_list_ref"]
