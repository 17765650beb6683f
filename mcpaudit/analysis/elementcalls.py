"""A check of each element of a list: ``for v in items: if not ok(v): raise`` or ``for p in
parts: validate(p)``; past the loop, what the check proves of the element holds for the list.

The check is either an ``if`` that refuses (its body ends in ``return``/``raise``) or a call of a
helper of the module whose summary says it proves its argument clean when it returns (it raises
otherwise, ``FuncSummary.validates``); a loop body may mix both::

    parts = [p.strip() for p in value.split(",") if p.strip()]
    for p in parts:
        if p.startswith("@"):
            raise ValueError(p)
        _validate_identifier(p, kind)       # raises unless p matches ^[A-Za-z_][A-Za-z0-9_$]*$
    return ",".join(parts)                  # identifiers joined by commas

Only a loop whose body is nothing but such checks (and no ``else``) is read: a loop that may
``break`` or ``continue`` past the check, or that checks only some elements, proves nothing of
the list. A validator-named helper mcpaudit cannot read proves nothing here either.

Only a list known to be a sequence of the checked values is narrowed (:func:`known_sequence`):
built by a split, a list display or comprehension, ``list()``/``sorted()``, or a parameter
annotated as a list. Iterating a dict gives its keys: ``for k in filters: validate(k)`` checks the
column names, never the values the same dict carries into the query (``f"{k} = '{v}'"`` over
``filters.items()``), so the dict is left as it was.
"""

from __future__ import annotations

import re
from typing import List

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body

#: methods whose result is a list of the values the loop checks (a split; a dict's keys or values)
_SEQUENCE_METHODS = frozenset({"split", "rsplit", "splitlines", "keys", "values"})
#: builtins that make a list of what they are given (``list(d)`` is the keys of a dict)
_SEQUENCE_BUILTINS = frozenset({"list", "sorted", "tuple", "set", "frozenset"})
#: a parameter annotation of a sequence (``list[str]``, ``Optional[List[str]]``, ``Sequence[str]``)
_SEQUENCE_ANNOTATION = re.compile(
    r"^(?:(?:typing\.)?Optional\[)?(?:typing\.)?(?:list|List|tuple|Tuple|set|Set|frozenset|FrozenSet|Sequence|"
    r"Iterable|Collection)\b")


def known_sequence(interp, items: str) -> bool:
    """``items`` is a sequence of the values a loop over it binds (never a dict, whose loop binds
    its keys only)."""
    value = interp.local_values.get(items)
    if isinstance(value, (cst.List, cst.Tuple, cst.ListComp)):
        return True
    if isinstance(value, cst.Call):
        func = value.func
        return (isinstance(func, cst.Attribute) and func.attr.value in _SEQUENCE_METHODS) or (
            isinstance(func, cst.Name) and func.value in _SEQUENCE_BUILTINS)
    if value is not None:
        return False
    param = next((p for p in interp.params if p.name == items), None)
    return bool(param is not None and param.annotation and _SEQUENCE_ANNOTATION.match(param.annotation))


def _validator_call(interp, stmt):
    """``(call, helper)`` for a statement that is a call of a validating helper of the module."""
    if not isinstance(stmt, cst.Expr):
        return None
    call = stmt.value.expression if isinstance(stmt.value, cst.Await) else stmt.value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)):
        return None
    local = interp.mod.functions.get(call.func.value)
    return (call, local) if local is not None and getattr(local, "validates", None) else None


def _refuses(stmts) -> bool:
    """A block that leaves the function: it ends in ``return`` or ``raise``."""
    return bool(stmts) and isinstance(stmts[-1], (cst.Return, cst.Raise))


def element_checks(interp, loop: cst.For) -> List[tuple]:
    """Past ``for v in items: <checks of v>``: ``items`` is clean for what the checks prove of
    ``v`` (narrowings of ``items``); each check an ``if`` that refuses or a validator call."""
    items, var = N.var_of(loop.iter), loop.target
    if not items or not isinstance(var, cst.Name) or loop.orelse is not None or not interp.env.get(items):
        return []
    body = flat_body(loop.body)
    if not body or not known_sequence(interp, items):
        return []
    out: List[tuple] = []
    for stmt in body:
        if isinstance(stmt, cst.If) and stmt.orelse is None and _refuses(flat_body(stmt.body)):
            found = interp.narrowings(stmt.test, False)
        elif (validator := _validator_call(interp, stmt)) is not None:
            found = interp._proven(validator[0], validator[1], validator[1].validates)
        else:
            return []
        out += [(items, *n[1:]) for n in found if n[0] == var.value]
    return out


__all__ = ["element_checks", "known_sequence"]
