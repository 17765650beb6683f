"""The roots a value lies under, kept by a list comprehension, then tested for emptiness.

``matching = [root for root in ROOTS if resolved == root or resolved.is_relative_to(root)]``
followed by ``if not matching: raise`` refuses unless ``resolved`` is under one of the roots, as
``if not any(resolved.is_relative_to(root) for root in ROOTS): raise`` does (quantified.any_root).
:func:`roots_filter` rewrites the comprehension into that ``any(...)`` call, which the interpreter
keeps as the variable's verdict (verdicts.note_verdict_var): the variable tested true narrows
``resolved`` as the one-root check does. The filter may be the ``is_relative_to`` test alone or
that test or'ed with ``resolved == root`` (equal to a root is under it); the comprehension's
element may be the loop variable or anything else (only its emptiness is tested). Two ``for``s,
other filters or a filter on something else than the tested value are not read.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from . import cstnodes as N


def _under_test(cond, loop: str) -> Optional[cst.Call]:
    """``x.is_relative_to(loop)`` from ``cond``, alone or or'ed with ``x == loop`` / ``loop == x``."""
    if isinstance(cond, cst.Call) and isinstance(cond.func, cst.Attribute) and \
            cond.func.attr.value == "is_relative_to" and len(cond.args) == 1 and \
            N.var_of(cond.args[0].value) == loop and N.var_of(cond.func.value) not in (None, loop):
        return cond
    if isinstance(cond, cst.BooleanOperation) and isinstance(cond.operator, cst.Or):
        for test, other in ((cond.left, cond.right), (cond.right, cond.left)):
            call = _under_test(test, loop)
            if call is not None and _equal_to_root(other, loop, call.func.value):
                return call
    return None


def _equal_to_root(cond, loop: str, value) -> bool:
    if not (isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1
            and isinstance(cond.comparisons[0].operator, cst.Equal)):
        return False
    sides = {N.var_of(cond.left), N.var_of(cond.comparisons[0].comparator)}
    return sides == {loop, N.var_of(value)}


def roots_filter(value) -> Optional[cst.Call]:
    """``any(x.is_relative_to(r) for r in ROOTS)`` for ``[r for r in ROOTS if <under test>]``."""
    if not isinstance(value, cst.ListComp):
        return None
    loop = value.for_in
    if loop.inner_for_in is not None or len(loop.ifs) != 1 or not isinstance(loop.target, cst.Name) \
            or not isinstance(loop.iter, (cst.Name, cst.Attribute)):
        return None
    call = _under_test(loop.ifs[0].test, loop.target.value)
    if call is None:
        return None
    gen = cst.GeneratorExp(elt=call, for_in=loop.with_changes(ifs=[]))
    return cst.Call(func=cst.Name("any"), args=[cst.Arg(gen)])


__all__ = ["roots_filter"]
