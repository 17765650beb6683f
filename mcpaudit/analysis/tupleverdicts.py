"""A validator's tuple verdict (issue 12): the path it hands back beside ``True``.

    def _validate_path(relative):
        full = (DOCS / relative).resolve()
        if not full.is_relative_to(DOCS.resolve()):
            return False, f"outside the documents folder: {relative}"
        return True, full

    ok, full = _validate_path(path)
    if not ok:
        return full                      # the error message
    return full.read_text()              # the checked path

Element ``1`` of the call's result is the union of both returns' second elements, the caller's
message among them, so ``full`` past the test carried the caller's unchecked text. A return
whose first element is a constant is tagged with it (``return_tags``, as a dict display's
constant keys are: :mod:`.discriminants`) and its elements are kept one by one
(``return_tuple_elements``); a branch on the verdict variable (``if not ok: <leave>``, ``if ok:``)
rewrites every element label ``("c", i, k)`` of that call to ``("c", i, cond, k)``, and the
linker (:func:`tuple_element`) then unites element ``k`` of only the returns whose first element
can pass the test. A return whose first element is not a constant (or a callee with a return that
is no tuple) is always kept.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..lazycst import cst

from .discriminants import condition, holds
from .taintvalue import Taint, union

#: the tag key of a returned tuple's first element
FIRST = "\x1f0"
_CONSTANTS = {"True": True, "False": False, "None": None}


def note_tuple_return(fa, stmt, elements: List[Taint]) -> None:
    """``return (False, why)`` / ``return True, full``: the first element's constant, and every
    element's taint, by the return's position."""
    pos = fa.mod.pos(stmt)
    fa.__dict__.setdefault("tuple_elements", {})[pos] = [fa.mod.resolve_taint(e) for e in elements]
    first = stmt.value.elements[0].value
    if isinstance(first, cst.Name) and first.value in _CONSTANTS:
        fa.__dict__.setdefault("return_tags", {})[pos] = ((FIRST, _CONSTANTS[first.value]),)


def tuple_elements(fa, returns) -> Dict:
    """Per return position its elements, when every return of the function is a tuple ({} else)."""
    kept = fa.__dict__.get("tuple_elements", {})
    return dict(kept) if kept and all(pos in kept for pos, _t in returns) else {}


def _verdict_name(test, truth: bool):
    while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test, truth = test.expression, not truth
    return (test.value, truth) if isinstance(test, cst.Name) else (None, truth)


def narrow(fa, test, truth: bool) -> None:
    """In the arm of ``if test`` that runs when it is ``truth``, ``test`` the first element of a
    call's tuple result (``ok``, ``not ok``): the call's other elements hold only what the
    returns that can give that verdict hand back."""
    name, truth = _verdict_name(test, truth)
    calls = {lbl[1] for lbl in (fa.env.get(name) or {}) if lbl[0] == "c" and len(lbl) == 3 and lbl[2] == 0} \
        if name else set()
    if not calls:
        return
    when = condition(FIRST, "truthy", None, truth)
    for var, t in list(fa.env.items()):
        if t and any(lbl[0] == "c" and len(lbl) == 3 and lbl[1] in calls and isinstance(lbl[2], int) and lbl[2] > 0
                     for lbl in t):
            fa.env[var] = {(("c", lbl[1], when, lbl[2]) if lbl[0] == "c" and len(lbl) == 3 and lbl[1] in calls
                            and isinstance(lbl[2], int) and lbl[2] > 0 else lbl): i for lbl, i in t.items()}


def tuple_element(cache: Dict, label: tuple) -> Optional[Taint]:
    """The linker's side: element ``label[3]`` of call ``label[1]``'s returns that can satisfy
    ``label[2]``; None when a target's returns are not all known tuples."""
    parts = cache.get((label[1], "tuples"))
    if not parts or any(p is None for p in parts):
        return None
    k = label[3]
    out: Taint = {}
    for rets in parts:
        for tags, elems in rets:
            if holds(tags, label[2]):
                out = union(out, elems[k] if k < len(elems) else {})
    return out
