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
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Dict

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


def digest(root: Path, recursive: bool = True) -> str:
    """One digest of the root and of every non-source file under it a linked result reads."""
    from .analysis.posture.files import collect_doc_files, collect_other_files

    h = hashlib.blake2b(digest_size=20)
    h.update(b"root\0" + str(root).encode("utf-8", "surrogatepass"))
    for label, texts in ((b"other", collect_other_files(Path(root), recursive=recursive)),
                         (b"doc", collect_doc_files(Path(root)) if Path(root).is_dir() else {})):
        for p, t in sorted(texts.items()):
            h.update(b"\0" + label + b"\0" + p.encode("utf-8", "surrogatepass") + b"\0"
                     + hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest())
    for p, data in sorted(config_files(Path(root), recursive).items()):
        h.update(b"\0config\0" + p.encode("utf-8", "surrogatepass") + b"\0"
                 + hashlib.blake2b(data, digest_size=16).digest())
    return h.hexdigest()


__all__ = ["config_files", "digest"]
