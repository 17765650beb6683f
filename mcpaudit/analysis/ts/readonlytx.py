"""A read-only transaction or session opened by a statement on the same client, before the
caller's query (ts53b)::

    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.query("BEGIN TRANSACTION READ ONLY");
    const result = await client.query(sql);          // the caller's SQL: read-only, enforced
    ...
    finally { await client.query("ROLLBACK"); }

The database refuses every write of that transaction (PostgreSQL: "cannot execute INSERT in a
read-only transaction"), which the read-only rule accepts as the remedy. The statements that do
so are the SQL models' ``read-only-checks`` ``read-only-statements`` (``rules/models/python/sql.yaml``,
shared with the Python analysis, which looks for them in the module's text): ``BEGIN [TRANSACTION]
READ ONLY``, ``START TRANSACTION READ ONLY``, ``SET [SESSION CHARACTERISTICS AS] TRANSACTION READ
ONLY``, ``SET default_transaction_read_only = on``, SQLite's ``PRAGMA query_only = ON``.

The query is read-only when, among the calls on the same receiver (its text: ``client``,
``this.db``) with one constant string argument that come before it in the function, the last
statement that opens, ends or sets a transaction (``BEGIN``, ``START``, ``COMMIT``, ``ROLLBACK``,
``END``, ``ABORT``, ``SET TRANSACTION``/``SESSION``) is one of those. A read-only statement run
only on some paths to the query (in an ``if`` on the caller's flag, a loop, a callback) is not
counted; an ending one there still ends it (rev54). A ``BEGIN`` without ``READ
ONLY``, or the read-only statement after the caller's query, leaves it as it was. A pool's
``query()`` (``pool.query``, a receiver built by a ``Pool``/``createPool``) takes any connection of
the pool for each call, so a statement run on it before says nothing about the next one.

The transaction holds only for one statement of the caller's: a text that stacks ``COMMIT;``
before a write ends it, and drivers that run every statement of a text (pg's ``query(text)``
without values, psycopg's simple query) run the write in autocommit. So the caller's text must
not be able to hold a second statement: the driver runs one statement per call (the models'
``single-statement`` rows), or the function refuses a text with ``;`` before the query (an ``if``
whose test looks for ``";"`` in the query's variable, ``includes``/``indexOf``/a regex ``test``,
and that returns or throws).
"""

from __future__ import annotations

import re
from typing import Optional

from ...catalog import catalog
from . import nodes as N

#: a statement that opens, ends or changes a transaction or the session's transaction mode
_TX_CONTROL = re.compile(r"(?i)^\s*(begin|start\s+transaction|commit|rollback|end|abort|"
                         r"set\s+(session\s+|local\s+)?(transaction|session\s+characteristics|default_transaction_read_only)|"
                         r"pragma\s+query_only)\b")
_POOL = re.compile(r"(?i)(^|\.)(pool|createpool)$")


def _statement(fa, call) -> Optional[str]:
    """The constant text of a call's only string argument, or None."""
    args = N.args_of(call)
    return N.string_value(fa.data, N.unwrap(args[0])) if len(args) == 1 else None


def _pooled(fa, recv) -> bool:
    tp = (fa.type_of(recv) or "").replace("()", "")
    last = N.last_name(fa.data, recv) or ""
    return bool(_POOL.search(tp) or _POOL.search(last))


_SEMI = re.compile(r"""(includes|indexOf|test|search|match)\s*\(|/[^/\n]*;[^/\n]*/""")


def refuses_stacking(fa, call, query_node) -> bool:
    """An ``if`` before ``call`` that tests the query's variable for ``;`` and returns or throws."""
    q = N.unwrap(query_node) if query_node is not None else None
    while q is not None and q.type in ("as_expression", "non_null_expression", "parenthesized_expression"):
        q = N.unwrap(q.named_children[0]) if q.named_children else None
    if q is None or q.type != "identifier":
        return False
    name = N.text(fa.data, q)
    root = fa.node if fa.node is not None else fa.mod.tree.root_node
    stack = [root]
    while stack:
        n = stack.pop()
        if n.start_byte >= call.start_byte:
            continue
        if n.type == "if_statement" and n.end_byte <= call.start_byte:
            cond = n.child_by_field_name("condition")
            body = n.child_by_field_name("consequence")
            ct = N.text(fa.data, cond) if cond is not None else ""
            bt = N.text(fa.data, body) if body is not None else ""
            if re.search(rf"\b{re.escape(name)}\b", ct) and (";'" in ct or ';"' in ct or _SEMI.search(ct) and ";" in ct) \
                    and re.search(r"\b(return|throw)\b", bt):
                return True
        stack.extend(n.named_children)
    return False


#: constructs whose parts may not run: a statement in one runs only on some paths
_BRANCHES = frozenset({"if_statement", "else_clause", "ternary_expression", "switch_case", "switch_default",
                       "catch_clause", "for_statement", "for_in_statement", "while_statement"}) | N.FUNCTIONS
_SHORT_CIRCUIT = frozenset({"&&", "||", "??"})


def _conditional(stmt, call) -> bool:
    """Whether ``stmt`` runs only on some of the paths that reach ``call``: between it and the
    innermost construct holding both, a branch, a loop, a callback or the right operand of
    ``&&``/``||``/``??`` (``if (args.readonly) await client.query("BEGIN READ ONLY")``: rev54)."""
    child, p = stmt, stmt.parent
    while p is not None and not (p.start_byte <= call.start_byte and call.end_byte <= p.end_byte):
        if p.type in _BRANCHES:
            return True
        if p.type == "binary_expression":
            op, right = p.child_by_field_name("operator"), p.child_by_field_name("right")
            if op is not None and op.type in _SHORT_CIRCUIT and right is not None and right.start_byte <= child.start_byte:
                return True
        child, p = p, p.parent
    return False


def read_only_before(fa, call, recv_node) -> bool:
    """Whether the last transaction statement run on ``recv_node``'s receiver before ``call`` in
    this function makes the transaction or session read-only (module docstring)."""
    recv = N.unwrap(recv_node) if recv_node is not None else None
    if recv is None or recv.type not in ("identifier", "member_expression") or _pooled(fa, recv):
        return False
    statements = catalog().python.read_only_statements
    if not statements:
        return False
    who = N.text(fa.data, recv)
    root = fa.node if fa.node is not None else fa.mod.tree.root_node
    last: Optional[str] = None
    stack = [root]
    found = []
    while stack:
        n = stack.pop()
        if n.start_byte >= call.start_byte:
            continue
        if n.type == "call_expression" and n.end_byte <= call.start_byte:
            fn = n.child_by_field_id(fa.F.function)
            obj = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
            if obj is not None and N.text(fa.data, obj) == who:
                text = _statement(fa, n)
                if text is not None and _TX_CONTROL.search(text) and not (
                        _conditional(n, call) and any(p.search(text) for p in statements)):
                    found.append((n.start_byte, text))
        stack.extend(n.named_children)
    if found:
        last = max(found)[1]
    return last is not None and any(p.search(last) for p in statements)
