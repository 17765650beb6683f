"""SQL quoting a model names: a driver's quoting method on its connection or pool, and a
printf-style SQL formatter (issue 14, ts57a).

    pool.query(`SHOW COLUMNS FROM ${pool.escapeId(table)}`);           // quoted identifier
    pg.query(format("SELECT * FROM %I.%I LIMIT %L", schema, table, n)); // every argument quoted
    pg.query(format("SELECT * FROM %s", table));                        // pasted as it is

``receiver_clears`` (sanitizer rows with a ``receiver`` and ``methods``): the method of a receiver
of that class returns its arguments clean for the row's families (mysql/mysql2 ``escapeId`` and
``escape`` on a connection or pool, pg's ``escapeIdentifier`` / ``escapeLiteral``).

``sql_formatters`` (the ``sql-formatters`` section of the SQL models): the format string is the
first argument, a literal the code writes; each placeholder takes the next argument (or the one
its ``%N$`` position names). An argument only quoting placeholders (pg-format's ``%I``, ``%L``)
take is clean for SQL; one a pasting placeholder (``%s``) takes keeps its taint, and so does every
argument when the format is not a literal or holds a placeholder the model does not list.
"""

from __future__ import annotations

import re
from typing import List, Optional

from ..taintvalue import Taint, mark, union
from . import nodes as N

_SQL = frozenset({"sql"})
#: %%, %I, %1$L: an escaped percent, or a placeholder with an optional position
_PLACEHOLDER = re.compile(r"%(?:(%)|(?:(\d+)\$)?([A-Za-z]))")


def receiver_clear(fa, method: Optional[str], recv_node, args: Taint) -> Optional[Taint]:
    """``conn.escapeId(name)`` on a receiver of a row's class: the arguments, clean for the
    row's families; None for any other call."""
    rows = fa.M.receiver_clears.get(method or "") if recv_node is not None else None
    for rid, fams in rows or ():
        rc = fa.M.receivers.get(rid)
        if rc is not None and fa.receiver_is(rc, recv_node):
            return mark(args, clean=fams, checked=True)
    return None


def formatted(fa, fq: str, arg_nodes, pos_args: List[Taint]) -> Optional[Taint]:
    """``format(fmt, ...args)`` of an ``sql-formatters`` call: the text, each argument clean for
    SQL when only quoting placeholders take it; None when the format is no literal."""
    spec = fa.M.sql_formatters.get(fq)
    if spec is None or not arg_nodes or any(a.type == "spread_element" for a in arg_nodes):
        return None
    fmt = N.string_value(fa.data, arg_nodes[0])
    if fmt is None:
        return None
    quoting, raw = spec
    values = pos_args[1:]
    pasted, nxt = set(), 0
    for m in _PLACEHOLDER.finditer(fmt):
        if m.group(1):
            continue
        i = int(m.group(2)) - 1 if m.group(2) else nxt
        nxt = i + 1 if not m.group(2) else nxt
        if m.group(3) not in quoting or m.group(3) in raw:
            pasted.add(i)
    return union(pos_args[0], *[v if i in pasted else mark(v, clean=_SQL, checked=True) for i, v in enumerate(values)])


__all__ = ["formatted", "receiver_clear"]
