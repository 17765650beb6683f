"""Results discriminated by a flag: a helper that returns either an error variant
(``{ isError: true, content: [...message...] }``) or a value carrying what it computed (a
connection string with fresh credentials), and callers that branch on the flag
(``const r = await helper(); if (r.isError) return r;``). On the error branch the value is the
error variant; what only the other returns carry (the credentials) does not reach a return or a
log there.

The interpreters record, per return of a function whose returned value is an object literal
(a dict display in Python), the literal's constant properties (``FuncSummary.return_tags``:
return position -> ``((prop, value), ...)``, value a bool, None, a string or a number, or
:data:`UNKNOWN` when the property is not constant; a literal with a spread records nothing). A
branch on one property of a variable holding a call's result rewrites the call's label
``("c", i)`` to ``("c", i, cond)``, cond a :func:`condition`; the linker then keeps, of the
callee's returns, only those whose recorded property can satisfy the test (both polarities:
``if (r.isError)``, ``if (!r.ok)``, ``if (r.status === "error")``, and the rest of a function
after ``if (r.isError) return r;``). Returns it knows nothing about (not a literal, a spread,
a project function it cannot resolve, a library call) are always kept.

Shared by both engines; the linker's side is :func:`select` and :func:`tagged_returns`.
"""

from __future__ import annotations

from typing import Dict, Hashable, List, Optional, Tuple

from .taintvalue import Taint, union

#: a property of a returned literal whose value is not a constant: any test may hold
UNKNOWN = "\x1f?"
_WHEN = "when"

Tags = Tuple[Tuple[str, Hashable], ...]


def condition(prop: str, op: str, value: Hashable, want: bool) -> tuple:
    """A test on one property of a call's result: ``op`` "truthy" (value ignored) or "eq"
    (strict equality with ``value``), required to be ``want``."""
    return (_WHEN, prop, op, value, want)


def is_condition(x) -> bool:
    return isinstance(x, tuple) and len(x) == 5 and x[0] == _WHEN


def holds(tags: Optional[Tags], cond: tuple) -> bool:
    """Whether a return with these tags (None: unknown) can satisfy ``cond``; a literal without
    the property gives ``undefined`` (None)."""
    if tags is None:
        return True
    _w, prop, op, value, want = cond
    got = dict(tags).get(prop)
    if got == UNKNOWN:
        return True
    if op == "truthy":
        return bool(got) == want
    return (type(got) is type(value) and got == value) == want


def narrowed(t: Taint, cond: tuple) -> Taint:
    """``t`` with each plain call result ``("c", i)`` known to satisfy ``cond``."""
    if not any(lbl[0] == "c" and len(lbl) == 2 for lbl in t):
        return t
    return {(("c", lbl[1], cond) if lbl[0] == "c" and len(lbl) == 2 else lbl): i for lbl, i in t.items()}


def select(parts, cond: tuple, whole: Taint) -> Taint:
    """Of a call's result (``parts``: per target, its whole result and its tagged returns or
    None), what the returns that can satisfy ``cond`` carry."""
    if not parts:
        return whole
    out: Taint = {}
    for ret, tagged in parts:
        if tagged is None:
            out = union(out, ret)
            continue
        for tags, v in tagged:
            if holds(tags, cond):
                out = union(out, v)
    return out


def part(cache: Dict, label: tuple, whole: Taint, element) -> Taint:
    """Of a call's result ``whole`` (label ``("c", i, ...)``), the part a longer label names:
    ``("c", i, k)`` its element or property ``k`` (``element``, the linker's); ``("c", i, cond)``
    the returns that can satisfy ``cond``; ``("c", i, cond, key)`` (``if (q.cypher)
    conditions.push(q.cypher)``) property ``key`` of those returns: the property's taint, kept
    to what those returns carry."""
    i = label[1]
    if not is_condition(label[2]):
        return element(cache.get((i, "elements")), label[2], whole)
    sel = select(cache.get((i, "tagged")), label[2], whole)
    if len(label) == 3:
        return sel
    field = element(cache.get((i, "elements")), label[3], sel)
    return {lb: inf for lb, inf in field.items() if lb in sel}


def tagged_returns(fn, values: List[Taint], cache: Dict) -> Optional[List[Tuple[Optional[Tags], Taint]]]:
    """Each return of ``fn`` (its value under this call, ``values``) with its tags; a return of
    another call's result (``return helper()``) stands for that call's own tagged returns. None
    when no return is known to be a literal."""
    tags_at = getattr(fn, "return_tags", None) or {}
    out: List[Tuple[Optional[Tags], Taint]] = []
    known = False
    for (pos, t), v in zip(fn.returns, values):
        tags = tags_at.get(pos)
        if tags is None and len(t) == 1:
            (lbl,) = t
            parts = cache.get((lbl[1], "tagged")) if lbl[0] == "c" and len(lbl) == 2 else None
            if parts and all(tagged is not None for _w, tagged in parts):
                for _w, tagged in parts:
                    out.extend(tagged)
                known = True
                continue
        known = known or tags is not None
        out.append((tags, v))
    return out if known else None
