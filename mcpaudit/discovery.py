"""Discovery, the first stage of the pipeline: which files a scan covers, and where paths start.

:func:`scan_root` picks the directory report paths are relative to; :func:`discover` walks the
given paths for Python and JavaScript/TypeScript sources (never following a symlinked directory,
never leaving the root, honouring excludes and ``.gitignore``); :func:`find_sources` adds the
per-file size limit and hands each engine the files it wants (:meth:`Sources.targets_for`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import FrozenSet, List, Sequence, Tuple

from .config import Config, exclude_matcher
from .engines.base import Engine, Target
from .models import SkippedFile
from .sources import PYTHON_SUFFIXES, SCRIPT_EXCLUDED_SUFFIXES, SCRIPT_SUFFIXES

DEFAULT_EXCLUDES = [
    ".git/", ".hg/", ".svn/", "node_modules/", ".venv/", "venv/", "env/", "__pycache__/",
    ".tox/", ".nox/", ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", "site-packages/",
    ".eggs/", "*.egg-info/",
    # copies of third-party libraries kept in the tree (pip's ``_vendor/``, ``vendored/``):
    # someone else's code, like site-packages; ``!_vendor/`` in the config's exclude list scans
    # them again. ``vendor/`` and ``third_party/`` are common nouns a project can name its own
    # folders by (a procurement server's ``tools/vendor/``): scanned unless excluded
    "_vendor/", "vendored/",
]
#: Folders a build writes (compiled JavaScript, a wheel's staging): left out where a build puts
#: them -- at the top of what is scanned or next to a project manifest -- but scanned where a
#: project keeps its own sources under that name (``src/tools/build/``).
BUILD_OUTPUTS = frozenset({"build", "dist"})
_MANIFESTS = ("package.json", "pyproject.toml", "setup.py", "setup.cfg", "tsconfig.json")


def scan_root(paths: Sequence[Path]) -> Path:
    """The directory paths in reports are relative to: the enclosing repository's top level
    (found by looking for ``.git``, never by running git), else the common folder of the paths.
    Repository-relative paths keep baselines and SARIF stable whether one scans ``.``, ``src``
    or the files pre-commit passes."""
    resolved = [Path(_real(p)) for p in paths]
    bases = [p if p.is_dir() else p.parent for p in resolved]
    common = bases[0] if len(bases) == 1 else Path(os.path.commonpath([str(b) for b in bases]))
    for cand in (common, *common.parents):
        if (cand / ".git").exists():
            return cand
    return common


def _real(p) -> str:
    """``p`` made absolute with every directory symlink resolved: a scanned directory named
    through a symlink (``/tmp`` on macOS, a CI workspace link) is walked where it really is, so
    its files get root-relative paths. A file's own last component is kept, so discover() can
    still see that it is a symlink and judge where it points."""
    ap = os.path.abspath(p)
    if os.path.isdir(ap):
        return os.path.realpath(ap)
    head, tail = os.path.split(ap)
    return os.path.join(os.path.realpath(head), tail)


def discover(paths: Sequence[Path], root: Path, config: Config
             ) -> Tuple[List[Target], List[Target], List[SkippedFile]]:
    """(Python files, JavaScript/TypeScript files, skipped) as (absolute, root-relative POSIX)
    :class:`~mcpaudit.engines.base.Target` pairs, each list sorted by relative path.

    Never follows a symlinked directory (no loops, never out of the root); a symlinked file is
    scanned only if it resolves inside the root. Honours default excludes, ``.gitignore`` at the
    root and the config's ``exclude`` patterns.
    """
    patterns = list(DEFAULT_EXCLUDES)
    gi = root / ".gitignore"
    try:
        if gi.is_file() and not gi.is_symlink():
            patterns += [ln.strip() for ln in gi.read_text("utf-8", "replace").splitlines()
                         if ln.strip() and not ln.lstrip().startswith("#")]
    except OSError:
        pass
    patterns += list(config.exclude)
    excluded = exclude_matcher(patterns)
    py: List[Target] = []
    other: List[Target] = []
    skipped: List[SkippedFile] = []
    seen = set()
    root_s = str(root)

    def consider(abspath: str, rel: str, explicit: bool) -> None:
        if rel in seen:
            return
        seen.add(rel)
        if rel == ".." or rel.startswith("../") or os.path.isabs(rel):
            skipped.append(SkippedFile(rel, "outside the scanned root (not scanned)"))
            return
        wanted = rel.endswith(PYTHON_SUFFIXES + SCRIPT_SUFFIXES)
        try:
            if os.path.islink(abspath):
                real = os.path.realpath(abspath)
                if os.path.commonpath([real, root_s]) != root_s:
                    skipped.append(SkippedFile(rel, "symlink pointing outside the scanned root (not followed)"))
                    return
            if not os.path.isfile(abspath):
                if wanted or explicit:
                    skipped.append(SkippedFile(rel, "not a regular file (FIFO, socket, device, broken or looping symlink)"))
                return
        except (OSError, ValueError):
            skipped.append(SkippedFile(rel, "cannot be examined"))
            return
        if rel.endswith(PYTHON_SUFFIXES):
            py.append(Target(abspath, rel))
        elif rel.endswith(SCRIPT_SUFFIXES) and not rel.endswith(SCRIPT_EXCLUDED_SUFFIXES):
            other.append(Target(abspath, rel))
        elif explicit:
            skipped.append(SkippedFile(rel, "not a Python source file"))

    for p in paths:
        p = Path(p)
        ap = _real(p)
        if os.path.isfile(ap) or (os.path.lexists(ap) and not os.path.isdir(ap)):
            rel = os.path.relpath(ap, root_s).replace(os.sep, "/")
            consider(ap, rel, True)
            continue
        if not os.path.isdir(ap):
            skipped.append(SkippedFile(str(p), "does not exist"))
            continue

        def onerror(err: OSError) -> None:
            rel = os.path.relpath(err.filename or ap, root_s).replace(os.sep, "/")
            skipped.append(SkippedFile(rel, f"cannot be read: {err.strerror or err}"))

        for dirpath, dirnames, filenames in os.walk(ap, followlinks=False, onerror=onerror):
            rel_dir = os.path.relpath(dirpath, root_s).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir + "/"
            keep = []
            for d in sorted(dirnames):
                full = os.path.join(dirpath, d)
                if os.path.islink(full):
                    skipped.append(SkippedFile(rel_dir + d, "symlinked directory (not followed)"))
                    continue
                if excluded(rel_dir + d, True) or d in BUILD_OUTPUTS and (
                        dirpath == ap or any(m in filenames for m in _MANIFESTS)):
                    continue
                keep.append(d)
            dirnames[:] = keep
            for f in sorted(filenames):
                rel = rel_dir + f
                if excluded(rel, False):
                    continue
                consider(os.path.join(dirpath, f), rel, False)
    py.sort(key=lambda x: x[1])
    other.sort(key=lambda x: x[1])
    return py, other, skipped


@dataclass
class Sources:
    """What discovery found: the source files, what it left out, what is over the size limit."""

    python: List[Target] = field(default_factory=list)
    scripts: List[Target] = field(default_factory=list)  # JavaScript and TypeScript
    skipped: List[SkippedFile] = field(default_factory=list)
    oversized: FrozenSet[str] = frozenset()  # root-relative paths over max-file-bytes
    # whether the posture pass reads deployment files (Dockerfiles, manifests) in every folder
    # under the root: yes in a repository or when a folder is scanned; for loose files outside a
    # repository (``scan /tmp/server.py``) only the files next to them
    whole_root: bool = True

    @property
    def files(self) -> List[Target]:
        """Every source file: the Python ones, then the others."""
        return self.python + self.scripts

    def targets_for(self, engine: Engine) -> List[Target]:
        """The files ``engine`` analyses: those it wants, without the oversized ones unless it
        checks sizes itself."""
        return [t for t in self.files
                if engine.wants(t.rel) and (engine.checks_size or t.rel not in self.oversized)]


def find_sources(paths: Sequence[Path], root: Path, config: Config, engines: Sequence[Engine]) -> Sources:
    """:func:`discover`, and the per-file size limit, which holds for every engine: a file over
    ``max-file-bytes`` goes only to the engines that check sizes themselves (and report such a
    file as skipped); when none of ``engines`` will see it, it is reported as skipped here."""
    python, scripts, skipped = discover(paths, root, config)
    found = Sources(python, scripts, skipped,
                    whole_root=(root / ".git").exists() or any(Path(p).is_dir() for p in paths))
    oversized = set()
    for path, rel in found.files:
        try:
            size = os.stat(path).st_size
        except OSError:
            continue
        if size > config.max_file_bytes:
            oversized.add(rel)
            if not any(e.checks_size and e.wants(rel) for e in engines):
                found.skipped.append(SkippedFile(
                    rel, f"larger than the {config.max_file_bytes:,}-byte limit ({size:,} bytes)"))
    found.oversized = frozenset(oversized)
    return found
