"""The non-source files of a project that a linked result reads, as one digest for cache keys.

The project-wide caches (the link step's ``link:`` entry, the Python first pass's ``tree:``
entry and the whole scan's ``scan:`` entry) were keyed on the source files' paths and bytes
only. The link step reads more than the sources: the TypeScript entry graph and orphan pass
read every package's ``package.json`` and ``tsconfig.json`` (entry points, ``outDir``, path
aliases), the Python linker the packaging files (``pyproject.toml``, ``setup.cfg``), the
posture pass the deployment files and the README. A re-scan after editing only such a file,
or a scan of another checkout with the same sources under another root, answered from the
stale entry (a tool reported by ``--no-cache`` missing from the warm scan: cache51).

:func:`digest` covers the root and every such file (path and content): the deployment files
and docs the posture pass collects plus every ``tsconfig*.json``/``jsconfig*.json``.

Three keys of one scan asked for the digest, and the posture pass read the same files again: four
walks of the tree and three of its ``tsconfig`` files per cold scan (rev52p). Inside
:func:`scan_scope` (a scan: :func:`mcpaudit.api.audit`, :func:`mcpaudit.resultcache.begin`)
:func:`gathered` reads them once per root and keeps them, with their digest, until the scan ends.
"""

from __future__ import annotations

import hashlib
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional, Tuple

from .sources import SKIP_DIRS

_MAX_FILES = 3000
_MAX_BYTES = 2 * 1024 * 1024


def _is_config(low: str) -> bool:
    """A TypeScript/JavaScript project file the link step reads (``tsconfig.build.json``...)."""
    return low.endswith(".json") and low.startswith(("tsconfig", "jsconfig"))


def config_files(root: Path, recursive: bool = True) -> Dict[str, bytes]:
    """Every ``tsconfig*.json``/``jsconfig*.json`` under ``root`` (root-relative POSIX path ->
    bytes), skipping what discovery skips; only those directly in ``root`` without
    ``recursive``."""
    out: Dict[str, bytes] = {}
    base = Path(root)
    if not base.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info")) if recursive else []
        for fn in sorted(filenames):
            if not _is_config(fn.lower()):
                continue
            full = os.path.join(dirpath, fn)
            try:
                if os.path.islink(full) or os.path.getsize(full) > _MAX_BYTES:
                    continue
                with open(full, "rb") as fh:
                    out[Path(full).relative_to(base).as_posix()] = fh.read()
            except OSError:
                continue
            if len(out) >= _MAX_FILES:
                return out
    return out


@dataclass(frozen=True)
class Inputs:
    """The non-source files of one root: the posture pass's other files and documents
    (root-relative path -> text), the TypeScript configs (path -> bytes), and their digest."""

    other: Dict[str, str]
    docs: Dict[str, str]
    configs: Dict[str, bytes]
    digest: str


_SCOPE: Dict[str, object] = {"depth": 0, "memo": None}
_LOCK = threading.Lock()


@contextmanager
def scan_scope(memo: Optional[dict] = None) -> Iterator[dict]:
    """While the outermost scope is open, :func:`gathered` keeps what it reads per ``(root,
    recursive)`` (in ``memo`` when given: a scan's first stage hands its reads to the rest of
    the scan). The files are taken not to change during a scan; every scan opens its own."""
    with _LOCK:
        if _SCOPE["depth"] == 0:
            _SCOPE["memo"] = memo if memo is not None else {}
        elif memo is not None:
            for k, v in memo.items():
                _SCOPE["memo"].setdefault(k, v)  # type: ignore[union-attr]
        _SCOPE["depth"] = int(_SCOPE["depth"]) + 1  # type: ignore[call-overload]
        held = _SCOPE["memo"]
    try:
        yield held  # type: ignore[misc]
    finally:
        with _LOCK:
            _SCOPE["depth"] = int(_SCOPE["depth"]) - 1  # type: ignore[call-overload]
            if _SCOPE["depth"] == 0:
                _SCOPE["memo"] = None


def gathered(root: Path, recursive: bool = True) -> Inputs:
    """The non-source files under ``root`` and their digest: read once per scan inside
    :func:`scan_scope`, read now outside one. Callers must not change the dicts."""
    key: Tuple[str, bool] = (str(root), bool(recursive))
    with _LOCK:
        memo = _SCOPE["memo"]
        hit = memo.get(key) if memo is not None else None  # type: ignore[attr-defined]
    if hit is not None:
        return hit
    made = _read(Path(root), recursive)
    if memo is not None:
        with _LOCK:
            made = memo.setdefault(key, made)  # type: ignore[attr-defined]
    return made


def _read(root: Path, recursive: bool) -> Inputs:
    from .analysis.posture.files import collect_doc_files, collect_other_files

    other = collect_other_files(root, recursive=recursive)
    docs = collect_doc_files(root) if root.is_dir() else {}
    configs = config_files(root, recursive)
    return Inputs(other, docs, configs, _digest(root, other, docs, configs))


def digest(root: Path, recursive: bool = True) -> str:
    """One digest of the root and of every non-source file under it a linked result reads."""
    return gathered(root, recursive).digest


def _digest(root: Path, other: Dict[str, str], docs: Dict[str, str], configs: Dict[str, bytes]) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(b"root\0" + str(root).encode("utf-8", "surrogatepass"))
    for label, texts in ((b"other", other), (b"doc", docs)):
        for p, t in sorted(texts.items()):
            h.update(b"\0" + label + b"\0" + p.encode("utf-8", "surrogatepass") + b"\0"
                     + hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest())
    for p, data in sorted(configs.items()):
        h.update(b"\0config\0" + p.encode("utf-8", "surrogatepass") + b"\0"
                 + hashlib.blake2b(data, digest_size=16).digest())
    return h.hexdigest()


__all__ = ["Inputs", "config_files", "digest", "gathered", "scan_scope"]
