"""Argument lists built on branches: a ``'--'`` one way pushes places nothing the other way
(issue 14, ts57a).

    const args = ["-r", "-n"];
    if (fixed) args.push("-F", "--");
    args.push(pattern);                     // an option where `fixed` is false
    const pathArgs = paths.length ? ["--", ...paths] : [];
    execFileSync("git", ["diff", "--stat", ...pathArgs]);   // the paths sit after '--'

The evaluator keeps an argv-like list as its elements (``Interp.lists``: node, taint, constant,
spread), and every ``push`` appends to them, whichever branch it is in. After an ``if`` (or the
two arms of a ternary), :func:`merged` joins the lists the two ways left: the elements both ways
share (the same element objects: a push copies the list) come first, then what each way added, as
before. A constant ``'--'`` that only one way added ends the options for the elements that way
pushed after it (their taint is marked clean for option injection, as a value after ``'--'`` is),
but not for what the code pushes after the branch: the ``'--'`` itself is kept as an element that
is no constant, so no later element counts it. When both ways add a ``'--'``, each keeps it.

The lists a way leaves when it exits (``return``, ``throw``) do not reach the code after the
``if`` (:func:`after_if`).
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..taintvalue import mark
from . import nodes as N

_ARGUMENT = frozenset({"argument"})


def _has_sep(seg: list) -> bool:
    return any(e[2] == "--" and not e[3] for e in seg)


def _optional(seg: list) -> list:
    """``seg`` (what one way added), with its first ``'--'`` counted only for what it added
    after it."""
    j = next((k for k, e in enumerate(seg) if e[2] == "--" and not e[3]), None)
    if j is None:
        return seg
    sep = seg[j]
    return seg[:j] + [(sep[0], sep[1], None, False)] + [
        (n, mark(t, clean=_ARGUMENT) if t else t, c, s) for n, t, c, s in seg[j + 1:]]


def merged(a: list, b: list) -> list:
    """The elements of a list one way left as ``a`` and the other as ``b``."""
    if a is b:
        return a
    n = 0
    while n < len(a) and n < len(b) and a[n] is b[n]:
        n += 1
    pa, pb = a[n:], b[n:]
    if _has_sep(a[:n]) or (_has_sep(pa) and _has_sep(pb)):
        return a[:n] + pa + pb  # a '--' both ways pass
    return a[:n] + _optional(pa) + _optional(pb)


def merge_tables(a: Dict[str, list], b: Dict[str, list]) -> Dict[str, list]:
    """Two ways' ``lists`` tables: a list only one way knows is kept as that way left it."""
    out = dict(a)
    for k, v in b.items():
        out[k] = merged(a[k], v) if k in a else v
    return out


def after_if(fa, before: Dict[str, list], body: Dict[str, list], other: Dict[str, list],
             body_exits: bool, other_exits: bool) -> None:
    """``fa.lists`` after an ``if``: the lists of the ways that go on, merged."""
    if body_exits and other_exits:
        table = merge_tables(body, other)
    elif body_exits:
        table = other
    elif other_exits:
        table = body
    else:
        table = merge_tables(body, other)
    fa.lists.clear()
    fa.lists.update(table)


def list_elements(fa, node) -> Optional[List[tuple]]:
    """The elements of an array literal, or of ``cond ? ["--", ...paths] : []`` (both arms array
    literals, merged as two ways); None for any other value."""
    if node.type == "array":
        return fa._elements(node)
    if node.type != "ternary_expression":
        return None
    arms = [N.unwrap(node.child_by_field_name(f)) for f in ("consequence", "alternative")]
    if any(a is None or a.type != "array" for a in arms):
        return None
    return merged(list(fa._elements(arms[0])), list(fa._elements(arms[1])))


__all__ = ["after_if", "list_elements", "merged"]
