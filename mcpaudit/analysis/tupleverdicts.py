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

from .discriminants import UNKNOWN, condition, holds
from .taintvalue import Taint, union

_CONSTANTS = {"True": True, "False": False, "None": None}
_UNTAGGED = object()


def _element_tag(node):
    """The constant a returned element stands for in a verdict test: ``True``/``False``/``None``,
    or a message literal (``"Unsafe id."``, ``f"... {exc}"``: truthy unless empty); ``_UNTAGGED``
    for anything else."""
    if isinstance(node, cst.Name) and node.value in _CONSTANTS:
        return _CONSTANTS[node.value]
    if isinstance(node, cst.SimpleString):
        return len(node.value) - len(node.prefix) > 2 * len(node.quote)  # '' / "" are falsy
    if isinstance(node, cst.FormattedString):
        return bool(node.parts)
    return _UNTAGGED


def note_tuple_return(fa, stmt, elements: List[Taint]) -> None:
    """``return (False, why)`` / ``return True, full`` / ``return None, "error"`` / ``return root,
    None``: each element's constant (tag ``"\x1f<k>"``), and every element's taint, by the
    return's position."""
    pos = fa.mod.pos(stmt)
    fa.__dict__.setdefault("tuple_elements", {})[pos] = [fa.mod.resolve_taint(e) for e in elements]
    tags = tuple((f"\x1f{k}", UNKNOWN if (tag := _element_tag(el.value)) is _UNTAGGED else tag)
                 for k, el in enumerate(stmt.value.elements))  # (an element with no constant: either way)
    if any(tag != UNKNOWN for _k, tag in tags):
        fa.__dict__.setdefault("return_tags", {})[pos] = tags


def tuple_elements(fa, returns) -> Dict:
    """Per return position its elements, when every return of the function is a tuple ({} else)."""
    kept = fa.__dict__.get("tuple_elements", {})
    return dict(kept) if kept and all(pos in kept for pos, _t in returns) else {}


def _verdict_name(test, truth: bool):
    while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test, truth = test.expression, not truth
    return (test.value, truth) if isinstance(test, cst.Name) else (None, truth)


def narrow(fa, test, truth: bool) -> None:
    """In the arm of ``if test`` that runs when it is ``truth``, ``test`` one element of a call's
    tuple result (``ok``, ``not ok``; ``error`` of ``root, error = resolve(v)``): the call's other
    elements hold only what the returns that can give that verdict hand back."""
    name, truth = _verdict_name(test, truth)
    verdicts = {(lbl[1], lbl[2]) for lbl in (fa.env.get(name) or {})
                if lbl[0] == "c" and len(lbl) == 3 and isinstance(lbl[2], int)} if name else set()
    if len(verdicts) != 1:
        return  # (no call's element, or several: not one verdict)
    (call, k), = verdicts
    when = condition(f"\x1f{k}", "truthy", None, truth)

    def other(lbl) -> bool:
        return lbl[0] == "c" and len(lbl) == 3 and lbl[1] == call and isinstance(lbl[2], int) and lbl[2] != k

    for var, t in list(fa.env.items()):
        if var != name and t and any(other(lbl) for lbl in t):
            fa.env[var] = {(("c", call, when, lbl[2]) if other(lbl) else lbl): i for lbl, i in t.items()}


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
