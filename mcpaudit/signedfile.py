"""Files written whole or not at all, and files signed with an HMAC: the result cache
(:mod:`mcpaudit.cache`), the compact store (:mod:`mcpaudit.compact`) and the baseline
(:mod:`mcpaudit.baseline`) write through :func:`atomic_write`; the first two keep
``magic + HMAC-SHA256(key, payload) + payload`` (:func:`write_signed`, :func:`read_signed`)."""

from __future__ import annotations

import hashlib
import hmac
import os
import tempfile
from pathlib import Path
from typing import Optional

_SIG = 32  # bytes of an HMAC-SHA256


def atomic_write(path: Path, data: bytes, prefix: str = ".tmp-", suffix: str = "") -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename, so a
    reader sees the old file or the new one, never half of one. Raises :class:`OSError`; the
    temporary file is removed on any failure."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix=prefix, suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_signed(path: Path, magic: bytes, key: bytes, payload: bytes) -> None:
    """:func:`atomic_write` of ``payload`` behind ``magic`` and its signature under ``key``."""
    atomic_write(path, magic + hmac.new(key, payload, hashlib.sha256).digest() + payload)


def read_signed(path: Path, magic: bytes, key: bytes) -> Optional[bytes]:
    """The payload of a file :func:`write_signed` wrote with this ``magic`` and ``key``; None
    for a missing or unreadable file, another format, or a signature that does not match."""
    try:
        blob = Path(path).read_bytes()
    except OSError:
        return None
    head = len(magic) + _SIG
    if not blob.startswith(magic) or len(blob) < head:
        return None
    sig, payload = blob[len(magic):head], blob[head:]
    if not hmac.compare_digest(sig, hmac.new(key, payload, hashlib.sha256).digest()):
        return None
    return payload
