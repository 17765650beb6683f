"""A SELECT-prefix test that only picks the result API is no read-only check (issue 12).

    if sql.strip().upper().startswith("SELECT"):
        rows = await conn.fetch(sql)          # rows back
        ...
    else:
        status = await conn.execute(sql)      # a status line back

Both branches run the same text: the test refuses nothing, it chooses how the answer comes back
(rows or a status). Read as a read-only check (narrowing ``_read_prefix``) it made the fetch a
"bypassable read-only check" while no tool promised read-only and the else branch runs every
write anyway. :func:`result_dispatch` tells such a test apart: an ``if``/``else`` (or an
``elif`` chain ending in ``else``) whose every branch hands the tested variable itself, as the
first positional argument, to a call, and none of which ends by raising. Such a test narrows
nothing: the text reaches both calls as is (a raw-query capability; a tool that claims read-only
is still reported by claims.py for running it without a mode the database enforces).

A test one of whose branches refuses (``raise``, or a branch that never hands the text on: an
error message returned) stays a read-only check, as before.
"""

from __future__ import annotations

from typing import List

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body


#: calls that show the text rather than run it
_REPORTERS = frozenset({"print", "debug", "info", "warning", "warn", "error", "exception", "critical", "log"})


def _branches(stmt: cst.If) -> List[List[cst.CSTNode]]:
    out = [flat_body(stmt.body)]
    other = stmt.orelse
    while isinstance(other, cst.If):
        out.append(flat_body(other.body))
        other = other.orelse
    if not isinstance(other, cst.Else):
        return []  # no else: the rest of the function may be the refusal
    out.append(flat_body(other.body))
    return out


def _runs(branch: List[cst.CSTNode], var: str) -> bool:
    """The branch hands ``var`` as is to a call (first positional argument) and does not end by
    raising."""
    if not branch or isinstance(branch[-1], cst.Raise):
        return False
    for stmt in branch:
        for call in N.find_all(stmt, cst.Call):
            name = call.func.attr.value if isinstance(call.func, cst.Attribute) else getattr(call.func, "value", "")
            if name in _REPORTERS:
                continue  # logger.warning(sql) beside an error return: no run
            first = next((a for a in call.args if a.keyword is None and not a.star), None)
            if first is not None and isinstance(first.value, cst.Name) and first.value.value == var:
                return True
    return False


def result_dispatch(fa, var: str) -> bool:
    """Whether the ``if`` being entered tests ``var``'s prefix only to pick which call runs it."""
    stmt = getattr(fa, "stmt", None)
    if not isinstance(stmt, cst.If):
        return False
    branches = _branches(stmt)
    return len(branches) >= 2 and all(_runs(b, var) for b in branches)


def select_dispatch(fa, var: str, words) -> bool:
    """A read-prefix test (every word a read statement's: ``SELECT``, ``WITH``, ``SHOW``) of the
    ``if`` being entered that is a :func:`result_dispatch`."""
    firsts = [w.strip().upper().split()[0] for w in words if w and w.strip()]
    return bool(firsts) and all(w in fa.M.read_prefixes for w in firsts) and result_dispatch(fa, var)


__all__ = ["result_dispatch", "select_dispatch"]
