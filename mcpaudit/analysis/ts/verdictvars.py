"""A check's verdict kept in a variable and tested later.

``const ok = roots.some((r) => isUnder(real, r)); if (!ok) throw ...`` and ``const allowed =
isInside(p, ROOT); if (!allowed) return refuse()`` test the verdict through a name: the test of
the name is read as the test of the expression it holds (a call, a negation, a comparison or a
combination of them), where the name is tested. A name assigned again - from anything else - holds
no verdict any more; an expression that reads the name itself (``ok = ok && check(b)``) is not
kept. Only what the expression proves (families, or a check read in place with its own reason)
is taken, not a helper known by its name only. Mixed-in state lives in the interpreter's
``verdict_vars``.
"""

from __future__ import annotations

from ..narrowing import CHECK_REF, UNVERIFIED
from . import nodes as N

# UNVERIFIED (narrowing.py): the words of a check known by its name only (checks.py): a verdict
# name keeps only what its expression proves or a check read in place, not a validator's name (a
# command guard's verdict name is read by cmdguards.py)
_KINDS = frozenset({"call_expression", "unary_expression", "binary_expression", "await_expression"})
_OPS = frozenset({"&&", "||", "===", "==", "!==", "!=", "!"})


def track(fa, name: str, node) -> None:
    """``name = <verdict expression>``: remember the expression (forget any earlier one)."""
    held = fa.__dict__.setdefault("verdict_vars", {})
    held.pop(name, None)
    u = N.unwrap(node)
    if u is None or u.type not in _KINDS or name in {N.text(fa.data, n) for n in N.nodes_under(u, "identifier")}:
        return
    if u.type in ("unary_expression", "binary_expression"):
        op = u.child_by_field_id(fa.F.operator)
        if op is None or op.type not in _OPS:
            return
    held[name] = u


def narrowings(fa, cond, truth: bool) -> list:
    """What testing ``cond`` - a name that holds a verdict - proves (the test of its expression)."""
    held = fa.__dict__.get("verdict_vars")
    if not held or cond.type != "identifier":
        return []
    name = N.text(fa.data, cond)
    expr = held.get(name)
    if expr is None:
        return []
    held.pop(name)  # read once at a time: no loop through names holding each other
    try:
        found = fa.narrowings(expr, truth)
    finally:
        held[name] = expr
    return [n for n in found if n[1] or (n[2] and CHECK_REF not in n[2] and UNVERIFIED not in n[2])]

