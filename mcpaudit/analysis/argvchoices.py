"""A command word chosen from constants (``if action in ("start", "stop"): run(["docker", action, name])``).

The argv models say per command what its options can do (``option-hazards``, gitargv.py) and
how many positionals it needs (``argument-arity``, argarity.py); both key on the constant words
of the argv. A word held in a variable is unknown there, unless the branch the call sits in
tested it: an enclosing ``if`` (or ``elif``) whose test requires ``action == "stop"`` or
``action in ("start", "stop", "restart")`` (one conjunct of an ``and``) fixes it to those
constants. The caller's element is then judged once per constant: no argument injection when
no choice has a harmful option (:func:`inert_here`), the audit view when each choice is either
that or one positional short as an option (:func:`arity_here`).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .argarity import ARITY, arity_marked, short_note
from .gitargv import inert_options
from .positions import TOKEN_TYPES
from .scriptoperand import script_data, written_script_data
from .taintvalue import mark
from .visitorder import kids_reversed


def _holds(node, target) -> bool:
    """Whether ``target`` (no token) is ``node`` or below it; tokens' subtrees (whitespace,
    operators: only tokens) are not walked."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n is target:
            return True
        stack.extend(k for k in kids_reversed(n) if type(k) not in TOKEN_TYPES)
    return False


def _fixed(test, name: str) -> Optional[Tuple[str, ...]]:
    """The constants a conjunct of ``test`` requires ``name`` to equal."""
    for c in N.conjuncts(test):
        if not (isinstance(c, cst.Comparison) and len(c.comparisons) == 1 and N.var_of(c.left) == name):
            continue
        op, right = c.comparisons[0].operator, c.comparisons[0].comparator
        if isinstance(op, cst.Equal) and N.string_value(right) is not None:
            return (N.string_value(right),)
        if isinstance(op, cst.In) and isinstance(right, (cst.List, cst.Tuple, cst.Set)):
            words = [N.string_value(e.value) for e in right.elements]
            if words and all(w is not None for w in words):
                return tuple(words)
    return None


def _choices(body, call, name: str) -> Optional[Tuple[str, ...]]:
    """The constants of the innermost enclosing branch test on the way to ``call``."""
    found: Optional[Tuple[str, ...]] = None
    node = body
    while node is not None:
        nxt = None
        for child in reversed(kids_reversed(node)):  # node.children
            if not _holds(child, call):
                continue
            if isinstance(child, cst.If) and _holds(child.body, call):
                found = _fixed(child.test, name) or found
                nxt = child.body
            else:
                nxt = child
            break
        node = nxt if nxt is not None and nxt is not call else None
    return found


def _alternatives(sm, call, elems, i: int) -> List[list]:
    """``elems`` once per constant a branch test fixes its variable command words to (the words
    between the program and element ``i``); empty when there is no such word."""
    body = sm.inlining[-1] if sm.inlining else sm.fn
    if body is None or not elems or not elems[0][2]:
        return []
    out, chosen = [list(elems)], False
    for k in range(1, i):
        node, _, c, splat = elems[k]
        if c is not None or splat or not isinstance(node, cst.Name):
            continue
        words = _choices(body, call, node.value)
        if not words:
            return []
        out, chosen = [[*e[:k], (node, e[k][1], w, False), *e[k + 1:]] for e in out for w in words], True
    return out if chosen else []


def inert_here(sm, call, elems, i: int) -> bool:
    """No option of the command element ``i`` is given to runs a program or touches a file, for
    every constant its variable command words are chosen from; or the element is the data of a
    fixed script an interpreter runs (scriptoperand.py: its options ended at the script)."""
    if inert_options(sm.M, [e[2] for e in elems], i) or script_data(sm.M, elems, i) or written_script_data(sm, elems, i):
        return True
    alts = _alternatives(sm, call, elems, i) if any(e[2] is None for e in elems[1:i]) else []
    return bool(alts) and all(inert_options(sm.M, [e[2] for e in a], i) for a in alts)


def arity_here(sm, call, elems, i: int, flagged):
    """``flagged`` marked for the audit view (argarity.py) when the positional count stops the
    option, for the command as written or for each constant its command words are chosen from."""
    marked = arity_marked(sm.M, elems, i, flagged)
    if marked is not flagged or not flagged or not any(e[2] is None for e in elems[1:i]):
        return marked
    alts = _alternatives(sm, call, elems, i)
    notes = [short_note(sm.M, a, i) for a in alts if not inert_options(sm.M, [e[2] for e in a], i)]
    if alts and notes and all(notes):
        return mark(flagged, clean=frozenset({ARITY + notes[0]}))
    return flagged


__all__ = ["arity_here", "inert_here"]
