"""Dependency facts: are the versions the server runs with pinned?

Decides ``deps.lockfile`` and ``deps.pinned`` from lock files (uv, poetry, Pipfile, pdm, PEP 751,
npm/yarn/pnpm, Go, Cargo, ``requirements*.lock``), requirements files (hashed ones count as lock
files; otherwise each requirement line is pinned with ``==``/``===``, a hashed URL, or not), and
the ``[project]``/``[tool.poetry]`` dependencies of ``pyproject.toml``.
"""

from __future__ import annotations

import re
import sys
from pathlib import PurePosixPath
from typing import List, Tuple

from ...sources import split_lines
from .context import Context
from .evidence import Evidence
from .files import LOCKFILES, is_pylock, kind_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_PINNED_REQUIREMENT = re.compile(r"===?|@\s*\S+#sha256=|--hash=")
_PINNED_PYPROJECT = re.compile(r"===?\s*[\w.]+\s*$|^\s*\d[\w.]*\s*$")


def _pyproject_deps(text: str) -> List[Tuple[str, int]]:
    """(requirement, line) pairs from [project].dependencies and [tool.poetry.dependencies]."""
    try:
        data = tomllib.loads(text)
    except Exception:
        return []
    reqs: List[str] = []
    proj = data.get("project") or {}
    if isinstance(proj.get("dependencies"), list):
        reqs += [r for r in proj["dependencies"] if isinstance(r, str)]
    poetry = ((data.get("tool") or {}).get("poetry") or {}).get("dependencies") or {}
    if isinstance(poetry, dict):
        for k, v in poetry.items():
            if k.lower() == "python":
                continue
            ver = v if isinstance(v, str) else (v.get("version", "") if isinstance(v, dict) else "")
            reqs.append(f"{k} {ver}" if ver and ver[0].isdigit() else f"{k}{ver}")
    out = []
    lines = split_lines(text)
    for r in reqs:
        name = re.split(r"[\s\[<>=!~;@^*]", r.strip(), 1)[0]
        ln = next((i for i, l in enumerate(lines, 1) if name and name in l), 1)
        # pinned if exactly one version with == (or poetry's bare "1.2.3")
        spec = r[len(name):].split(";", 1)[0].strip()
        out.append((spec if spec else r, ln))
    return out


def _lockfile(ctx: Context) -> Evidence:
    lock = Evidence()
    for path, text in ctx.other.items():
        name = PurePosixPath(path).name.lower()
        if name in LOCKFILES or is_pylock(name) or (name.startswith("requirements") and name.endswith(".lock")):
            lock.add(path, 1)
        elif kind_of(path) == "requirements" and "--hash=" in text:  # pip-compile --generate-hashes
            lock.add(path, 1)
    ctx.set("deps.lockfile", bool(lock), lock, "" if lock else "no lock file (uv.lock, poetry.lock, hashed requirements)")
    return lock


def _pinned(ctx: Context, lock: Evidence) -> None:
    pinned, unpinned = Evidence(), Evidence()
    for path, text in ctx.other.items():
        name = PurePosixPath(path).name.lower()
        if kind_of(path) == "requirements" and name.endswith((".txt", ".in")):
            for i, line in enumerate(split_lines(text), 1):
                req = line.split("#", 1)[0].strip()
                if not req or req.startswith("-"):
                    continue
                req = req.split(";", 1)[0].strip().rstrip("\\").strip()
                (pinned if _PINNED_REQUIREMENT.search(req) else unpinned).add(path, i)
        elif name == "pyproject.toml":
            for dep, i in _pyproject_deps(text):
                (pinned if _PINNED_PYPROJECT.search(dep) else unpinned).add(path, i)
    if lock:
        ctx.set("deps.pinned", True, lock, "a lock file pins the dependency versions")
    elif not pinned and not unpinned:
        ctx.set("deps.pinned", None, note="no dependencies declared")
    elif not unpinned:
        ctx.set("deps.pinned", True, pinned)
    else:
        ctx.set("deps.pinned", "partial" if pinned else False, unpinned,
                f"{len(unpinned)} dependency declaration(s) without an exact pin and no lock file")


def decide(ctx: Context) -> None:
    """Set the lock-file and pinning facts."""
    _pinned(ctx, _lockfile(ctx))
