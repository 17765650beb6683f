"""The engine interface: what every analyser looks like to the pipeline.

An engine is an :class:`Engine` subclass in its own module under ``mcpaudit/engines`` (module
attribute ``ENGINE``), listed once in :data:`mcpaudit.engines.ENGINES`. The pipeline
(:mod:`mcpaudit.pipeline`) never names an engine: it gives each one the discovered files it
wants (:meth:`Engine.wants`) and an :class:`EngineContext`, and takes back an
:class:`EngineOutput`. How the engine runs — in worker processes, as a subprocess, in this
process — is its own business; what the pipeline needs to know is said by the class attributes.
"""

from __future__ import annotations

import abc
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    ClassVar,
    Dict,
    List,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
)

from ..models import EngineError, Finding, RuleMeta, SkippedFile

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis.project import Project
    from ..cache import Cache
    from ..config import Config

#: The skip reason of files an engine left unanalysed because the whole-scan deadline passed.
DEADLINE_SKIP = "not analysed: the scan time limit was reached"


class Target(NamedTuple):
    """One file to analyse: its absolute path, and its POSIX path relative to the scan root
    (the path every finding names)."""

    path: str
    rel: str


@dataclass
class ParseStats:
    """What an engine that parses the files itself measured (the cst engine)."""

    parsed: int  # files parsed (the others were skipped, or could not hold anything of interest)
    lines: int  # source lines of every file it was given
    linked_from_cache: bool  # its project-wide step was reused from the cache


@dataclass
class EngineOutput:
    """What one engine run gave: findings with root-relative paths, problems, skipped files."""

    engine: str
    findings: List[Finding] = field(default_factory=list)
    errors: List[EngineError] = field(default_factory=list)
    skipped: List[SkippedFile] = field(default_factory=list)
    ran: bool = True  # False when the engine could not run at all (missing, crashed)
    seconds: float = 0.0
    #: The analysed project (files and MCP tools), from an engine that builds one (cst); the
    #: posture pass and the tool inventory read it.
    project: Optional["Project"] = None
    parse: Optional[ParseStats] = None
    #: Facts about how the engine ran, for the scan statistics (``stats.engines``): which
    #: semgrep front end, what the cst engine's first pass left out.
    details: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def failed(cls, engine: str, message: str, started: float) -> "EngineOutput":
        """An engine that could not run (missing, crashed, timed out): one fatal error, no
        findings; ``started`` is the ``time.monotonic()`` at which the attempt began."""
        return cls(engine=engine, ran=False, errors=[EngineError(engine, message, fatal=True)],
                   seconds=time.monotonic() - started)

    @property
    def succeeded(self) -> bool:
        """It ran, and no fatal error makes its silence meaningless."""
        return self.ran and not any(e.fatal for e in self.errors)


@dataclass
class EngineContext:
    """Everything an engine run may depend on besides its targets."""

    root: Path  # the scan root; finding paths are relative to it
    config: "Config"
    #: Seconds this run may take: the engine timeout, or less when the scan timeout leaves less.
    timeout: float
    #: ``time.monotonic()`` at which the whole scan must stop (``scan-timeout``), or None.
    deadline: Optional[float] = None
    #: This engine's cache (namespace = the engine's name), or None when caching is off.
    cache: Optional["Cache"] = None
    #: ``progress(engine, files done, files in all)``, or None.
    progress: Optional[Callable[[str, int, int], None]] = None
    #: ``on_first_pass(texts, trees)``: called by an engine whose first pass has read every file
    #: (texts by path, their ``ast`` trees), before its deep analysis; or None.
    on_first_pass: Optional[Callable[[Dict[str, str], Dict[str, object]], None]] = None
    #: ``first_pass_tree(path, text)``: the ``ast`` tree another engine's first pass made of
    #: ``text`` (the file at root-relative ``path``), once that pass is done (it waits for it), or
    #: None (no such tree: parse the text yourself); itself None when no engine shares one.
    first_pass_tree: Optional[Callable[[str, str], Optional[object]]] = None
    #: This engine's run started early, or None: in a forked child (:mod:`.prefork`, from
    #: :meth:`Engine.prefork`) or as processes started before its thread runs (:meth:`Engine.prestart`).
    prefork: Optional[Any] = None

    def ticker(self, engine: str, total: int) -> Callable[[int], None]:
        """A ``tick(n)`` that counts ``n`` more of ``total`` files done and reports the running
        count to :attr:`progress` under ``engine``'s name."""
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if self.progress:
                self.progress(engine, done[0], total)

        return tick


class Engine(abc.ABC):
    """One analyser behind a uniform call. Subclasses set the class attributes and implement
    :meth:`rule_metas` and :meth:`run`; a run never raises for a problem with the scanned code
    and reports a failure of its own as :meth:`EngineOutput.failed` (the pipeline turns an
    exception into that too)."""

    #: The name in ``--engines``, in findings (``Finding.engine``) and in reports.
    name: ClassVar[str]
    #: The discovered files it analyses are those whose names end with one of these.
    suffixes: ClassVar[Tuple[str, ...]]
    #: What the report says when :meth:`rule_metas` raises ("<this>: <the exception>").
    rules_error: ClassVar[str] = "cannot list its rules"
    #: True: it reads every target itself and reports those over ``max-file-bytes`` as skipped.
    #: False: the pipeline withholds such files (and reports them).
    checks_size: ClassVar[bool] = False
    #: False: it runs even with no targets (the cst engine: its project feeds the posture pass).
    needs_targets: ClassVar[bool] = True
    #: True: its findings depend on one file at a time, so the pipeline caches them per file
    #: content. False: it uses ``context.cache`` itself, if at all.
    per_file_cache: ClassVar[bool] = True
    #: True: it runs on the pipeline's own thread while the others run on worker threads (the
    #: cst engine, which spreads its work over processes itself, and whose project starts the
    #: posture pass as soon as it returns). False: on a worker thread, against ``context.timeout``.
    on_main_thread: ClassVar[bool] = False
    #: True: :meth:`prestart` may start its run before the pipeline's own engines (an engine on a
    #: worker thread); the pipeline then looks its per-file cache up first.
    prestarts: ClassVar[bool] = False
    #: When engines report the same hazard on one line, the finding of the lowest rank is kept
    #: and the others are listed with it: our own analyses (0) before pattern rules (1, 2).
    merge_rank: ClassVar[int] = 5

    def shares_first_pass(self, config: "Config") -> bool:
        """Will its run call ``context.on_first_pass`` with its first pass's ``ast`` trees, before
        its deep analysis (so that an engine on a worker thread may wait for them)?"""
        return False

    def wants(self, rel: str) -> bool:
        """Whether this engine analyses the discovered file at root-relative ``rel``."""
        return rel.endswith(self.suffixes)

    def cache_salt(self, config: "Config") -> Tuple[Any, ...]:
        """Everything besides a file's bytes and mcpaudit's own code that its cached results
        depend on (the engine's version, settings that change results)."""
        return (self.name,)

    @abc.abstractmethod
    def rule_metas(self) -> List[RuleMeta]:
        """Metadata of every rule it may report, sorted by id (raises when they cannot be read)."""

    @abc.abstractmethod
    def run(self, targets: Sequence[Target], context: EngineContext) -> EngineOutput:
        """Analyse ``targets`` and return the findings, with paths relative to ``context.root``."""

    def prefork(self, targets: Sequence[Target], context: EngineContext) -> Optional[Any]:
        """Start this engine's run at once in a forked child (a
        :class:`~mcpaudit.engines.prefork.Prefork`, handed back in ``context.prefork`` when the
        engine runs), or None (the default). Asked only of an engine that will run on the
        pipeline's thread after another one that has files to analyse."""
        return None

    def prefork_shared(self, targets: Sequence[Target], context: EngineContext) -> Optional[Any]:
        """As :meth:`prefork`, asked of the only engine on the pipeline's thread that has files:
        a child that shares the per-file work with the scanning process, which takes its part at
        once (:mod:`~mcpaudit.engines.tsshare`), or None (the default)."""
        return None

    def prefork_first(self, targets: Sequence[Target], context: EngineContext) -> Optional[Any]:
        """As :meth:`prefork`, asked of the first engine on the pipeline's thread when it has files
        and no other early start: a child doing part of the work it does before any other (the cst
        engine's first pass, :mod:`~mcpaudit.engines.firstshare`), or None (the default)."""
        return None

    def prestart(self, targets: Sequence[Target], context: EngineContext) -> Optional[Any]:
        """Start this engine's run over ``targets`` (those whose results are not cached) now, as
        processes only (no thread: the pipeline forks children after it), or return None (the
        default). Asked, before the pipeline's own engines import their analyses, of an engine
        that runs on a worker thread; what it returns is handed back in ``context.prefork`` when
        :meth:`run` is called with the same ``targets``, and must have a ``close()`` that stops
        whatever :meth:`run` did not take."""
        return None


def dist_version(name: str) -> str:
    """The installed version of the distribution ``name``, or ``"?"``. Kept in the compact
    store (:mod:`mcpaudit.compact`) under what ``importlib.metadata`` reads to answer: the
    metadata folders on the import path whose names can be ``name``'s, with their modification
    times (an install, upgrade or removal renames or rewrites them; a distribution's metadata
    folder is named after its version). ``importlib.metadata`` costs ~0.02 s to import."""
    try:
        from .. import compact

        return compact.memo("dist:" + compact.digest(name.encode(), *_metadata_state(name)),
                            lambda: _dist_version(name))
    except Exception:
        return "?"


def _metadata_state(name: str) -> List[bytes]:
    """Each import path entry with the metadata folders (``*.dist-info``, ``*.egg-info``,
    ``*.egg``) in it whose normalised names start with ``name``'s: a superset of those
    ``importlib.metadata`` matches, in path order, and the finders that could add others."""
    import re

    norm = re.sub(r"[-_.]+", "_", name).lower()
    out = [repr([type(f).__qualname__ for f in sys.meta_path]).encode()]
    for entry in sys.path:
        where = os.path.abspath(entry or ".")
        try:
            if not os.path.isdir(where):
                out.append(f"{where}:{os.stat(where).st_mtime_ns}".encode())
                continue
            with os.scandir(where) as it:
                found = sorted(f"{e.name}:{e.stat().st_mtime_ns}" for e in it
                               if e.name.lower().endswith((".dist-info", ".egg-info", ".egg"))
                               and re.sub(r"[-_.]+", "_", e.name.lower()).startswith(norm))
        except OSError:
            found = ["-"]
        out.append(f"{where}:{found}".encode())
    return out


def _dist_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def outside_root(engine: str, reported: str) -> EngineError:
    """The non-fatal error for a result an external engine reported on a path outside the root."""
    return EngineError(engine, f"dropped a result for a path outside the scan root: {reported}",
                       path=reported, fatal=False)
