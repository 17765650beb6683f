"""The non-Python files posture reads, and what kind each one is.

Dockerfiles, requirements and lock files, package manifests, compose/Kubernetes/CI YAML, proxy and
systemd configs, shell scripts and MCP client configs (``*mcp*.json``) are collected as text; every
other file is left alone. :func:`kind_of` sorts a collected path into the kinds the fact groups
grep (``docker``, ``lock``, ``manifest``, ``requirements``, ``yaml``, ``other``).

An API description (an OpenAPI or Swagger document, :func:`api_description`) is collected but
describes an API the server calls or serves, not how this server is deployed: its security
schemes (``BasicAuth:``, ``tls``) are no proxy or certificate in front of the server.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Dict, Optional

from ...sources import SKIP_DIRS

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_OTHER_FILES = 3000

_OTHER_NAMES = {
    "dockerfile", "containerfile", "procfile", "caddyfile", "makefile", "pyproject.toml",
    "setup.cfg", "pipfile", "pipfile.lock", "uv.lock", "poetry.lock", "pdm.lock", "pylock.toml",
    "package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "go.sum", "cargo.lock",
    "renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".mcp.json",
}
_OTHER_SUFFIXES = (".yml", ".yaml", ".conf", ".service", ".sh", ".lock", ".dockerfile")

#: Lower-case names of lock files (``pylock.*.toml`` is recognised by :func:`is_pylock`).
LOCKFILES = frozenset({
    "uv.lock", "poetry.lock", "pipfile.lock", "pdm.lock", "pylock.toml", "package-lock.json",
    "yarn.lock", "pnpm-lock.yaml", "go.sum", "cargo.lock", "requirements.lock",
})


def is_pylock(low_name: str) -> bool:
    """A PEP 751 lock file name (lower-case): ``pylock.toml`` or ``pylock.<name>.toml``."""
    return low_name.startswith("pylock.") and low_name.endswith(".toml")


def _is_other_file(rel: str) -> bool:
    name = PurePosixPath(rel).name
    low = name.lower()
    if low in _OTHER_NAMES:
        return True
    if low.startswith("dockerfile.") or low.startswith("containerfile."):
        return True
    if low.startswith(("requirements", "constraints")) and low.endswith((".txt", ".in")):
        return True
    if "/requirements/" in f"/{rel.lower()}" and low.endswith((".txt", ".in")):
        return True
    if is_pylock(low):
        return True
    if low.endswith(".json") and "mcp" in low:
        return True
    if low.endswith(".toml"):
        return False  # other TOML (ruff.toml...) is not deployment config
    return low.endswith(_OTHER_SUFFIXES)


def _real_dir(root: Path) -> Optional[Path]:
    """``root`` resolved, when it is a directory."""
    try:
        real_root = Path(root).resolve()
    except OSError:
        return None
    return real_root if real_root.is_dir() else None


def collect_other_files(root: Path, recursive: bool = True) -> Dict[str, str]:
    """Find the non-Python files posture needs under ``root`` (root-relative POSIX path -> text);
    with ``recursive`` false, only those directly in ``root``.

    Never follows a symlink out of ``root``, skips virtualenvs/VCS/vendored dirs and files over
    2 MB, and stops after a few thousand files."""
    out: Dict[str, str] = {}
    real_root = _real_dir(root)
    if real_root is None:
        return out
    for dirpath, dirnames, filenames in os.walk(real_root, followlinks=False):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIP_DIRS and not d.endswith(".egg-info")
            and not os.path.islink(os.path.join(dirpath, d))
        )
        for fn in sorted(filenames):
            full = Path(dirpath) / fn
            rel = full.relative_to(real_root).as_posix()
            if not _is_other_file(rel):
                continue
            try:
                if full.is_symlink():
                    target = full.resolve()
                    if real_root not in target.parents:
                        continue
                if full.stat().st_size > MAX_FILE_BYTES:
                    continue
                out[rel] = full.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if len(out) >= MAX_OTHER_FILES:
                return out
        if not recursive:
            break
    return out


MAX_DOC_FILES = 40
MAX_DOC_BYTES = 512 * 1024


def collect_doc_files(root: Path) -> Dict[str, str]:
    """The run instructions a user follows: ``README*`` at ``root`` and Markdown/reST under
    ``docs/`` (root-relative POSIX path -> text, at most 40 files of 512 KB). Kept apart from the
    other files: only the transport pass reads them, and only for a server that takes its transport
    from the command line or the environment (a README is not deployment configuration)."""
    out: Dict[str, str] = {}
    real_root = _real_dir(root)
    if real_root is None:
        return out
    found = sorted(p for p in real_root.iterdir() if p.name.lower().startswith("readme"))
    docs = real_root / "docs"
    if docs.is_dir() and not docs.is_symlink():
        found += sorted(p for p in docs.rglob("*") if p.suffix.lower() in (".md", ".rst", ".mdx"))
    for full in found[:MAX_DOC_FILES]:
        try:
            if full.is_symlink() or not full.is_file() or full.stat().st_size > MAX_DOC_BYTES:
                continue
            out[full.relative_to(real_root).as_posix()] = full.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return out


#: the top-level version key an OpenAPI/Swagger document starts with (YAML or JSON)
_API_DESCRIPTION = re.compile(r"""^(?:openapi|swagger)\s*:|^\s*\{?\s*["'](?:openapi|swagger)["']\s*:""", re.M)


def api_description(text: str) -> bool:
    """The text is an OpenAPI or Swagger document: its top-level version key near the start."""
    return bool(_API_DESCRIPTION.search(text[:4000]))


def kind_of(rel: str) -> str:
    """The kind of a collected file: docker | lock | manifest | requirements | yaml | other."""
    low = PurePosixPath(rel).name.lower()
    if low in ("dockerfile", "containerfile") or low.startswith(("dockerfile.", "containerfile.")) \
            or low.endswith(".dockerfile"):
        return "docker"
    if low in LOCKFILES or low.endswith(".lock") or is_pylock(low):
        return "lock"
    if low in ("pyproject.toml", "setup.cfg", "pipfile", "package.json"):
        return "manifest"
    if low.startswith(("requirements", "constraints")) or "/requirements/" in f"/{rel.lower()}":
        return "requirements"
    if low.endswith((".yml", ".yaml")):
        return "yaml"
    return "other"
