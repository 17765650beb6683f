"""Lists of tuple rows built in a function and unpacked by a loop.

``reqs = []``, then ``reqs.append(("role", str(path), ["ansible-galaxy", "install", "-r",
str(path)]))`` and ``for kind, shown, cmd in reqs: run(cmd)``: each loop variable holds what
its position of the rows held, not the whole list (``cmd`` is the argument list, where the path
is the value of ``-r``; ``shown`` is the path as text). A list that starts empty and only grows
by ``append`` of tuple displays of one length keeps the taint of each position
(:func:`note_row`); any other change forgets it, and the loop then binds every name to the
whole list as before (:func:`unpack_rows`).
"""

from __future__ import annotations

from typing import List, Optional

from ..lazycst import cst

from .taintvalue import EMPTY, Taint, add_step, union


def remember_items(fa, node, items: List[Taint]) -> List[Taint]:
    """Keep the element taints of the display just evaluated (for a row appended next)."""
    fa.last_items = (node, items)
    return items


def note_row(fa, var: str, method: Optional[str], call: cst.Call, added: Taint) -> Taint:
    """``var.<method>(...)`` on a local list: record the row an ``append`` of a tuple display
    adds (from the display just evaluated), or forget the rows on any other change. Returns
    ``added`` unchanged."""
    rows = fa.rows
    node = call.args[0].value if len(call.args) == 1 and call.args[0].keyword is None else None
    known = rows.get(var, [] if _starts_empty(fa, var) else None)
    last = getattr(fa, "last_items", None)
    if method != "append" or known is None or not isinstance(node, cst.Tuple) or last is None or last[0] is not node \
            or any(isinstance(e, cst.StarredElement) for e in node.elements) or (known and len(known) != len(last[1])):
        rows[var] = None
        return added
    rows[var] = [union(a, b) for a, b in zip(known, last[1])] if known else list(last[1])
    return added


def _starts_empty(fa, var: str) -> bool:
    value = fa.local_values.get(var)
    return isinstance(value, cst.List) and not value.elements


def unpack_rows(fa, stmt: cst.For, whole=None) -> None:
    """``for a, b, c in rows:`` over a list of recorded rows: each name gets its position's taint.
    ``for key, value in mapping.items()``: the value is an item of the mapping (a secret it holds
    too, which unpacking gives only to names for one), the key only its name. ``for i, x in
    enumerate(xs)``: the index is a count, no part of what ``xs`` holds."""
    target, it = stmt.target, stmt.iter
    if whole and isinstance(target, cst.Tuple) and len(target.elements) == 2 and isinstance(it, cst.Call) \
            and isinstance(it.func, cst.Name) and it.func.value == "enumerate" and "enumerate" not in fa.mod.functions \
            and isinstance(target.elements[0].value, cst.Name):
        fa.assign(target.elements[0].value, EMPTY, None)  # for i, x in enumerate(xs): i counts, whatever xs hold
        return
    if whole and isinstance(target, cst.Tuple) and len(target.elements) == 2 and isinstance(it, cst.Call) \
            and isinstance(it.func, cst.Attribute) and it.func.attr.value == "items" and not it.args \
            and isinstance(target.elements[1].value, cst.Name):
        fa.assign(target.elements[1].value, add_step(whole, (fa.stmt, None, "loop variable")), None)
        return
    rows = fa.rows.get(it.value) if isinstance(it, cst.Name) else _literal_rows(fa, it, target)
    if not rows or not isinstance(target, (cst.Tuple, cst.List)) or len(target.elements) != len(rows) \
            or not all(isinstance(e.value, cst.Name) and not isinstance(e, cst.StarredElement) for e in target.elements):
        return
    for e, t in zip(target.elements, rows):
        fa.assign(e.value, add_step(t, (fa.stmt, None, "loop variable")) if t else t, None)


def _literal_rows(fa, it, target) -> Optional[List[Taint]]:
    """``for path, payload in ((a, x), (b, y)):`` over a literal tuple (or list) of tuple displays
    of the target's length: each position's taint over the rows (``path`` is ``a`` or ``b``,
    never ``x``). None for any other iterable."""
    if not isinstance(it, (cst.Tuple, cst.List)) or not it.elements or not isinstance(target, (cst.Tuple, cst.List)):
        return None
    width = len(target.elements)
    rows = [e.value for e in it.elements]
    if any(isinstance(e, cst.StarredElement) for e in it.elements) or not all(
            isinstance(r, (cst.Tuple, cst.List)) and len(r.elements) == width
            and not any(isinstance(x, cst.StarredElement) for x in r.elements) for r in rows):
        return None
    if any(_has_call(r) for r in rows):
        return None  # evaluated again here, a call would be recorded (and checked as a sink) twice
    return [union(*(fa.ev(r.elements[k].value) for r in rows)) for k in range(width)]


def _has_call(node) -> bool:
    class _Calls(cst.CSTVisitor):
        found = False

        def visit_Call(self, node) -> bool:
            self.found = True
            return False

    v = _Calls()
    node.visit(v)
    return v.found


__all__ = ["note_row", "remember_items", "unpack_rows"]
