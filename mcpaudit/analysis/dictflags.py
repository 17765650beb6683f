"""Python side of results discriminated by a flag (see :mod:`.discriminants`): the constant keys
of the dict displays a function returns (``return {"isError": True, "content": [...]}``, or a
variable last assigned such a display), and the narrowing of a call's result on a branch that
tests one of them (``if r.get("isError"):``, ``if not r["ok"]:``, ``if r.get("status") ==
"error":``, ``if r["success"] is False:``).

Functions of the interpreter (``fa``, a FunctionAnalyzer), which keeps ``literal_tags``
(variable -> the tags of the display it holds) and ``return_tags`` (return position -> tags).
"""

from __future__ import annotations

from typing import Hashable, Optional, Tuple

from ..lazycst import cst, later

from .discriminants import UNKNOWN, Tags, condition, narrowed
from .cstnodes import string_value

_NAMES = {"True": True, "False": False, "None": None}
_NOT_CONSTANT = object()
_EQ = later(lambda: {cst.Equal: True, cst.Is: True, cst.NotEqual: False, cst.IsNot: False})


def _constant(node) -> Hashable:
    if isinstance(node, cst.Name) and node.value in _NAMES:
        return _NAMES[node.value]
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        s = string_value(node)
        return _NOT_CONSTANT if s is None else s
    if isinstance(node, (cst.Integer, cst.Float)):
        try:
            return float(node.evaluated_value)
        except (ValueError, TypeError):
            return _NOT_CONSTANT
    return _NOT_CONSTANT


def dict_tags(node) -> Optional[Tags]:
    """The constant items of a dict display with string keys (None for anything else, ``**``)."""
    if not isinstance(node, cst.Dict):
        return None
    out = []
    for e in node.elements:
        key = string_value(e.key) if isinstance(e, cst.DictElement) else None
        if key is None:
            return None
        c = _constant(e.value)
        out.append((key, UNKNOWN if c is _NOT_CONSTANT else c))
    return tuple(sorted(out, key=lambda kv: kv[0]))


def note_return(fa, stmt: cst.Return) -> None:
    """``return {...}`` (or a variable holding one): its constant items."""
    value = stmt.value
    tags = fa.__dict__.get("literal_tags", {}).get(value.value) if isinstance(value, cst.Name) else dict_tags(value)
    if tags is not None:
        fa.__dict__.setdefault("return_tags", {})[fa.mod.pos(stmt)] = tags


def track(fa, target, value) -> None:
    """``name = {...}``: remember the display's tags (any other value forgets them)."""
    if isinstance(target, cst.Name):
        held = fa.__dict__.setdefault("literal_tags", {})
        tags = dict_tags(value)
        if tags is None:
            held.pop(target.value, None)
        else:
            held[target.value] = tags


def _item_read(node) -> Optional[Tuple[str, str]]:
    """``v.get("k")`` / ``v.get("k", default)`` / ``v["k"]``: (variable, key)."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
            and isinstance(node.func.value, cst.Name) and node.args:
        key = string_value(node.args[0].value)
        return (node.func.value.value, key) if key is not None else None
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and len(node.slice) == 1 \
            and isinstance(node.slice[0].slice, cst.Index):
        key = string_value(node.slice[0].slice.value)
        return (node.value.value, key) if key is not None else None
    return None


def property_test(test, truth: bool) -> Optional[Tuple[str, tuple]]:
    """``(variable, condition)`` for a test of one key of a variable holding a call's result."""
    while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test, truth = test.expression, not truth
    op, value = "truthy", None
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and type(test.comparisons[0].operator) in _EQ:
        comp = test.comparisons[0]
        value = _constant(comp.comparator)
        if value is _NOT_CONSTANT:
            return None
        op, truth, test = "eq", truth == _EQ[type(comp.operator)], test.left
    read = _item_read(test)
    if read is None:
        return None
    return read[0], condition(read[1], op, value, truth)


def narrow(fa, test, truth: bool) -> None:
    """In the arm of ``if test`` that runs when it is ``truth``: a call's result tested on one key
    holds only the returns that can pass the test."""
    got = property_test(test, truth)
    if got is None:
        return
    var, when = got
    for key in [k for k in fa.env if k == var or k.startswith((var + ".", var + "["))]:
        if fa.env[key]:
            fa.env[key] = narrowed(fa.env[key], when)
