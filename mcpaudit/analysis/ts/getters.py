"""A class's ``get x()`` accessor that hands out a field: ``this.x`` is that field (issue 14, ts52b).

``abstract class BaseMcp { refClient: { ref: HASSClient, ... }; get client() { return
this.refClient.ref; } }`` and, in another module, ``class AutomationMcp extends BaseMcp`` whose
tools call ``this.client!.deleteAutomationREST(id)``. A plain field ``client: HASSClient`` is
followed to the project class it holds; an accessor was not, so the call landed nowhere.

:func:`getter_type` gives the accessor the type of what its single ``return`` reads: ``this.a``
(the field's declared type, or the type the class records for it) or ``this.a.b`` (the property
``b`` of ``a``'s inline object type, ``{ ref: HASSClient }``). The type is kept as the field's
(``field_types``), and for a project class also as the class's field record
(``records.FIELD``) so a subclass in another module resolves ``this.client.m()`` when linking.
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N

_FIELDS = ("public_field_definition", "field_definition")


def _returned_member(mod, m) -> Optional[list]:
    """``["a", "b"]`` for a body that is ``return this.a.b;`` (else None)."""
    body = m.child_by_field_id(mod.F.body)
    stmts = [s for s in (body.named_children if body is not None else ()) if s.type != "comment"]
    if len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_children:
        return None
    parts = N.member_parts(mod.data, N.unwrap(stmts[0].named_children[0]))
    return parts[1:] if parts and len(parts) in (2, 3) and parts[0] == "this" else None


def _field_annotation(mod, class_body, name: str):
    for c in class_body.named_children:
        if c.type in _FIELDS:
            fn = c.child_by_field_id(mod.F.name) or c.child_by_field_id(mod.F.property)
            if fn is not None and N.text(mod.data, fn).lstrip("#") == name:
                return c.child_by_field_id(mod.F.type)
    return None


def _property_type(mod, ann, prop: str) -> Optional[str]:
    """The type name of property ``prop`` of an inline object type annotation."""
    obj = next((c for c in ann.named_children if c.type == "object_type"), None) if ann is not None else None
    for sig in obj.named_children if obj is not None else ():
        key = sig.child_by_field_id(mod.F.name) if sig.type == "property_signature" else None
        if key is not None and N.text(mod.data, key) == prop:
            t = sig.child_by_field_id(mod.F.type)
            return N.type_name(mod.data, t) if t is not None else None
    return None


def getter_type(mod, cname: str, m, mname: str) -> None:
    """Record the type a ``get <mname>()`` accessor of class ``cname`` hands out (see the module
    docstring)."""
    if not any(ch.type == "get" for ch in m.children) or m.child_by_field_name("return_type") is not None:
        return
    parts = _returned_member(mod, m)
    if not parts or m.parent is None:
        return
    ann = _field_annotation(mod, m.parent, parts[0])
    if len(parts) == 1:
        name = N.type_name(mod.data, ann) if ann is not None else None
        tp = mod.top.resolve_type(name or "") if name else mod.field_types.get((cname, parts[0]))
    else:
        name = _property_type(mod, ann, parts[1])
        tp = mod.top.resolve_type(name) if name else None
    if not tp:
        return
    from .records import FIELD

    mod.field_types.setdefault((cname, mname), tp)
    if "#" in tp:  # a project class: kept for a subclass of another module (link.py)
        mod.types.setdefault(f"{cname}.{mname}{FIELD}", tp)


__all__ = ["getter_type"]
