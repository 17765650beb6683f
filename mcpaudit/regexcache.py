"""Compiled regular expressions kept beside the byte code: a cold scan without compiling its
regular expressions again.

``re.compile`` parses a pattern and turns it into the regex engine's code in pure Python, and
nothing keeps that work between runs: a scan compiles ~460 patterns in the scanning process
(the catalog's sink and name tables, the tool-description signals, the analyses' module-level
patterns) and ~220 more in the ts engine's forked child, ~0.08 s of CPU in each on
modelcontextprotocol/servers ``src/``; on a tree of a dozen lines that is a fifth of the
Python work. The regex engine itself (``_sre.compile``) builds a pattern object from that code
in microseconds.

:func:`install` gives ``re``'s compiler (``re._compiler.compile``, which ``re.compile`` and the
module-level functions call once per pattern and flags before ``re``'s own in-process cache)
a table from (pattern, flags) to the arguments of ``_sre.compile``: the flags the parse added,
the code, the groups. A pattern the table lacks is compiled by ``re`` as before; its entry is
derived the way ``re`` derives it, and kept only when the pattern object made from it is equal
to ``re``'s own (pattern objects compare their flags, pattern text and code), so a table never
holds an entry ``re`` would not have made. The table is a ``marshal`` file in the package's
``__pycache__``, named with the interpreter's cache tag and checked against the interpreter's
version and the regex engine's ``MAGIC`` (another interpreter's table is an empty one); written
at exit when a run compiled something new, unless byte-code writing is off
(``PYTHONDONTWRITEBYTECODE``, ``-B``), and by :func:`prime` (what ``compileall`` is to byte
code). Only the command line installs it, next to :mod:`mcpaudit.codecache`; a program that
imports :mod:`mcpaudit.api` keeps its own ``re`` untouched. A pattern taken from the table is
not parsed, so the parser's warnings about it (a possible nested set) are not repeated.
"""

from __future__ import annotations

import atexit
import sys
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

from .codecache import cache_file, read_table, write_table

#: How many patterns the table keeps at most; past it only the patterns of the last run are
#: written (patterns built from a scanned tree's names would otherwise accumulate).
LIMIT = 4000

_state: Dict[str, Any] = {}

Key = Tuple[Any, int]


def table_path() -> Optional[Path]:
    """The table's file, or None when this interpreter has no byte-code cache tag."""
    return cache_file("regex-code")


def _stamp() -> Tuple[str, int, int]:
    import _sre

    return (sys.version, _sre.MAGIC, _sre.CODESIZE)


def _load(path: Optional[Path]) -> Dict[Key, tuple]:
    data = read_table(path, _stamp())
    return data if isinstance(data, dict) else {}


def _modules():
    """``re``'s compiler and parser modules (``sre_compile``/``sre_parse`` before 3.11)."""
    import re

    comp = getattr(re, "_compiler", None)
    if comp is not None:
        return comp, re._parser  # type: ignore[attr-defined]
    import sre_compile
    import sre_parse

    return sre_compile, sre_parse


def entry_of(pattern, flags: int) -> tuple:
    """The arguments ``re``'s compiler gives ``_sre.compile`` for ``pattern`` (after the
    pattern itself): flags, code, groups, group index, index group."""
    comp, parser = _modules()
    p = parser.parse(pattern, flags)
    code = comp._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1, groupindex, tuple(indexgroup))


def install(write: Optional[bool] = None, keep: Optional[bool] = None) -> bool:
    """Give ``re``'s compiler the table (once per process); False where it cannot (another
    interpreter, or a compiler someone else replaced). ``write``: save the table at exit
    (default: unless byte-code writing is off); ``keep``: add the patterns compiled here to the
    table (default: ``write``; a table never written gains nothing from them, as ``re`` keeps
    its own patterns for the process)."""
    if _state:
        return True
    import _sre

    comp, _parser = _modules()
    original = comp.compile
    if sys.implementation.name != "cpython" or getattr(original, "__module__", None) != comp.__name__:
        return False
    path = table_path()
    table = _load(path)
    used: Dict[Key, tuple] = {}
    new = [0]
    debug = getattr(comp, "SRE_FLAG_DEBUG", 128)
    write = write if write is not None else not sys.dont_write_bytecode
    keep = write if keep is None else keep

    def cached_compile(p, flags=0):
        if type(p) not in (str, bytes) or flags & debug:
            return original(p, flags)
        key = (p, int(flags))
        hit = table.get(key)
        if hit is not None:
            used[key] = hit
            return _sre.compile(p, *hit)
        compiled = original(p, flags)  # re's own, and its errors and warnings
        if not keep:
            return compiled
        try:
            entry = entry_of(p, int(flags))
            if _sre.compile(p, *entry) == compiled:
                table[key] = used[key] = entry
                new[0] += 1
        except Exception:  # an entry that cannot be derived is not kept
            pass
        return compiled

    cached_compile.__wrapped__ = original  # type: ignore[attr-defined]
    comp.compile = cached_compile
    _state.update(table=table, used=used, new=new, path=path, module=comp, original=original, write=write)
    if write:
        atexit.register(save)
    return True


def save_child() -> bool:
    """:func:`save` from a forked child that leaves without running ``atexit`` handlers (the ts
    engine's, :mod:`mcpaudit.engines.prefork`), where the table is written at all."""
    return bool(_state.get("write")) and save()


def uninstall() -> None:
    """``re``'s own compiler back (for tests)."""
    if _state:
        _state["module"].compile = _state["original"]
        _state.clear()


def save() -> bool:
    """Write the table when this process compiled something new: what the file holds now (a
    forked child's patterns, another run's), with this process's entries over it."""
    path = _state.get("path")
    if not _state or not _state["new"][0] or path is None:
        return False
    table = _state["table"] if len(_state["table"]) <= LIMIT else _state["used"]
    merged = {**_load(path), **table}
    if len(merged) > LIMIT:
        merged = dict(table)
    if not write_table(path, merged, _stamp()):
        return False
    _state["new"][0] = 0
    return True


__all__ = ["install", "uninstall", "save", "save_child", "entry_of", "table_path", "LIMIT"]
