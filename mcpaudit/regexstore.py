"""Compiled regular expressions from the compact store, before any module compiles its own.

A scan compiles ~380 regular expressions: the module-level patterns of the analysis and the
checks, the catalog's name alternations, those of click and libcst. That is ~0.07-0.09 s of CPU
in every process, all of it in Python (``re``'s parser and code generator), for the same
patterns every time. CPython's ``re`` looks every pattern up first in its own cache of compiled
patterns (``re._cache``; ``re.compile``, ``re.search``, ... all go through it). :func:`install`
fills that cache from the compact store (:mod:`mcpaudit.compact`): for each pattern compiled in
an earlier run, the code CPython's compiler generated for it, handed to ``_sre.compile`` as
``re``'s compiler does last: the same pattern object, at ~3 % of the cost. At exit, the patterns
this process compiled that the store lacks are added (parsed and generated again by ``re``'s
own functions).

Only on CPython 3.11 and later with those internals as expected, under the exact interpreter
version and ``_sre.MAGIC`` (the code format): any other interpreter reads and writes nothing,
and any failure leaves ``re`` as it was. ``MCPAUDIT_NO_COMPACT=1`` turns the store off.
"""

from __future__ import annotations

import atexit
import sys
from typing import Any, List, Optional, Tuple

#: More recorded patterns than this and the record starts again from this process's.
MAX_PATTERNS = 1500
#: Room left in ``re``'s cache (512 patterns; it drops the oldest beyond that).
_HEADROOM = 96

Record = Tuple[bool, Any, int, int, List[int], int, dict, tuple]
_installed = False


def _key() -> Optional[str]:
    if sys.implementation.name != "cpython" or sys.version_info < (3, 11):
        return None
    import re

    import _sre

    if not (isinstance(getattr(re, "_cache", None), dict) and callable(getattr(_sre, "compile", None))
            and hasattr(re, "_compiler") and hasattr(re._compiler, "_code") and hasattr(re, "_parser")
            and hasattr(re._parser, "parse")):
        return None
    from . import compact

    return "re:" + compact.digest(sys.version.encode(), str((_sre.MAGIC, _sre.CODESIZE, re._MAXCACHE)).encode())


def _record(pattern: Any, flags: int) -> Record:
    """What ``re._compiler.compile(pattern, flags)`` hands to ``_sre.compile``."""
    import re

    p = re._parser.parse(pattern, flags)
    code = [int(op) for op in re._compiler._code(p, flags)]
    groupindex = dict(p.state.groupdict)
    indexgroup: List[Optional[str]] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (isinstance(pattern, bytes), pattern, int(flags), int(flags | p.state.flags), code,
            p.state.groups - 1, groupindex, tuple(indexgroup))


def install() -> None:
    """Fill ``re``'s cache from the store (once per process), and record new patterns at exit."""
    global _installed
    if _installed:
        return
    _installed = True
    try:
        key = _key()
        if key is None:
            return
        import re

        import _sre

        from . import compact

        records = compact.get(key) or []
        cache = re._cache
        room = max(0, re._MAXCACHE - _HEADROOM - len(cache))
        for is_bytes, pattern, flags, final, code, groups, groupindex, indexgroup in records[:room]:
            k = (bytes if is_bytes else str, pattern, flags)
            if k not in cache:
                cache[k] = _sre.compile(pattern, final, code, groups, groupindex, indexgroup)
        atexit.register(_save, key, records)
    except Exception:
        return


def _save(key: str, records: List[Record]) -> None:
    """Add the patterns in ``re``'s cache that ``records`` lacks, and write the store."""
    try:
        import re

        from . import compact

        seen = [(typ is bytes, pattern, flags) for typ, pattern, flags in list(re._cache)
                if not flags & (re.DEBUG | re.LOCALE)]
        known = {(r[0], r[1], r[2]) for r in records}
        if all(k in known for k in seen):
            return
        if len(known | set(seen)) > MAX_PATTERNS:  # start again from this process's patterns
            records, known = [], set()
        compact.put(key, list(records) + [_record(p, f) for b, p, f in seen if (b, p, f) not in known])
        compact.save()
    except Exception:
        return


__all__ = ["MAX_PATTERNS", "install"]
