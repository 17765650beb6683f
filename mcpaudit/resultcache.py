"""The whole scan's result, reused when nothing it was computed from has changed.

A re-scan of an unchanged tree used to run every stage again with each engine's results read
from its cache: still about a second of CPU for a small server (libcst imported to link cached
summaries, the catalog's regular expressions compiled, semgrep's and bandit's packs read, the
posture facts, the checklists). With every input unchanged nothing of that is needed: the
:class:`~mcpaudit.models.AuditResult` of the last scan is the answer.

The key covers everything a result depends on: mcpaudit's code and rules and the engines'
versions and settings (the per-engine caches' salts, which :class:`~mcpaudit.cache.Cache`
combines with the code fingerprint), every setting of the scan, the root, the path and bytes of
every source file discovery selected, the non-Python files and docs the posture pass reads, and
the baseline file. A scan against a git base (``--diff``) is never reused (its input is the
repository's history), nor is a result with an engine error or a file skipped for a reason that
depends on the run (a time limit, a crash). A changed file falls back to the per-engine caches,
which re-analyse only what changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional, Sequence

from .models import AuditResult

if TYPE_CHECKING:  # pragma: no cover
    from .cache import Cache
    from .config import Config
    from .discovery import Sources
    from .engines.base import Engine

NAMESPACE = "scan"
#: Skip reasons that depend on the run, not on the bytes (as the cst engine's per-file cache).
_UNSTABLE = ("took longer", "crashed", "internal error", "out of memory", "cannot be read",
             "not analysed", "not a regular file", "time limit")
_UNSTABLE_ERRORS = ("took longer", "timed out", "timeout", "time limit", "crashed", "internal error",
                    "out of memory", "cannot be read", "not analysed: the scan")


@dataclasses.dataclass
class ScanStart:
    """The first stage of a scan, up to the result cache: what :func:`begin` found."""

    started: float  # time.monotonic() when the scan began
    root: Path
    engines: List["Engine"]
    sources: "Sources"
    cache: Optional["Cache"] = None  # the result cache (None: off)
    key: Optional[str] = None  # this scan's key in it
    reused: Optional[AuditResult] = None  # the stored result of the same scan, when there is one
    inputs: Optional[dict] = None  # the non-source files read for the key (projectinputs.scan_scope)


def begin(paths: Sequence[Path], config: "Config", started: Optional[float] = None) -> ScanStart:
    """Discover the files of a scan of ``paths`` with ``config``, and look its result up in the
    result cache. Light on purpose: a warm re-scan of an unchanged tree ends here, so nothing it
    imports may pull in the pipeline, the catalog or an engine's analysis (the command line calls
    it before it imports :mod:`mcpaudit.api`)."""
    from .discovery import find_sources, scan_root
    from .engines import selected

    started = time.monotonic() if started is None else started
    root = scan_root(paths)
    engines = selected(config.engines)
    out = ScanStart(started, root, engines, find_sources(paths, root, config, engines))
    out.cache = open_cache(config, engines)
    if out.cache is not None:
        from .projectinputs import scan_scope

        with scan_scope() as memo:
            out.key = scan_key(root, out.sources, config)
        out.inputs = memo
        out.reused = load(out.cache, out.key, started) if out.key is not None else None
    return out


def open_cache(config: "Config", engines: Sequence["Engine"]) -> Optional["Cache"]:
    """The result cache, salted with every selected engine's salt, or None when caching is off,
    the directory is unusable, or the scan depends on more than the files (``--diff``)."""
    if not config.cache or config.diff_base:
        return None
    from . import cache as C

    directory = Path(config.cache_dir) if config.cache_dir else C.user_cache_home()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return C.Cache(directory, NAMESPACE, tuple(e.cache_salt(config) for e in engines))


def scan_key(root: Path, sources: "Sources", config: "Config") -> Optional[str]:
    """The key of a scan of ``sources`` under ``root`` with ``config``, or None when an input
    cannot be read."""
    from .projectinputs import gathered
    from .cache import content_hash

    h = hashlib.blake2b(digest_size=20)
    h.update(repr(_settings(config)).encode())
    h.update(b"\0root\0" + str(root).encode("utf-8", "surrogatepass"))
    h.update(b"\0whole\0" + str(bool(sources.whole_root)).encode())
    for s in sources.skipped:
        h.update(b"\0skip\0" + repr((s.path, s.reason)).encode("utf-8", "surrogatepass"))
    h.update(b"\0oversized\0" + repr(sorted(sources.oversized)).encode("utf-8", "surrogatepass"))
    for kind, targets in (("py", sources.python), ("script", sources.scripts)):
        for t in targets:
            data = _read(t.path)
            if data is None:
                return None
            h.update(f"\0{kind}\0".encode() + t.rel.encode("utf-8", "surrogatepass") + b"\0"
                     + content_hash(data).encode())
    # the non-source files the scan reads (posture's other files and docs, the TypeScript
    # configs): read once for the whole scan (projectinputs.scan_scope), their digest here
    h.update(b"\0inputs\0" + gathered(root, recursive=sources.whole_root).digest.encode())
    if config.baseline is not None:
        data = _read(str(config.baseline))
        h.update(b"\0baseline\0" + (content_hash(data).encode() if data is not None else b"-"))
    return "scan:" + h.hexdigest()


def _settings(config: "Config"):
    """Every setting that can change a result (all of them but the cache's own and the number
    of worker processes)."""
    skip = {"cache", "cache_dir", "jobs"}
    return tuple((f.name, repr(getattr(config, f.name))) for f in dataclasses.fields(config) if f.name not in skip)


def _read(path: str) -> Optional[bytes]:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def reusable(result: AuditResult) -> bool:
    """Whether ``result`` may be reused: no engine error, no skip that depends on the run."""
    if any(e.fatal for e in result.errors):
        return False
    if any(w in s.reason for s in result.skipped for w in _UNSTABLE):
        return False
    # an engine's own warnings ("partially parsed ... some code was not analysed") are stable;
    # its time-outs and crashes are not
    return not any(w in e.message.lower() for e in result.errors for w in _UNSTABLE_ERRORS)


def load(cache: "Cache", key: str, started: float) -> Optional[AuditResult]:
    """The stored result for ``key``, with this run's statistics (its time; the result from
    the cache, no engine run), or None."""
    hit = cache.get(key, count=False)
    if not isinstance(hit, AuditResult):
        return None
    stats = hit.stats
    stats.seconds = round(time.monotonic() - started, 3)
    stats.engine_seconds = {name: 0.0 for name in (stats.engine_seconds or {})}
    stats.cache = {NAMESPACE: {"hits": 1, "misses": 0}}
    return hit


def store(cache: "Cache", key: str, result: AuditResult) -> None:
    if reusable(result):
        cache.put(key, result)


__all__ = ["ScanStart", "begin", "open_cache", "scan_key", "reusable", "load", "store", "NAMESPACE"]
