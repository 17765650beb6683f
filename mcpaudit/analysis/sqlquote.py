"""Values escaped for an SQL literal by doubling their quotes, and the dialects where that holds.

``x.replace("'", "''")`` placed between single quotes (``f"CALL p('{safe}')"``) is a complete
escape where the quote is the only escape of a literal: PostgreSQL (``standard_conforming_strings``
on, the default since 9.1), SQLite, DuckDB, SQL Server, Oracle. It is not where a backslash also
escapes inside a literal (MySQL/MariaDB, ClickHouse, Snowflake, BigQuery): ``\\'`` doubles to
``\\''``, the backslash takes the first quote and the second one ends the literal. Which dialect a
query runs in comes from the models (``sql-dialects`` in ``rules/models/python/sql.yaml``): the
driver that built the query's receiver, else every driver the project imports; a driver that
reaches any engine (SQLAlchemy, ODBC) or none at all leaves the dialect unknown, and the value is
reported as before.

Two marks in a value's ``clean`` set carry the proof, each with the quote character:

* :data:`DOUBLED` — every such quote of the value was doubled (``str.replace(q, q * 2)``);
* :data:`QUOTED` — a doubled value was placed inside a literal opened by that quote in the text
  before it (not an ``E'...'`` escape string, not an Oracle ``q'...'`` literal, whose quotes do
  not end the way plain ones do). Building the value into a larger string whose own text holds
  the quote drops ``DOUBLED`` (a template without it keeps it: ``f'"{v}"'``), and placing a
  ``QUOTED`` piece inside another literal of its quote drops that (its own quotes now close the
  outer literal).

The marks meet like any other cleanliness: a value placed once inside quotes and once outside
them keeps neither.
"""

from __future__ import annotations

import re
from functools import lru_cache

from typing import Dict, FrozenSet, Iterable, Optional

from ..lazycst import cst

from ..catalog import catalog
from .cstnodes import string_value
from .narrowing import admitted_writers
from .taintvalue import Info, Taint, union
from .urlpath import HOLE, class_constant, format_fields

DOUBLED = "sql-doubled\x1f"
QUOTED = "sql-quoted\x1f"
#: a doubled (or backslash-escaped) ``"`` value inside a ``"`` literal of a script language whose
#: only quote is ``"`` and whose backslash escapes (AppleScript: an apostrophe is text there)
DQUOTED = "script-dquoted"
_QUOTES = ("'", '"', "`")
#: the text of a template that is not known: it may hold any quote
ANY_QUOTE = "".join(_QUOTES)
#: literal prefixes whose quotes end differently: PostgreSQL's escape strings (backslash escapes
#: are on inside E'...'), Oracle's alternative quoting (q'[...]' ends at "]'")
_PREFIXES = frozenset("EeQq")


def doubled_quote(call: cst.Call) -> Optional[str]:
    """The quote ``x.replace(q, q + q)`` doubles, or None for any other call."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "replace") or len(call.args) != 2:
        return None
    if any(a.keyword is not None or a.star for a in call.args):
        return None
    old, new = string_value(call.args[0].value), string_value(call.args[1].value)
    return old if old in _QUOTES and new == old * 2 else None


def mark_doubled(t: Taint, quote: str) -> Taint:
    return {k: i.replace(clean=i.clean | {DOUBLED + quote}) for k, i in t.items()}


def open_literal(before: str) -> Optional[str]:
    """The quote of the SQL literal (or quoted identifier) still open at the end of ``before``,
    "" when one is open whose quotes end differently (``E'``, ``q'``), None when none is open.
    Earlier values (:data:`HOLE`) count as text without quotes."""
    state: Optional[str] = None
    prefix = ""
    for i, ch in enumerate(before):
        if state is None and ch in _QUOTES:
            state, prefix = ch, before[i - 1] if i else ""
        elif state is not None and ch == state:
            state = None
    if state is None:
        return None
    return "" if state == "'" and prefix in _PREFIXES else state


def open_double(before: str) -> bool:
    """A ``"`` literal is still open at the end of ``before`` when ``"`` is the only quote and a
    backslash escapes the next character (AppleScript)."""
    state, escaped = False, False
    for ch in before:
        if escaped:
            escaped = False
        elif state and ch == "\\":
            escaped = True
        elif ch == '"':
            state = not state
    return state


def place(t: Taint, before: str, text: str = ANY_QUOTE) -> Taint:
    """``t`` spliced into a string after the text ``before``, in a template whose own text is
    ``text``: a doubled value inside a literal of its quote is :data:`QUOTED` for it; the larger
    string stays doubled for the quotes its own text does not hold (``f'"{v}"'`` keeps ``'``
    doubled); any other mark is dropped."""
    if not t:
        return t
    q = open_literal(before)
    dq: Optional[bool] = None
    out: Taint = {}
    for k, i in t.items():
        marks = {c for c in i.clean if c.startswith((DOUBLED, QUOTED, DQUOTED))}
        if not marks:
            out[k] = i
            continue
        dq = open_double(before) if dq is None else dq
        gone = {c for c in marks if (c.startswith(DOUBLED) and (c[-1] in text or c[-1] == q))
                or (q is not None and c == QUOTED + q) or (c == DQUOTED and dq)}
        clean = i.clean - gone
        if q and DOUBLED + q in marks:
            clean = clean | {QUOTED + q}
        if dq and DOUBLED + '"' in marks:
            clean = clean | {DQUOTED}  # between a script's "..." (stdinscript.quoted_string)
        out[k] = i.replace(clean=frozenset(clean))
    return out


def strip(t: Taint) -> Taint:
    """``t`` changed in a way that can break a doubled pair (a slice): neither mark holds."""
    if not t or not any(c.startswith((DOUBLED, QUOTED, DQUOTED)) for i in t.values() for c in i.clean):
        return t
    return {k: i.replace(clean=frozenset(c for c in i.clean if not c.startswith((DOUBLED, QUOTED, DQUOTED))))
            for k, i in t.items()}


def placed_args(mod, cls, call: cst.Call, pos_args, kw_args):
    """The arguments of ``template.format(...)`` placed after the template's text before their
    fields (every use of a field must be inside a literal), and of ``sep.join(items)``: the items
    stay doubled when the separator holds no quote. Any other argument is built in as is."""
    func = call.func
    if func.attr.value == "join":
        sep = string_value(func.value)
        keep = sep is not None and not any(q in sep for q in _QUOTES)
        return ([a if keep else strip(a) for a in pos_args], kw_args)
    template = class_constant(mod, cls, func.value) if func.attr.value == "format" else None
    fields = format_fields(template) if template is not None else []
    befores: Dict[str, list] = {}
    for name, before in fields:
        befores.setdefault(name, []).append(before)

    def put(key: str, t: Taint) -> Taint:
        if not t:
            return t
        placed = [place(t, b, template) for b in befores.get(key, ())]
        return union(*placed) if placed else place(t, "")

    return ([put(str(i), a) for i, a in enumerate(pos_args)], {k: put(k, v) for k, v in kw_args.items()})


def driver_dialect(models, dotted: str) -> Optional[str]:
    """The dialect of the driver module ``dotted`` (a module, or a name in it) belongs to."""
    mods: Dict[str, str] = models.sql_dialect_modules
    parts = dotted.replace("()", "").split(".")
    for n in range(len(parts), 0, -1):
        d = mods.get(".".join(parts[:n]))
        if d is not None:
            return d
    return None


def imported_dialects(models, imports: Iterable[str]) -> FrozenSet[str]:
    """The dialects of the SQL drivers among ``imports`` (dotted names)."""
    return frozenset(d for d in (driver_dialect(models, v) for v in imports) if d is not None)


def doubling_holds(models, dialects: FrozenSet[str], info: Info) -> bool:
    """``info`` was doubled and placed inside a literal of a quote whose doubling is a complete
    escape in every one of ``dialects`` (none of them unknown)."""
    if not dialects or not any(c.startswith(QUOTED) for c in info.clean):
        return False
    from .sqlescape import escaped_quotes

    complete: Dict[str, FrozenSet[str]] = models.sql_doubling_quotes
    quotes = None
    for d in dialects:
        qs = complete.get(d)
        if qs is None:
            return False  # a driver that reaches any engine: the dialect is unknown
        qs = escaped_quotes(qs, info.clean)  # the backslash escaped first (sqlescape.py)
        quotes = qs if quotes is None else quotes & qs
    return any(QUOTED + q in info.clean for q in quotes or ())


def sink_dialects(linker, sink) -> FrozenSet[str]:
    """The dialect of the sink's driver, else of every driver the project (``linker.modules``)
    imports."""
    if sink.dialect:
        return frozenset({sink.dialect})
    dialects = linker.__dict__.get("_sql_dialects")
    if dialects is None:
        dialects = linker._sql_dialects = imported_dialects(
            catalog().python, (v for m in linker.modules.values() for v in m.imports.values()))
    return dialects


def doubled_in_literal(linker, sink, info: Info) -> bool:
    """An SQL sink reached by ``info`` only inside literals its doubling escapes completely."""
    if sink.family != "sql" or not any(c.startswith(QUOTED) for c in info.clean):
        return False
    return doubling_holds(catalog().python, sink_dialects(linker, sink), info)


#: in ``Info.clean``: the value was placed in a query text that starts with this naming statement
#: (TS: `SHOW TABLES IN ${db}` handed to a helper whose sink sees no constant text of its own)
STATEMENT = "sql-statement="


@lru_cache(maxsize=512)
def statement_mark(word: str) -> FrozenSet[str]:
    """The mark of a value placed in a query text whose first word is ``word``, when that word
    is a naming statement of some dialect (``SHOW``, ``DESCRIBE``); else nothing."""
    word = word.upper()
    naming = catalog().python.sql_naming_statements
    return frozenset({STATEMENT + word}) if any(word in v for v in naming.values()) else frozenset()


def names_only(linker, sink, info=None) -> bool:
    """An SQL sink whose query is a statement that takes only names (``DESC t``), in a dialect
    whose driver runs one statement per call: a value can only name another object. The
    statement is the sink's own constant text's, else the one the flow's text started with."""
    statement = sink.statement or next(
        (c[len(STATEMENT):] for c in (info.clean if info is not None and info.clean else ()) if c.startswith(STATEMENT)), None)
    if sink.family != "sql" or not statement:
        return False
    dialects = sink_dialects(linker, sink)
    naming = catalog().python.sql_naming_statements
    return bool(dialects) and all(statement in naming.get(d, ()) for d in dialects)


def select_reads(linker) -> set:
    """(path, line) of the SQL sinks whose dialect cannot write with a SELECT run alone (SQLite
    through sqlite3: one statement per call): a check that the query starts with SELECT holds
    there."""
    reads = catalog().python.sql_select_reads
    out = set()
    for path, mod in linker.modules.items():
        for fn in mod.functions.values():
            for s in fn.sinks:
                if s.family == "sql" and s.dialect in reads:
                    out.add((path, s.pos[0]))
    return out


def select_only(message: str) -> bool:
    """A read-only finding's check is a query-prefix check that admits only statements that
    cannot write when run alone (SELECT; not a setter PRAGMA or WITH ... DELETE, the SQL models'
    ``writing-prefixes``)."""
    m = re.search(r"by query prefix \(([^)]*)\)", message)
    if not m:
        return False
    words = [w.strip(" '\"").upper() for w in m.group(1).split("/")]
    M = catalog().python
    return all(w.split() and w.split()[0] in M.read_prefixes for w in words) \
        and not admitted_writers(words, M.writing_prefixes)


__all__ = ["DOUBLED", "STATEMENT", "statement_mark", "select_only", "select_reads", "HOLE", "QUOTED", "doubled_in_literal", "doubled_quote", "doubling_holds", "names_only", "sink_dialects", "driver_dialect",
           "imported_dialects", "mark_doubled", "open_literal", "place", "placed_args", "strip"]
