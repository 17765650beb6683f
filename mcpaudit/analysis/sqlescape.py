"""Quote escapes made complete by escaping the backslash first (issue 12).

    value.replace("\\", "\\\\").replace("'", "\\'")      # MySQL: a complete literal escape
    value.replace("\\", "\\\\").replace("'", "''")       # any dialect

:mod:`.sqlquote` reads ``x.replace(q, q + q)`` placed between quotes ``q`` as a complete escape in
the dialects where the quote is a literal's only escape. Where a backslash also escapes (MySQL,
ClickHouse, Snowflake, BigQuery, Spark), a doubled quote after a caller's backslash is not: the
backslash takes the first quote. A replace chain that escapes the backslash first
(``replace("\\", "\\\\")``) closes that hole: the doubled quote is then a complete escape in every
known dialect (:data:`BS_FIRST`), and a backslash-escaped quote (``replace("'", "\\'")``) one in
the dialects where backslashes escape (:data:`BS_QUOTE`: not in PostgreSQL or SQLite, where
``\\'`` ends the literal). A dialect the models do not know leaves the value reported as before.

The escaper is inline, a function of the module, or one imported from another module of the
project (its source handed on by the first pass, importedhelpers.py). The same marks make a
value placed between the double quotes of an AppleScript literal one string (stdinscript.py).
"""

from __future__ import annotations

from typing import FrozenSet, Optional

from ..lazycst import cst

from .cstnodes import string_value
from .sqlquote import DOUBLED, doubled_quote
from .taintvalue import Taint

BS_FIRST = "sql-backslash-escaped-first"  # in ``clean``: backslashes were escaped before the quote
BS_QUOTE = "sql-backslash-quote"  # ... and the quote was escaped with a backslash, not doubled
_BACKSLASH = "\\"


def _replace_args(call) -> Optional[tuple]:
    func = call.func if isinstance(call, cst.Call) else None
    if not (isinstance(func, cst.Attribute) and func.attr.value == "replace") or len(call.args) != 2 or \
            any(a.keyword is not None or a.star for a in call.args):
        return None
    return string_value(call.args[0].value), string_value(call.args[1].value)


def _backslash_first(call: cst.Call) -> bool:
    """The receiver chain of ``call`` holds ``.replace("\\", "\\\\")`` (other replaces between)."""
    node = call.func.value
    while isinstance(node, cst.Call) and _replace_args(node) is not None:
        if _replace_args(node) == (_BACKSLASH, _BACKSLASH * 2):
            return True
        node = node.func.value
    return False


def mark_escaped(v: Taint, call: cst.Call) -> Taint:
    """``v`` (a replace call's value) with the marks its quote escape earns (:mod:`.sqlquote`)."""
    quote = doubled_quote(call)
    flags: FrozenSet[str] = frozenset()
    if quote is None:
        args = _replace_args(call)
        if not (args and args[0] in ("'", '"') and args[1] == _BACKSLASH + args[0] and _backslash_first(call)):
            return v
        quote, flags = args[0], frozenset({BS_FIRST, BS_QUOTE})
    elif quote in ("'", '"') and _backslash_first(call):
        flags = frozenset({BS_FIRST})
    return {k: i.replace(clean=i.clean | {DOUBLED + quote} | flags) for k, i in v.items()}


def _chain_escape(node, param: str) -> Optional[cst.Call]:
    """The quote-escaping replace call of a chain ``param.replace(...)...`` (the replaces after
    it put no quote or trailing backslash back); None when the chain is not that."""
    found = None
    while isinstance(node, cst.Call) and _replace_args(node) is not None:
        old, new = _replace_args(node)
        if found is None and (doubled_quote(node) or (old in ("'", '"') and new == _BACKSLASH + old)):
            found = node
        elif found is None and (new is None or any(q in new for q in ("'", '"', "`")) or new.endswith(_BACKSLASH)):
            return None
        node = node.func.value
    return found if isinstance(node, cst.Name) and node.value == param else None


def _escapers(mod) -> dict:
    """Module functions ``def esc(value): [if ...: raise ...] return value.replace(...)...``: name
    -> the chain's quote-escaping call."""
    memo = mod.__dict__.get("_sql_escapers")
    if memo is not None:
        return memo
    memo = mod.__dict__["_sql_escapers"] = {}
    for fn in mod.module.body:
        call = _escaper_call(fn)
        if call is not None:
            memo[fn.name.value] = call
    return memo


def _escaper_call(fn) -> Optional[cst.Call]:
    """The quote-escaping call of ``def esc(value): [if ...: raise ...] return value.replace(...)...``."""
    if not (isinstance(fn, cst.FunctionDef) and fn.params.params and isinstance(fn.body, cst.IndentedBlock)):
        return None
    body = fn.body.body
    last = body[-1] if body else None
    ret = last.body[0] if isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 else None
    if not isinstance(ret, cst.Return) or ret.value is None or not all(_guard_or_doc(s) for s in body[:-1]):
        return None
    return _chain_escape(ret.value, fn.params.params[0].name.value)


def _imported_escaper(mod, name: str) -> Optional[cst.Call]:
    """The chain of an escaper ``name`` the module imports from another module of the project,
    whose source the first pass handed on (importedhelpers.py: ``from .core import escape``)."""
    if name not in getattr(mod, "imported_helpers", {}):
        return None
    from .optlists import _imported

    return _escaper_call(_imported(mod, name))


def _guard_or_doc(stmt) -> bool:
    """A docstring, or ``if <test>: raise ...`` (the escaper refuses some values), or ``if value
    is None: return ""`` (it answers some with a constant of its own)."""
    if isinstance(stmt, cst.SimpleStatementLine):
        return all(isinstance(s, cst.Expr) and string_value(s.value) is not None for s in stmt.body)
    if isinstance(stmt, cst.If) and stmt.orelse is None and isinstance(stmt.body, cst.IndentedBlock):
        return all(isinstance(s, cst.SimpleStatementLine) and all(isinstance(x, cst.Raise) or _constant_return(x)
                                                                  for x in s.body) for s in stmt.body.body)
    return False


def _constant_return(stmt) -> bool:
    """``return ""`` (a string constant, or None): the escaper's own answer, no caller text."""
    return isinstance(stmt, cst.Return) and (stmt.value is None or string_value(stmt.value) is not None or (
        isinstance(stmt.value, cst.Name) and stmt.value.value == "None"))


def mark_escaper_call(fa, v: Taint, call: cst.Call) -> Taint:
    """``esc(x)`` of a module escaper (:func:`_escapers`): ``v`` with the marks its chain earns."""
    if not (v and isinstance(call.func, cst.Name) and call.args and call.args[0].keyword is None):
        return v
    inner = _escapers(fa.mod).get(call.func.value) or _imported_escaper(fa.mod, call.func.value)
    return mark_escaped(v, inner) if inner is not None else v


def escaped_quotes(qs: FrozenSet[str], clean) -> FrozenSet[str]:
    """The quotes whose escape is complete in a dialect where doubling completes ``qs``, for a
    value with the marks ``clean``."""
    if BS_QUOTE in clean:
        return frozenset(q for q in ("'", '"') if q not in qs)  # backslash escapes only where doubling is not enough
    if BS_FIRST in clean:
        return qs | {"'", '"'}
    return qs


__all__ = ["BS_FIRST", "BS_QUOTE", "escaped_quotes", "mark_escaped", "mark_escaper_call"]
