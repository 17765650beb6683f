"""A read-only check of the first parsed statement only: ``sqlparse.parse(q)[0].get_type() ==
"SELECT"`` (or the type bound to a name first, ``kind = parse(q)[0].get_type().upper()``; or the
statement, ``stmt = parse(q)[0]; stmt.get_type()``). The parser splits the text into statements
and the check reads the first one's type: ``SELECT 1; DROP TABLE t`` passes it, and so does a
data-modifying ``WITH d AS (DELETE ... RETURNING *) SELECT ...`` (typed by its final SELECT). It
is the query-prefix check of :mod:`.narrowing` in another shape, and reported the same way
(``tool-read-only-bypass``). The parsers and the type methods are the SQL models'
``first-statement`` (``read-only-checks``).

A function that also counts the statements (``len(sqlparse.split(q)) != 1``) stops the stacked
statement: that check is left as it was (not read as one).
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..lazycst import cst

from . import cstnodes as N

_CASE = ("upper", "lower", "strip", "casefold", "rstrip", "lstrip")


def _name_values(fn) -> Dict[str, List[cst.BaseExpression]]:
    """The values each local name is assigned by a plain ``name = value`` in the function."""
    out: Dict[str, List[cst.BaseExpression]] = {}
    for a in N.find_all(fn, cst.Assign):
        if len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name):
            out.setdefault(a.targets[0].target.value, []).append(a.value)
    return out


def _bound(fa, node):
    """The value a local name is assigned, when the function assigns it once (else the node)."""
    if not isinstance(node, cst.Name) or fa.fn is None:
        return node
    values = N.per_node(fa.mod, "_name_values", fa.fn, _name_values).get(node.value, ())
    return values[0] if len(values) == 1 else node


def _uncased(node):
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _CASE:
        node = node.func.value
    return node


def _parsed_var(fa, node) -> Optional[str]:
    """``parser(q)`` of a statement parser the models know: the variable ``q``."""
    if isinstance(node, cst.Call) and node.args and (fa.mod.dotted(node.func) or "") in fa.M.first_statement.get("statement-parsers", ()):
        return N.var_of(node.args[0].value)
    return None


def first_statement_var(fa, node) -> Optional[str]:
    """The caller variable whose first parsed statement's type ``node`` is, or None (see the
    module docstring); None too when the function counts the statements of that variable."""
    typed = _uncased(_bound(fa, _uncased(node)))
    if not (isinstance(typed, cst.Call) and not typed.args and isinstance(typed.func, cst.Attribute)
            and typed.func.attr.value in fa.M.first_statement.get("statement-type-methods", ())):
        return None
    first = _bound(fa, typed.func.value)
    if not (isinstance(first, cst.Subscript) and len(first.slice) == 1 and isinstance(first.slice[0].slice, cst.Index)
            and isinstance(first.slice[0].slice.value, cst.Integer) and first.slice[0].slice.value.value == "0"):
        return None
    var = _parsed_var(fa, _bound(fa, first.value))
    if not var or not fa.env.get(var) or _counts(fa, var):
        return None
    return var


def first_statement_check(fa, cond: cst.Comparison, truth: bool) -> list:
    """``parse(q)[0].get_type() == "SELECT"`` (or ``in ("SELECT", "SHOW")``) passed: the narrowing
    of a read-only check of the first parsed statement, weak as a query-prefix check, or []."""
    op = cond.comparisons[0].operator if len(cond.comparisons) == 1 else None
    if not ((isinstance(op, (cst.In, cst.Equal)) and truth) or (isinstance(op, (cst.NotIn, cst.NotEqual)) and not truth)):
        return []
    typed, value = cond.left, cond.comparisons[0].comparator
    if isinstance(op, (cst.Equal, cst.NotEqual)) and N.string_value(typed) is not None:
        typed, value = value, typed  # "SELECT" == kind
    words = [N.string_value(e) for e in N.elements(fa._collection(value) or value)]
    if not words or None in words or not all(w.strip() and w.split()[0].upper() in fa.M.read_prefixes for w in words):
        return []
    var = first_statement_var(fa, typed)
    if not var or not _fails_out(fa, cond, truth):
        return []
    shown = "/".join(repr(w.strip().upper()) for w in words)
    # a type check admits no EXPLAIN unless it names it; a data-modifying WITH is typed SELECT
    explain = any(w.split()[0].upper() == "EXPLAIN" for w in words)
    return [(v, f, why.replace(f"by query prefix ({shown})", f"by query prefix ({shown}) of the first parsed "
                               "statement only", 1).replace(
        "', 'WITH x AS (DELETE ...)' and 'EXPLAIN ANALYZE DELETE ...' pass",
        "', 'WITH x AS (DELETE ...)' and 'EXPLAIN ANALYZE DELETE ...' pass" if explain
        else "' and 'WITH x AS (DELETE ... RETURNING *) SELECT ...' pass", 1), how)
        for v, f, why, how in fa._read_prefix(var, words)]


def _fails_out(fa, cond, truth: bool) -> bool:
    """The check refuses: in an ``if`` whose test is the comparison (or its negation), the branch
    taken when it fails leaves the function (``raise``, ``return``). A tool that runs the other
    statements too and reads the type only to fetch rows (``if type == "SELECT": ... return rows``,
    then ``execute; commit``) routes, it keeps nothing read-only. Elsewhere (a helper's return, a
    longer condition) the check stands as read."""
    stmt = fa.stmt
    if not isinstance(stmt, cst.If):
        return True
    test = stmt.test
    if test is not cond and not (isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
                                 and test.expression is cond):
        return True
    passed_body = truth if test is cond else not truth  # the check passes where the body runs
    failing = (stmt.orelse.body if isinstance(stmt.orelse, cst.Else) else None) if passed_body else stmt.body
    last = failing.body[-1] if isinstance(failing, cst.IndentedBlock) and failing.body else None
    if passed_body and stmt.orelse is None:  # if ok: <run>; then the statement after the if
        blocks = N.find_all(fa.fn, cst.IndentedBlock) if fa.fn is not None else ()
        last = next((b.body[i + 1] for b in blocks for i, x in enumerate(b.body[:-1]) if x is stmt), None)
    if isinstance(last, cst.SimpleStatementLine) and last.body:
        last = last.body[-1]
    return isinstance(last, (cst.Raise, cst.Return))


def _counts(fa, var: str) -> bool:
    """``len(sqlparse.split(q))`` / ``len(parsed)`` with ``parsed = sqlparse.parse(q)`` in the
    function: the statements of ``q`` are counted (a second one is refused)."""
    for call in N.find_all(fa.fn, cst.Call) if fa.fn is not None else ():
        if isinstance(call.func, cst.Name) and call.func.value == "len" and len(call.args) == 1 \
                and _parsed_var(fa, _bound(fa, call.args[0].value)) == var:
            return True
    return False


__all__ = ["first_statement_check", "first_statement_var"]
