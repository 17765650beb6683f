"""A row looked up by a key: the key is a stored one once the lookup found the row.

``const session = db.prepare("SELECT * FROM sessions WHERE id = ?").get(id); if (!session)
throw ...``: past the check, ``id`` equals the key of a row the database holds (a parameterised
query, so the value only selects), as an id found in a collection the project computed does.
The Python analysis treats membership in such a collection as a check; here the lookup's
"missing" branch leaving the function (``throw``, ``return``) is that check: ``id`` is narrowed
as by an allow-list where the row variable is tested truthy.

Lookups that return one row or nothing: ``.get(...)`` of a prepared statement whose SQL takes
parameters (better-sqlite3, bun:sqlite), ``db.get(sql, ...params)`` (sqlite), and an ORM's
``findUnique``/``findFirst``/``findOne``/``findByPk``/``findById`` with the key in its argument.
"""

from __future__ import annotations

import re
from typing import List

from ..taintvalue import ALL
from . import nodes as N

#: methods whose result is one row or nothing
_ROW_METHODS = ("get", "findUnique", "findFirst", "findOne", "findByPk", "findById", "findOneBy")
_PLACEHOLDER = re.compile(r"\?|\$\d|[=(,]\s*[:@$][A-Za-z_]")
_WHERE = re.compile(r"(?i)\bwhere\b")


def record_row_keys(fa, name: str, node) -> None:
    """``name = <a lookup of one row by key>``: the variables given as the key."""
    keys = _lookup_keys(fa, node)
    if keys:
        fa.row_keys[name] = keys


def row_narrowings(fa, cond, truth: bool) -> list:
    """``row`` tested truthy (``if (!row) throw``, passed): its keys are stored keys."""
    if not truth or cond.type != "identifier":
        return []
    return [(k, frozenset({ALL}), None, "looked up by key") for k in fa.row_keys.get(N.text(fa.data, cond), ())]


def _lookup_keys(fa, node) -> List[str]:
    u = N.unwrap(node)
    if u is not None and u.type == "await_expression" and u.named_children:
        u = N.unwrap(u.named_children[0])
    if u is None or u.type != "call_expression":
        return []
    fn = N.unwrap(u.child_by_field_name("function"))
    if fn is None or fn.type != "member_expression":
        return []
    meth = N.text(fa.data, fn.child_by_field_name("property"))
    if meth not in _ROW_METHODS:
        return []
    args = N.args_of(u)
    recv = N.unwrap(fn.child_by_field_name("object"))
    if meth == "get":
        if recv is not None and recv.type == "call_expression" and _prepared(fa, recv):
            return _vars(fa, args)  # db.prepare(sql).get(id)
        if args and _sql_with_key(fa, args[0]):
            return _vars(fa, args[1:])  # db.get(sql, id)
        return []
    return _vars(fa, args)


def _prepared(fa, call) -> bool:
    fn = N.unwrap(call.child_by_field_name("function"))
    args = N.args_of(call)
    return fn is not None and fn.type == "member_expression" and \
        N.text(fa.data, fn.child_by_field_name("property")) == "prepare" and bool(args) and _sql_with_key(fa, args[0])


def _sql_with_key(fa, node) -> bool:
    sql = fa.const_of(node)
    return bool(sql) and bool(_WHERE.search(sql)) and bool(_PLACEHOLDER.search(sql))


def _vars(fa, args) -> List[str]:
    """The variables among the arguments, in arrays and in objects (``{ where: { id } }``)."""
    out: List[str] = []
    todo = list(args)
    while todo and len(out) < 8:
        a = N.unwrap(todo.pop(0))
        if a is None:
            continue
        if a.type in ("array", "object"):
            todo.extend(a.named_children)
        elif a.type == "pair":
            todo.append(a.child_by_field_name("value"))
        elif a.type in ("identifier", "shorthand_property_identifier", "member_expression"):
            var = N.text(fa.data, a) if a.type == "shorthand_property_identifier" else N.var_of(fa.data, a)
            if var:
                out.append(var)
    return out
