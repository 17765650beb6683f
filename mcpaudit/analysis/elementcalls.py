"""A raising validator called on each element of a list: ``for p in parts: validate(p)``.

The loop form of :meth:`~.narrowing.Narrowing.element_checks` with the check a statement rather
than an ``if``: a helper of the module whose summary says it proves its argument clean when it
returns (it raises otherwise, ``FuncSummary.validates``) called on the loop variable leaves the
loop only when every element passed it, so what it proves of the element holds for the list::

    parts = [p.strip() for p in value.split(",") if p.strip()]
    for p in parts:
        _validate_identifier(p, kind)       # raises unless p matches ^[A-Za-z_][A-Za-z0-9_$]*$
    return ",".join(parts)                  # identifiers joined by commas

Only a loop whose body is nothing but such calls (and no ``else``) is read: a loop that may
``break`` or ``continue`` past the check, or that checks only some elements, proves nothing of
the list. A validator-named helper mcpaudit cannot read proves nothing here either.
"""

from __future__ import annotations

from typing import List

import libcst as cst

from . import cstnodes as N
from .positions import flat_body


def _validator_call(interp, stmt):
    """``(call, helper)`` for a statement that is a call of a validating helper of the module."""
    if not isinstance(stmt, cst.Expr):
        return None
    call = stmt.value.expression if isinstance(stmt.value, cst.Await) else stmt.value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)):
        return None
    local = interp.mod.functions.get(call.func.value)
    return (call, local) if local is not None and getattr(local, "validates", None) else None


def element_validations(interp, loop: cst.For) -> List[tuple]:
    """Past ``for v in items: validate(v)``: ``items`` is clean for what ``validate`` proves of
    ``v`` (narrowings of ``items``)."""
    items, var = N.var_of(loop.iter), loop.target
    if not items or not isinstance(var, cst.Name) or loop.orelse is not None or not interp.env.get(items):
        return []
    body = flat_body(loop.body)
    calls = [_validator_call(interp, s) for s in body]
    if not calls or not all(calls):
        return []
    out: List[tuple] = []
    for call, local in calls:
        positional = [p.name for p in local.params if p.kind == "pos"]
        args = [a for a in call.args if a.keyword is None and not a.star]
        for i, arg in enumerate(args[:len(positional)]):
            fams = local.validates.get(positional[i])
            if fams and N.var_of(arg.value) == var.value:
                out.append((items, fams, None, "element validator"))
    return out


__all__ = ["element_validations"]
