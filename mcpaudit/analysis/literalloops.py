"""A check run in a loop over a literal list of the values it checks, as if unrolled.

::

    for _lbl, _val in [("user_id", user_id), ("namespace", namespace)]:
        err = _validate_identifier(_val or "", _lbl)
        if err:
            return json_error(err)
    path = os.path.join(DATA_DIR, "users", user_id)      # user_id passed the check

    for value in (user_id, namespace):
        if not is_safe(value):
            raise ValueError(value)

Every pass of such a loop runs the check on one listed value and leaves the function when it
fails, so past the loop each listed variable passed it: what the check proves of the loop
variable holds for each variable listed at that position (:func:`unrolled_checks`).

Only when that is sound: the loop iterates a list or tuple display whose rows are the variables
themselves (a loop variable that is a plain name) or tuple displays of the target's arity (a
target that is a tuple of plain names), the loop has no ``else``, and the checks come first in
the body: a prefix of plain statements (assignments that do not rebind a loop variable, calls)
and ``if`` tests with no ``else`` whose body ends in ``return``/``raise``. A ``continue`` or
``break`` before a check, or any other statement, ends the prefix: later checks may be skipped for
some values and prove nothing. A ``break`` of the loop anywhere in its body (after the checks too)
and nothing is proved: the rows after the one that broke out were never checked. A row element that is not a plain variable (a literal, a call) is
not narrowed.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..lazycst import cst

from .positions import flat_body

#: at most this many rows are read (a literal list of a few values; a table is something else)
_MAX_ROWS = 16


def _targets(target) -> Optional[List[Optional[str]]]:
    """The loop variable names by position (``None`` for a ``_``-less non-name element); None when
    the target is not a name or a flat tuple of names."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)) and target.elements:
        names = [e.value.value if isinstance(e.value, cst.Name) and not isinstance(e, cst.StarredElement) else None
                 for e in target.elements]
        return names if any(names) else None
    return None


def _rows(stmt: cst.For, arity: int, single: bool) -> Optional[List[List[Optional[str]]]]:
    """For each row of the literal iterable: the variable at each position (None for anything
    else); None when the iterable is not a literal of such rows."""
    it = stmt.iter
    if not isinstance(it, (cst.List, cst.Tuple)) or not it.elements or len(it.elements) > _MAX_ROWS:
        return None
    out: List[List[Optional[str]]] = []
    for el in it.elements:
        if isinstance(el, cst.StarredElement):
            return None
        v = el.value
        if single:
            out.append([v.value if isinstance(v, cst.Name) else None])
            continue
        if not isinstance(v, (cst.Tuple, cst.List)) or len(v.elements) != arity or any(
                isinstance(e, cst.StarredElement) for e in v.elements):
            return None
        out.append([e.value.value if isinstance(e.value, cst.Name) else None for e in v.elements])
    return out


def _refuses(block) -> bool:
    return bool(block) and isinstance(block[-1], (cst.Return, cst.Raise))


def _assigned(stmt) -> List[str]:
    """The plain names a simple statement binds."""
    out: List[str] = []
    targets = []
    if isinstance(stmt, cst.Assign):
        targets = [t.target for t in stmt.targets]
    elif isinstance(stmt, (cst.AnnAssign, cst.AugAssign)):
        targets = [stmt.target]
    for t in targets:
        if isinstance(t, cst.Name):
            out.append(t.value)
        elif isinstance(t, (cst.Tuple, cst.List)):
            out += [e.value.value for e in t.elements if isinstance(e.value, cst.Name)]
    return out


def _check_prefix(body, names) -> List[cst.If]:
    """The refusing ``if`` tests of the body's leading plain statements (see the module)."""
    checks: List[cst.If] = []
    for stmt in body:
        if isinstance(stmt, cst.If) and stmt.orelse is None and _refuses(flat_body(stmt.body)):
            checks.append(stmt)
        elif isinstance(stmt, (cst.Assign, cst.AnnAssign, cst.Expr)):
            if set(_assigned(stmt)) & names:
                break
        else:
            break
    return checks


def _breaks(node) -> bool:
    """``node`` holds a ``break`` of the loop it is the body of (not one of a nested loop)."""
    todo = list(node.children)
    while todo:
        n = todo.pop()
        if isinstance(n, cst.Break):
            return True
        if isinstance(n, (cst.For, cst.While)):
            if n.orelse is not None:
                todo.append(n.orelse)  # a nested loop's else: a break there leaves our loop
            continue
        if isinstance(n, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        todo.extend(n.children)
    return False


def unrolled_checks(interp, stmt: cst.For) -> List[tuple]:
    """Past ``for a, v in [(c1, x1), (c2, x2)]: <checks of v>``: the narrowings of each listed
    ``xi`` (read after the loop body ran, so verdict variables assigned in it are known)."""
    if stmt.orelse is not None or _breaks(stmt.body):
        return []  # a row after the one that broke out was never checked
    names = _targets(stmt.target)
    if names is None:
        return []
    rows = _rows(stmt, len(names), isinstance(stmt.target, cst.Name))
    if not rows:
        return []
    checks = _check_prefix(flat_body(stmt.body), {n for n in names if n})
    if not checks:
        return []
    found = [n for check in checks for n in interp.narrowings(check.test, False)]
    position: Dict[str, int] = {n: i for i, n in enumerate(names) if n}
    out: List[tuple] = []
    for n in found:
        i = position.get(n[0])
        if i is None:
            continue
        for row in rows:
            var = row[i]
            if var is not None and var not in position and interp.env.get(var):
                out.append((var, *n[1:]))
    return out


__all__ = ["unrolled_checks"]
