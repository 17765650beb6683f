"""What a class's methods tell about its fields' types, besides the constructor (records.py): a
getter (``get query() { return this.queryService; }``, or ``get query(): QueryService``) is read
as a property whose type is what it returns, so ``services.query.run(x)`` calls
``QueryService.run``."""

from __future__ import annotations

from . import nodes as N
from .records import constructor_fields


def method_fields(mod, cname: str, m, mname: str) -> None:
    """Record on ``mod`` (a ``TsModule``) what method ``mname`` of class ``cname`` says about
    the class's fields: the constructor's assignments, a getter's type."""
    if mname == "constructor":
        constructor_fields(mod, cname, m)
        return
    if not any(c.type == "get" for c in m.children):
        return
    rt = m.child_by_field_name("return_type")
    tp = mod.top.resolve_type(N.type_name(mod.data, rt) or "") if rt is not None else None
    if not tp:
        tp = _returned_field_type(mod, cname, m)
    if tp:
        mod.field_types.setdefault((cname, mname), tp)


def _returned_field_type(mod, cname: str, m):
    """The type of ``this.<field>`` when the getter's body is ``return this.<field>``."""
    body = m.child_by_field_id(mod.F.body)
    stmts = [s for s in body.named_children if s.type != "comment"] if body is not None else []
    if len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_children:
        return None
    parts = N.member_parts(mod.data, N.unwrap(stmts[0].named_children[0]))
    if not parts or len(parts) != 2 or parts[0] != "this":
        return None
    return mod.field_type(cname, parts[1])


def field_call_target(fa, recv, method: str):
    """``obj.field.method()`` where ``obj`` is of a project class (``fa``: the interpreter): the
    method of the field's type, as a call target (a class of another module: the linker follows
    the field there), or None. Library methods (a string's, an array's) are left to the models."""
    M = fa.M
    if recv is None or recv.type != "member_expression" or method in M.model_methods or \
            method in M.keeps_everything_methods or method in M.callbacks:
        return None
    obj, prop = recv.child_by_field_id(fa.F.object), recv.child_by_field_id(fa.F.property)
    bt = (fa.type_of(obj) or "").replace("()", "") if obj is not None and prop is not None else ""
    if not bt:
        return None
    field = N.text(fa.data, prop)
    if "#" in bt:
        return f"{bt}.{field}.{method}"
    ft = fa.mod.field_type(bt, field) if bt in fa.mod.class_names else None
    return f"{ft.replace('()', '')}.{method}" if ft else None


def summary_types(mod):
    """The types a module summary keeps: its module-level names', and its classes' fields' as
    ``Class.field`` (a getter's too), which the linker follows through ``obj.field.method()``."""
    return {**mod.types, **{f"{c}.{f}": t for (c, f), t in mod.field_types.items() if not f.endswith("()")}}


__all__ = ["field_call_target", "method_fields", "summary_types"]
