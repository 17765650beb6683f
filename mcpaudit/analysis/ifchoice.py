"""An allow-list written as a conditional expression (py58d, issue 12).

``level = aggression.strip() if aggression.strip() in ["1", "2", "3", "4"] else "1"`` keeps the
caller's value only when it is one of the constants, and puts a constant in its place otherwise:
the result is always one of a fixed set of strings, as after ``if a not in SET: return``. The
membership test is read by the same allow-list reading as that guard (a fixed, uncontrolled
collection: a literal list, tuple or set of strings, or a name bound to one), for the value the
body gives (``x``, ``x.strip()``, ``x.lower()``: the variable the test is about), and the other
branch must be a string constant. Anything else is read as before: the
union of both branches.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from . import cstnodes as N
from .taintvalue import add_step, mark

STEP = "kept only when it is one of the constants the test lists (otherwise a constant)"


def _test_var(test) -> Optional[str]:
    """The variable a single ``v in COLLECTION`` test is about."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, cst.In)):
        return None
    return N.var_of(test.left)


def chosen(fa, node, value):
    """``value`` (the union of the branches of ``node``, an ``IfExp``) marked clean by the
    allow-list its test makes, when the body is the tested value and the other branch is a
    constant; ``value`` unchanged otherwise."""
    if not value:
        return value
    var = _test_var(node.test)
    if var is None or N.var_of(node.body) != var:
        return value
    if N.string_value(node.orelse) is None:
        return value
    comp = node.test.comparisons[0]
    found = [n for n in fa._membership_narrowings(node.test.left, comp.comparator, True)
             if n[0] == var and n[3] == "allow-list"]
    if not found:
        return value
    return add_step(mark(value, clean=found[0][1]), (fa.stmt, None, STEP))


__all__ = ["STEP", "chosen"]
