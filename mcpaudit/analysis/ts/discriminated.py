"""TypeScript side of results discriminated by a flag (see :mod:`mcpaudit.analysis.discriminants`):
the constant properties of the object literals a function returns (``return { isError: true,
... }``, or a variable last assigned such a literal), and the narrowing of a call's result on a
branch that tests one of them (``if (r.isError)``, ``if (!r.ok)``, ``r.status === "error"``).

Also the test reading shared with :mod:`.errorbodies` (``!res.ok`` on a fetch response).

Functions of the interpreter (``fn``), which keeps ``literal_tags`` (variable -> the tags of the
literal it holds).
"""

from __future__ import annotations

from typing import Hashable, Optional, Tuple

from ..discriminants import UNKNOWN, Tags, condition, narrowed
from . import nodes as N

_CONSTANTS = {"true": True, "false": False, "null": None, "undefined": None}
_EQ = {"===": True, "==": True, "!==": False, "!=": False}
_NOT_CONSTANT = object()


def _constant(fn, node) -> Hashable:
    node = N.unwrap(node)
    if node is None:
        return _NOT_CONSTANT
    if node.type in _CONSTANTS:
        return _CONSTANTS[node.type]
    if node.type == "string":
        s = N.string_value(fn.data, node)
        return _NOT_CONSTANT if s is None else s
    if node.type == "number":
        try:
            return float(N.text(fn.data, node))
        except ValueError:
            return _NOT_CONSTANT
    return _NOT_CONSTANT


def literal_tags(fn, node) -> Optional[Tags]:
    """The constant properties of an object literal (None for anything else, or a spread)."""
    node = N.unwrap(node)
    if node is None or node.type != "object" or any(c.type == "spread_element" for c in node.named_children):
        return None
    out = []
    for key, value in N.object_props(fn.data, node).items():
        c = _constant(fn, value) if value.type not in ("shorthand_property_identifier", "method_definition") else _NOT_CONSTANT
        out.append((key, UNKNOWN if c is _NOT_CONSTANT else c))
    return tuple(sorted(out, key=lambda kv: kv[0]))


def return_tags(fn, node) -> Optional[Tags]:
    """What a returned expression's literal says: a literal, or a variable holding one."""
    u = N.unwrap(node)
    if u is not None and u.type == "identifier":
        return fn.__dict__.get("literal_tags", {}).get(N.text(fn.data, u))
    return literal_tags(fn, u)


def track(fn, name: str, node) -> None:
    """``name = { ... }``: remember the literal's tags (any other value forgets them)."""
    held = fn.__dict__.setdefault("literal_tags", {})
    tags = literal_tags(fn, node) if node is not None else None
    if tags is None:
        held.pop(name, None)
    else:
        held[name] = tags


def property_test(fn, cond, truth: bool) -> Optional[Tuple[str, tuple]]:
    """``(variable, condition)`` for a test of one property of a variable holding the arm runs
    under (``truth``): ``v.p``, ``!v.p``, ``v?.p``, ``v.p === <constant>`` (``!==``, ``==``)."""
    c = N.unwrap(cond)
    while c is not None and c.type == "unary_expression" and N.text(fn.data, c).startswith("!") and c.named_children:
        c, truth = N.unwrap(c.named_children[-1]), not truth
    if c is None:
        return None
    op, value = "truthy", None
    if c.type == "binary_expression":
        o = c.child_by_field_id(fn.F.operator)
        o = N.text(fn.data, o) if o is not None else ""
        if o not in _EQ:
            return None
        left, right = N.unwrap(c.child_by_field_id(fn.F.left)), N.unwrap(c.child_by_field_id(fn.F.right))
        value = _constant(fn, right)
        if value is _NOT_CONSTANT:
            left, right = right, left
            value = _constant(fn, right)
        if value is _NOT_CONSTANT:
            return None
        op, c, truth = "eq", left, truth == _EQ[o]
    if c is None or c.type != "member_expression":
        return None
    obj = N.unwrap(c.child_by_field_id(fn.F.object))
    prop = c.child_by_field_id(fn.F.property)
    if obj is None or obj.type != "identifier" or prop is None or prop.type != "property_identifier":
        return None
    return N.text(fn.data, obj), condition(N.text(fn.data, prop), op, value, truth)


def narrow(fn, cond, truth: bool) -> None:
    """In the arm of ``if (cond)`` that runs when it is ``truth``: a call's result tested on one
    property holds only the returns that can pass the test (its fields too)."""
    got = property_test(fn, cond, truth)
    if got is None:
        return
    var, when = got
    for key in (var, *fn.fields.get(var, ())):
        t = fn.env.get(key)
        if t:
            fn.env[key] = narrowed(t, when)
