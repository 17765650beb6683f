"""A compact, signed store of values derived from mcpaudit's installation, not from a scan.

Every cold scan used to recompute the same things from the same installed files: the parsed
rule YAML (:mod:`mcpaudit.catalog._yaml`) and the installed versions of bandit and semgrep
(:func:`mcpaudit.engines.base.dist_version`, whose ``importlib.metadata`` import alone costs
~0.02 s). :func:`memo` keeps such values in one file in the user cache home
(:func:`mcpaudit.cache.user_cache_home`, ``catalog/``), as ``marshal`` data under a key that
covers every input of the value, like Python's bytecode cache: a changed input is a new key,
computed as before. The file is signed like the result cache (an HMAC with the per-user key),
and one that is missing, unsigned, from another Python or unreadable is ignored and rewritten
at exit. A value ``marshal`` cannot hold is recomputed every time, never stored. Each read
returns a new object, as the computation did.

It holds no scan result, so ``--no-cache`` and ``--cache-dir`` (the result cache) leave it
alone, and a cold scan (an empty result cache) still reads it.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Dict, Optional

from .signedfile import read_signed, write_signed

_MAGIC = b"MCPC1"
#: More entries than this (rule files edited many times) and the file keeps only this process's.
MAX_ENTRIES = 512

_lock = threading.RLock()
_table: Optional[Dict[str, bytes]] = None  # key -> marshal bytes, read once per process
_used: Dict[str, bytes] = {}  # what this process read or computed
_dirty = False


def store_file() -> Optional[Path]:
    """Where the values are kept (None: nowhere, compute every time; so with
    ``MCPAUDIT_NO_COMPACT=1``)."""
    if os.environ.get("MCPAUDIT_NO_COMPACT"):
        return None
    try:
        from .cache import user_cache_home

        tag = f"py{sys.version_info[0]}{sys.version_info[1]}-{sys.implementation.name}"
        return user_cache_home() / "catalog" / f"compact-{tag}.bin"
    except Exception:  # no home directory
        return None


def _signing_key() -> bytes:
    from .cache import _signing_key as key

    return key()


def _read() -> Dict[str, bytes]:
    path = store_file()
    if path is None:
        return {}
    payload = read_signed(path, _MAGIC, _signing_key())
    if payload is None:
        return {}
    try:
        table = marshal.loads(payload)
    except Exception:
        return {}
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, bytes) for k, v in table.items()):
        return {}
    return table


def save() -> None:
    """Write what this process used to the store, with what it already held (only this
    process's entries once it holds more than :data:`MAX_ENTRIES`). Runs at exit after a miss;
    a store that cannot be written only costs speed."""
    global _dirty
    with _lock:
        if not _dirty:
            return
        _dirty = False
        path = store_file()
        if path is None:
            return
        table = {**_read(), **_used}
        if len(table) > MAX_ENTRIES:
            table = dict(_used)
        try:
            write_signed(path, _MAGIC, _signing_key(), marshal.dumps(table))
        except (OSError, ValueError):
            pass


_MISSING = object()


def get(key: str, default: Any = None) -> Any:
    """The value stored under ``key`` (a new object each time), or ``default``."""
    global _table
    with _lock:
        if _table is None:
            _table = _read()
        blob = _table.get(key)
    if blob is not None:
        try:
            value = marshal.loads(blob)
            _used[key] = blob
            return value
        except Exception:
            pass
    return default


def put(key: str, value: Any) -> bool:
    """Store ``value`` under ``key`` (written at exit, or by :func:`save`); False when
    ``marshal`` cannot hold it (nothing is stored)."""
    global _table, _dirty
    try:
        blob = marshal.dumps(value)
    except ValueError:  # a type marshal cannot hold (a date)
        return False
    with _lock:
        if _table is None:
            _table = _read()
        _table[key] = _used[key] = blob
        if not _dirty:
            _dirty = True
            atexit.register(save)
    return True


def memo(key: str, compute: Callable[[], Any]) -> Any:
    """The value stored under ``key``, else ``compute()`` (stored when ``marshal`` can hold it).
    ``key`` must cover every input of the value. Exceptions of ``compute`` propagate, and
    nothing is stored for them."""
    value = get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        put(key, value)
    return value


def digest(*parts: bytes) -> str:
    """A key from ``parts``."""
    h = hashlib.blake2b(digest_size=20)
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()


def forget() -> None:
    """Drop what this process read (tests: the next :func:`memo` reads the store again)."""
    global _table, _dirty
    with _lock:
        _table = None
        _used.clear()
        _dirty = False


__all__ = ["MAX_ENTRIES", "digest", "forget", "get", "memo", "put", "save", "store_file"]
