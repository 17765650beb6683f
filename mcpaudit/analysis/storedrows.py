"""A key proved stored by the row an equality query found (issue 12).

``row = conn.execute("SELECT ... WHERE key = ?", (key,)).fetchone()`` then ``if row is None:
return``: past the refusal, ``key`` equals the key column of a stored row: a value the store
already holds, not one the caller made up. As after ``if key not in stored_keys(): return``, it
names no path of its own choosing, so it is clean for path sinks (``storage / key``), the use a
lookup helper's caller makes of it (``lookupguards.py`` reads the helper's state at its object
return: ``if attachment is None: return`` in the caller). It is not clean for anything else: a
stored value may still be hostile in a query or a command line, and a key column is a name, not
an address.

Only a constant query whose every placeholder (``?``, ``%s``, ``:name``, ``$1``) is compared with
``=`` (no ``LIKE``/``GLOB``/``REGEXP``, no ``<``/``>``/``!=``) proves it, and only for the values
of a tuple or list literal of parameters: ``LIKE ?`` matches keys the caller only describes.
"""

from __future__ import annotations

import re
from typing import List, Optional

from ..lazycst import cst

from . import cstnodes as N

#: the family a stored key is clean for
PATH_ONLY = frozenset({"path"})

_PLACEHOLDER = re.compile(r"\?|%s|%\(\w+\)s|(?<![:\w]):\w+|\$\d+")
_EQUALS_BEFORE = re.compile(r"(?<![!<>=])=\s*$")
_PATTERN_MATCH = re.compile(r"\b(?:LIKE|GLOB|REGEXP|MATCH|SIMILAR)\b", re.I)
_FETCH_ONE = ("fetchone", "first", "one_or_none", "scalar_one_or_none", "fetchrow")


def _equality_query(sql: str) -> bool:
    """Every placeholder of ``sql`` is the right side of an ``=`` in a WHERE clause."""
    if not re.search(r"\bWHERE\b", sql, re.I) or _PATTERN_MATCH.search(sql):
        return False
    holes = list(_PLACEHOLDER.finditer(sql))
    return bool(holes) and all(_EQUALS_BEFORE.search(sql[:m.start()]) for m in holes)


def _query_call(interp, node) -> Optional[cst.Call]:
    """The ``execute(sql, params)`` call of ``<x>.execute(...).fetchone()`` (also through a
    cursor variable: ``cur = conn.execute(...); row = cur.fetchone()``)."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in _FETCH_ONE and not node.args):
        return None
    inner = node.func.value
    if isinstance(inner, cst.Name):
        inner = interp.local_values.get(inner.value)
    if isinstance(inner, cst.Await):
        inner = inner.expression
    if isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute) and inner.func.attr.value == "execute" \
            and len(inner.args) == 2 and all(a.keyword is None and not a.star for a in inner.args):
        return inner
    return None


def _row_of(interp, name: str) -> Optional[cst.Call]:
    value = interp.local_values.get(name)
    if isinstance(value, cst.Await):
        value = value.expression
    return _query_call(interp, value)


def _exists(cond, truth: bool):
    """``(name, True)`` when ``cond`` being ``truth`` says the row ``name`` exists."""
    if isinstance(cond, cst.Name):
        return cond.value if truth else None
    if isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1 and isinstance(cond.left, cst.Name):
        comp = cond.comparisons[0]
        if isinstance(comp.comparator, cst.Name) and comp.comparator.value == "None":
            if isinstance(comp.operator, cst.IsNot) and truth or isinstance(comp.operator, cst.Is) and not truth:
                return cond.left.value
    return None


def stored_key_guard(interp, cond, truth: bool) -> List[tuple]:
    """The narrowings of ``cond`` being ``truth`` when it says a fetched row of an equality
    query exists: each parameter bound to the query is a stored key (clean for paths)."""
    name = _exists(cond, truth)
    call = _row_of(interp, name) if name else None
    if call is None:
        return []
    sql = N.string_value(call.args[0].value)
    if sql is None and isinstance(call.args[0].value, cst.Name):
        sql = N.string_value(interp.local_values.get(call.args[0].value.value))
    params = call.args[1].value
    if sql is None or not _equality_query(sql) or not isinstance(params, (cst.Tuple, cst.List)):
        return []
    out = []
    for el in params.elements:
        var = N.var_of(el.value) if isinstance(el.value, cst.Name) else None
        if var and interp.env.get(var):
            out.append((var, PATH_ONLY, None, "stored key"))
    return out


__all__ = ["PATH_ONLY", "stored_key_guard"]
