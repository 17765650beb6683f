"""The library models kept built between runs: a scan without rebuilding them from their YAML.

Building :class:`~mcpaudit.catalog.models.PythonModels` and
:class:`~mcpaudit.catalog.models.TsModels` from the model files (the parsed documents already come
from :mod:`mcpaudit.compact`) validates and interprets ~3,700 rows: ~0.0095 s and ~0.006 s of CPU
in the scanning process of every cold scan, the largest piece of its start-up after the imports.
Unpickling the built models costs ~0.002 s each.

:func:`load` keeps each in one file in the user cache home (``catalog/models-<kind>-<tag>.bin``,
next to the compact store), signed like it (an HMAC with the per-user key: a planted or damaged
file is never unpickled) and stamped with a key that covers every input of the build: the model
files' names and bytes, the family ids, the source of every module of this package (the rules
that read the rows) and the interpreter's version. A snapshot whose key does not match (a model
file edited, the loader changed) is never used: the models are built as before and the snapshot
is written again. Any failure to read, unpickle or write only costs the build. The models are
equal either way (``tests/test_startup34.py``).
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import sys
from pathlib import Path
from typing import Callable, FrozenSet, Optional, TypeVar

T = TypeVar("T")

_MAGIC = b"MCPM1"
#: Bump when what a snapshot holds changes in a way its key does not cover.
_FORMAT = b"mcpaudit-models-1"
_KEY_BYTES = 32


def snapshot_file(kind: str) -> Optional[Path]:
    """Where the snapshot of ``kind`` is kept; None (build every time) with
    ``MCPAUDIT_NO_COMPACT=1``, as the compact store."""
    from .. import compact

    store = compact.store_file()
    if store is None:
        return None
    tag = f"py{sys.version_info[0]}{sys.version_info[1]}-{sys.implementation.name}"
    return store.parent / f"models-{kind}-{tag}.bin"


def key(kind: str, directory: Path, families: FrozenSet[str]) -> bytes:
    """What the models of ``directory`` built with ``families`` depend on, hashed."""
    h = hashlib.blake2b(digest_size=_KEY_BYTES)

    def part(data: bytes) -> None:
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)

    for data in (_FORMAT, sys.version.encode(), kind.encode(), "\0".join(sorted(families)).encode()):
        part(data)
    for folder in (Path(__file__).resolve().parent, directory):
        for path in sorted(folder.glob("*.py" if folder != directory else "*.yaml")):
            part(path.name.encode())
            part(path.read_bytes())
    return h.digest()


def load(kind: str, directory: Path, families: FrozenSet[str], build: Callable[[], T], cls: type) -> T:
    """The models of ``directory`` (a ``cls``): from the snapshot when its key matches, else
    ``build()`` (its errors propagate, and nothing is written for them), then written for the
    next run."""
    try:
        path = snapshot_file(kind)
        stamp = key(kind, directory, families)
    except OSError:  # a model file that cannot be read: the build says what is wrong
        return build()
    if path is None:
        return build()
    signing = _signing_key()
    found = _read(path, signing, stamp)
    if type(found) is cls:
        return found  # type: ignore[return-value]
    built = build()
    try:
        from ..signedfile import write_signed

        path.parent.mkdir(parents=True, exist_ok=True)
        write_signed(path, _MAGIC, signing, stamp + _dumps(built))
    except Exception:  # unwritable, or a value pickle cannot hold: built every time
        pass
    return built


class _Pickler(pickle.Pickler):
    """Pickles a compiled pattern as ``re.compile(pattern, flags)`` with the fewest flags that
    compile an equal pattern (none, for most). A pattern's ``flags`` add the ``re.UNICODE`` of a
    ``str`` pattern and its inline flags (``(?i)``), and ``re``'s own pickling passes them all,
    so the unpickled compile missed :mod:`mcpaudit.regexcache`'s table (keyed by the flags the
    build passed: mostly none) and parsed each pattern again (~0.03 s for the two snapshots)."""

    def reducer_override(self, obj):
        if type(obj) is re.Pattern:
            return re.compile, (obj.pattern, _flags(obj))
        return NotImplemented


def _flags(pattern: "re.Pattern") -> int:
    given = pattern.flags & ~re.UNICODE if isinstance(pattern.pattern, str) else pattern.flags
    for flags in (0, given):
        try:
            if re.compile(pattern.pattern, flags) == pattern:
                return flags
        except (re.error, ValueError):
            pass
    return pattern.flags


def _dumps(value) -> bytes:
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buf.getvalue()


def _signing_key() -> bytes:
    from ..cache import _signing_key as signing

    return signing()


def _read(path: Path, signing: bytes, stamp: bytes):
    from ..signedfile import read_signed

    payload = read_signed(path, _MAGIC, signing)
    if payload is None or payload[:_KEY_BYTES] != stamp:
        return None
    try:
        return pickle.loads(payload[_KEY_BYTES:])
    except Exception:  # a class renamed since (the key covers this package, not the others)
        return None


__all__ = ["key", "load", "snapshot_file"]
