"""The cst engine: libcst parse once per file, one pass, MCP surface + taint, linked project-wide.

:func:`analyze_files` summarises each file in a worker process (a hostile file can crash or hang
the native parser; only a process can be killed), from the cache when its bytes were seen before;
:func:`link` joins the summaries into findings and the :class:`~mcpaudit.analysis.project.Project`
the project rules, the posture pass and the tool inventory read. :data:`ENGINE` is its
:class:`~mcpaudit.engines.base.Engine` for the pipeline.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import os
import pickle
import queue
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from .._gc import paused
from ..analysis.modnames import root_of, root_package
from ..analysis.summary import ModuleSummary
from ..analysis.loader import SourceError, decode_source
from ..lazycst import cst, load
from ..projectinputs import digest as inputs_digest
from ..analysis.project import Project, SourceFile
from ..models import Confidence, EngineError, SkippedFile
from ..sources import is_test_path
from ..starnames import salt
from .base import DEADLINE_SKIP, EngineOutput, ParseStats
from .cstbuild import building
from .cpulimit import (SLOT_WIDTH, CpuLimit, Watch, cpu_limit, file_limit, limit_reason, lines_of, mark_done,
                       mark_start)
from .cst_engine import PREFILTER  # noqa: E402  (the text pre-filter, importable without libcst)
from .cstlink import _link_key, _stable, link, link_failures  # re-exported

_VALIDATE: List[object] = []


def _no_validation(self) -> None:
    pass


def parse_module(text: str) -> cst.Module:
    """``libcst.parse_module`` without the per-node validation. libcst validates every node as it
    is constructed (``CSTNode.__post_init__``), which is about a tenth of a parse; nodes built
    by libcst's own parser are valid by construction (libcst's source says as much), and we never
    build or change nodes. Validation is back on as soon as the parse returns. The collector is
    paused by the caller."""
    from libcst._nodes.base import CSTNode

    if not _VALIDATE:  # CSTNode's own hook, read at the first parse (this module does not import libcst)
        _VALIDATE.append(load() and CSTNode.__dict__.get("__post_init__"))  # (and the analysis's libcst: lazycst.load)
    validate = _VALIDATE[0]
    if validate is None:  # a libcst without the hook: parse as usual
        return cst.parse_module(text)
    CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign]
    try:
        with building():  # and each node stored through its slots (engines/cstbuild.py)
            return cst.parse_module(text)
    finally:
        CSTNode.__post_init__ = validate  # type: ignore[method-assign]


@dataclass
class FileResult:
    """One file's analysis: its summary (or why it was skipped), text and line count."""

    path: str
    summary: Optional[ModuleSummary] = None
    text: Optional[str] = None
    skipped: Optional[str] = None  # reason
    lines: int = 0
    parsed: bool = False
    digest: Optional[str] = None  # content hash, when the file went through the cache
    blob: Optional[bytes] = None  # the pickled summary, not yet loaded (see materialize)

    def materialize(self) -> None:
        """Load a summary that came from the cache as bytes (``analyze_files(lazy=True)``)."""
        if self.blob is not None:
            summary = pickle.loads(self.blob)
            self.blob = None
            if summary is not None:
                summary.path = self.path
            self.summary = summary


def read_source(abspath: str, max_bytes: int) -> Tuple[Optional[bytes], Optional[str]]:
    """``(bytes, None)``, or ``(None, reason)`` for what cannot or must not be read: not a regular
    file (a FIFO would block the open), larger than ``max_bytes`` (judged on the opened file, so
    a symlink to a big file is caught too), unreadable."""
    try:
        fd = os.open(abspath, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None, "not a regular file"
            if st.st_size > max_bytes:
                return None, f"larger than the {max_bytes:,}-byte limit ({st.st_size:,} bytes)"
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data = fh.read(max_bytes + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    if len(data) > max_bytes:  # grew since the fstat
        return None, f"larger than the {max_bytes:,}-byte limit"
    return data, None


def analyze_file(abspath: str, relpath: str, max_bytes: int, parse_timeout: float,
                 keep_text: bool = True, extra_imports: Optional[Dict[str, str]] = None,
                 package: Tuple[str, ...] = ()) -> FileResult:
    """Read, decode, parse and summarise one file. Never raises; problems become ``skipped``.
    ``extra_imports``: names the module gets from other modules without importing them by name
    (:mod:`mcpaudit.starnames`); ``package``: the package the scan root is
    (:func:`~mcpaudit.analysis.modnames.root_package`, read once per scan by :func:`analyze_files`)."""
    data, why = read_source(abspath, max_bytes)
    if data is None:
        return FileResult(relpath, skipped=why)
    try:
        text, _enc = decode_source(data)
    except SourceError as exc:
        return FileResult(relpath, skipped=str(exc))
    except Exception as exc:  # a codec misbehaving on hostile bytes
        return FileResult(relpath, skipped=f"cannot be decoded: {type(exc).__name__}")
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    if not PREFILTER.search(data) or is_test_path(relpath):
        # nothing of interest, or test code: not parsed (test code is not the server's surface,
        # and its findings would never gate or score; the ts engine leaves it out the same way)
        return FileResult(relpath, text=text if keep_text else None, lines=lines)

    from ..analysis.module import ModuleAnalyzer

    def work() -> FileResult:
        # one pause for the parse and the analysis, and the tree dropped inside it: the collector,
        # on again, would otherwise walk every node of a live tree (a fifth of the analysis' time)
        with paused():
            try:
                module = parse_module(text)
            except cst.ParserSyntaxError as exc:
                msg = str(exc).strip().splitlines()
                first = msg[0] if msg else "syntax error"
                return FileResult(relpath, text=text if keep_text else None, lines=lines,
                                  skipped=f"syntax error at line {exc.raw_line}: {first}")
            analyzer = ModuleAnalyzer(relpath, text, module, extra_imports, package=package)
            try:
                summary = analyzer.run()
            finally:  # CpuLimit, RecursionError: the children tables are emptied all the same
                analyzer.close()
            del module, analyzer
        return FileResult(relpath, summary=summary, text=text if keep_text else None, lines=lines, parsed=True)

    return guarded(work, relpath, text if keep_text else None, lines, parse_timeout, "cst")


class WithBindings:
    """:func:`analyze_file` (or ``analyze``) given each module's names from other modules
    (:func:`mcpaudit.starnames.bindings`); picklable, for the worker processes."""

    def __init__(self, found: Dict[str, Dict[str, str]], analyze=None):
        self.found = found
        self.analyze = analyze  # another language's analyze_file (taking extra_imports too)

    def __call__(self, a: str, r: str, max_bytes: int, parse_timeout: float) -> FileResult:
        return (self.analyze or analyze_file)(a, r, max_bytes, parse_timeout, extra_imports=self.found.get(r))


def guarded(work, relpath: str, text: Optional[str], lines: int, parse_timeout: float, engine: str) -> FileResult:
    """Run ``work()`` (the parse and analysis of one file) within the per-file limit, counted in
    CPU time (:mod:`.cpulimit`: the result must not depend on the machine's load); running out of
    it, a recursion limit, memory exhaustion or a bug in the analysis becomes a skip reason,
    never an exception."""
    seconds = file_limit(parse_timeout, lines)
    try:
        with cpu_limit(seconds):
            return work()
    except CpuLimit:
        return FileResult(relpath, text=text, lines=lines, skipped=limit_reason(seconds))
    except RecursionError:
        return FileResult(relpath, text=text, lines=lines,
                          skipped="nested too deeply to analyse (recursion limit)")
    except MemoryError:
        return FileResult(relpath, skipped="ran out of memory while parsing")
    except Exception as exc:  # a bug in our analysis must not lose the rest of the scan
        return FileResult(relpath, text=text, lines=lines,
                          skipped=f"internal error in the {engine} engine: {type(exc).__name__}: {exc}")


class _Limits:
    """Each file's own per-file limit (:func:`.cpulimit.file_limit`, by its lines, read once when
    the parent first asks), and the parent's hard stop for it (the same slack as the flat one)."""

    def __init__(self, files: Sequence[Tuple[str, str]], parse_timeout: float):
        self.files, self.parse_timeout = files, parse_timeout
        self.seen: Dict[int, float] = {}

    def __call__(self, i: int) -> float:
        if i not in self.seen:
            self.seen[i] = file_limit(self.parse_timeout, lines_of(self.files[i][0]) if 0 <= i < len(self.files) else 0)
        return self.seen[i]

    def hard(self, i: int) -> float:
        return self(i) * 1.5 + 5.0


# Set in each worker process by _worker_init: its slot in the shared progress array, where it
# records (file index, start time) of the file it is analysing, so the parent can name the file
# a stuck or crashed worker was on.
_SLOT = -1
_STATE = None


def _worker_init(state=None, counter=None) -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
    try:
        import threading
        threading.stack_size(64 * 1024 * 1024)
    except Exception:  # pragma: no cover
        pass
    global _SLOT, _STATE
    if state is not None and counter is not None:
        with counter.get_lock():
            _SLOT = counter.value
            counter.value += 1
        _STATE = state


def _analyze_task(i: int, a: str, r: str, max_bytes: int, parse_timeout: float,
                  analyze=None) -> Tuple[int, FileResult]:
    st = _STATE
    mine = st is not None and 0 <= _SLOT < len(st) // SLOT_WIDTH
    if mine:
        mark_start(st, _SLOT, i)
    try:
        return i, (analyze or analyze_file)(a, r, max_bytes, parse_timeout)
    finally:
        if mine:
            mark_done(st, _SLOT)


def partial_functions(results: Sequence[FileResult]) -> List[EngineError]:
    """A warning for every module analysed without one of its functions (mcpaudit.analysis.isolation);
    such modules are never cached, so their summaries are loaded."""
    out = []
    for r in results:
        for line, qualname, error in (getattr(r.summary, "partial", None) or ()) if r.summary is not None else ():
            out.append(EngineError("cst", f"partially analysed: an internal error in the analysis of "
                                          f"'{qualname}' (line {line}): {error}; that function was left out, "
                                          "the rest of the file was analysed", path=r.path, fatal=False))
    return out


def analyze_files(files: Sequence[Tuple[str, str]], *, jobs: int = 0, max_bytes: int = 10 * 1024 * 1024,
                  parse_timeout: float = 20.0, progress=None, cache=None,
                  deadline: Optional[float] = None, isolate: bool = False,
                  lazy: bool = False, analyze=None, bindings: Optional[Dict[str, Dict[str, str]]] = None
                  ) -> List[FileResult]:
    """Summarise files (from the cache when their bytes were seen before), spread over worker
    processes. Results are in the order of ``files``.

    ``isolate=True`` (what :func:`mcpaudit.api.audit` passes) analyses every file in a worker
    process, however few there are: libcst's native parser can crash (stack overflow on deep
    nesting) or run for hours (``a[0][0]...`` is cubic) without ever returning to Python, so only
    a process that can be killed keeps a hostile file from taking the scan down. Otherwise
    ``jobs=1``, or fewer than 8 files, are analysed in-process (fast, for trusted code and tests).
    ``deadline`` is a ``time.monotonic()`` value after which nothing more is analysed.
    ``analyze`` replaces :func:`analyze_file` (another language's engine shares the workers,
    the cache and the limits). ``bindings``: the names each module gets from other modules
    (:mod:`mcpaudit.starnames`); a module's summary is cached under its bytes and these."""
    # a scan root that is itself a package names the project's top package (modnames.root_package),
    # read once for the scan
    package = root_package(root_of(*files[0])) if files else ()
    if analyze is None and package:
        analyze = functools.partial(analyze_file, package=package)
    if bindings:
        analyze = WithBindings(bindings, analyze)
    if cache is None:
        return _analyze_uncached(files, jobs=jobs, max_bytes=max_bytes, parse_timeout=parse_timeout, progress=progress,
                                 deadline=deadline, isolate=isolate, analyze=analyze)
    from ..cache import lookup

    results: Dict[str, FileResult] = {}
    todo: List[Tuple[str, str]] = []
    hashes: Dict[str, str] = {}
    # a file that cannot be read is analysed, and analyze_file says why
    # the same bytes with other names (star imports) make another summary: keyed by both
    rekey = (lambda f, h: f"{h}+{salt(bindings[f[1]])}" if f[1] in bindings else h) if bindings else None
    # the same bytes under another root package make another summary
    pkg = ".".join(package)
    if pkg:
        rekey = (lambda f, h, k=rekey: f"{k(f, h) if k else h}+pkg:{pkg}")
    for (a, r), h, data, hit in lookup(cache, files, lambda path: read_source(path, max_bytes)[0], rekey):
        if h is not None:
            hashes[r] = h
        # a test file is never summarised, and its bytes may be a server file's too: its
        # result is neither read from the cache nor written to it
        if hit is None or is_test_path(r):
            todo.append((a, r))
            continue
        blob, skipped, lines, parsed = hit
        text = None
        try:
            text, _ = decode_source(data)
        except SourceError:
            pass
        res = FileResult(r, text=text, skipped=skipped, lines=lines, parsed=parsed, digest=h, blob=blob)
        if not lazy:
            res.materialize()
        results[r] = res
        if progress:
            progress(1)
    for res in _analyze_uncached(todo, jobs=jobs, max_bytes=max_bytes, parse_timeout=parse_timeout, progress=progress,
                                 deadline=deadline, isolate=isolate, analyze=analyze):
        results[res.path] = res
        h = hashes.get(res.path)
        res.digest = h
        if h is not None and _stable(res) and not is_test_path(res.path):
            # the summary is pickled on its own: a re-scan whose link step is cached never loads it
            try:
                blob = pickle.dumps(res.summary, protocol=pickle.HIGHEST_PROTOCOL) if res.summary is not None else None
            except (pickle.PicklingError, RecursionError, TypeError, AttributeError):
                continue
            cache.put(h, (blob, res.skipped, res.lines, res.parsed))
    return [results[r] for _, r in files]


def _remaining(deadline: Optional[float]) -> Optional[float]:
    return None if deadline is None else deadline - time.monotonic()


def _kill_pool(ex: cf.ProcessPoolExecutor) -> None:
    """Kill an executor's workers (a native parse ignores SIGALRM until it returns), so that
    shutting it down does not wait for them."""
    for proc in list((getattr(ex, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except Exception:  # pragma: no cover - already gone
            pass


def _analyze_uncached(files: Sequence[Tuple[str, str]], *, jobs: int = 0, max_bytes: int = 10 * 1024 * 1024,
                      parse_timeout: float = 20.0, progress=None, deadline: Optional[float] = None,
                      isolate: bool = False, analyze=None) -> List[FileResult]:
    analyze = analyze or analyze_file
    jobs = jobs or (os.cpu_count() or 1)
    files = list(files)
    if not files:
        return []
    tests = [f for f in files if is_test_path(f[1])]
    if tests:
        # test code is read, never parsed: no worker process is started for it
        done = {r: analyze(a, r, max_bytes, parse_timeout) for a, r in tests}
        if progress:
            progress(len(tests))
        rest = _analyze_uncached([f for f in files if f[1] not in done], jobs=jobs, max_bytes=max_bytes,
                                 parse_timeout=parse_timeout, progress=progress, deadline=deadline,
                                 isolate=isolate, analyze=analyze)
        done.update((res.path, res) for res in rest)
        return [done[r] for _, r in files]
    if not isolate and (jobs <= 1 or len(files) < 8):
        # a worker's recursion limit while these files are analysed, the process's own after
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 6000))
        out = []
        try:
            for a, r in files:
                late = deadline is not None and time.monotonic() >= deadline
                out.append(FileResult(r, skipped=DEADLINE_SKIP) if late else analyze(a, r, max_bytes, parse_timeout))
                if progress:
                    progress(1)
        finally:
            sys.setrecursionlimit(limit)
        return out
    # a few files are not worth starting a second worker for
    workers = max(1, min(jobs, len(files) // _FILES_PER_WORKER + 1))
    return _analyze_in_workers(files, workers, max_bytes, parse_timeout, progress, deadline, analyze)


#: Files per worker process before one more is started (starting one costs about as much CPU
#: as analysing a few ordinary files).
_FILES_PER_WORKER = 8


def _analyze_in_workers(files: List[Tuple[str, str]], workers: int, max_bytes: int, parse_timeout: float,
                        progress, deadline: Optional[float], analyze=None) -> List[FileResult]:
    """One task per file (biggest first) on a process pool. Each worker records which file it is
    on; a file whose worker has used ``parse_timeout`` * 1.5 + 5 s of CPU on it (a native parse
    the worker's own CPU limit cannot interrupt), or made no progress for minutes, is skipped
    and the pool is killed and restarted for the rest (:class:`.cpulimit.Watch`); when a worker dies, only the files the workers
    were on are retried, each alone in a process; past ``deadline`` everything left is skipped
    with :data:`DEADLINE_SKIP`."""
    def size(i: int) -> int:
        try:
            return os.stat(files[i][0]).st_size
        except OSError:
            return 0

    todo = sorted(range(len(files)), key=lambda i: (-size(i), i))
    results: Dict[int, FileResult] = {}
    hard = parse_timeout * 1.5 + 5.0 if parse_timeout and parse_timeout > 0 else None
    limit_of = _Limits(files, parse_timeout)
    ctx = _mp_context(analyze)

    def done(i: int, res: FileResult) -> None:
        results[i] = res
        if progress:
            progress(1)

    while todo:
        state = ctx.Array("d", [-1.0, 0.0, 0.0, 0.0] * workers, lock=False)
        watch = Watch(state, hard, limit_of.hard if hard is not None else None)
        counter = ctx.Value("i", 0)
        crashed = stuck = late = False
        futs: Dict[cf.Future, int] = {}
        ex = cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init,
                                    initargs=(state, counter))
        try:
            finished: "queue.SimpleQueue[cf.Future]" = queue.SimpleQueue()
            for i in todo:
                fut = ex.submit(_analyze_task, i, files[i][0], files[i][1], max_bytes, parse_timeout, analyze)
                futs[fut] = i
                fut.add_done_callback(finished.put)
            waiting = len(futs)
            while waiting:
                poll: Optional[float] = 1.0 if hard is not None else None
                left = _remaining(deadline)
                if left is not None:
                    poll = max(0.0, left if poll is None else min(poll, left))
                batch = []
                try:
                    batch.append(finished.get(timeout=poll))
                    while True:
                        batch.append(finished.get_nowait())
                except queue.Empty:
                    pass
                for fut in batch:
                    waiting -= 1
                    try:
                        i, res = fut.result()
                    except Exception:  # BrokenProcessPool: a worker died
                        crashed = True
                        continue
                    done(i, res)
                if crashed or not waiting:
                    break
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    late = True
                    break
                for slot in range(workers if hard is not None else 0):
                    i = watch.busy(slot)
                    why = watch.overrun(slot, now) if i is not None and 0 <= i < len(files) \
                        and i not in results else None
                    if why:
                        done(i, FileResult(files[i][1], skipped=limit_reason(limit_of(i), why)))
                        stuck = True
                if stuck:
                    break
        finally:
            if crashed or stuck or late:
                for fut in futs:
                    fut.cancel()
                _kill_pool(ex)
            ex.shutdown(wait=True, cancel_futures=True)
        todo = [i for i in todo if i not in results]
        if late:
            for i in todo:
                done(i, FileResult(files[i][1], skipped=DEADLINE_SKIP))
            break
        if crashed and todo:
            # the file a dead worker was on is among those the workers had started; each is
            # retried alone (at least one file, so the loop always progresses)
            suspects = [watch.busy(s) for s in range(workers) if watch.busy(s) is not None]
            suspects = [i for i in dict.fromkeys(suspects) if 0 <= i < len(files) and i not in results]
            for i in suspects or todo[:1]:
                left = _remaining(deadline)
                if left is not None and left <= 0:
                    done(i, FileResult(files[i][1], skipped=DEADLINE_SKIP))
                else:
                    done(i, _isolated(files[i][0], files[i][1], max_bytes, parse_timeout, left, hard=True,
                                      analyze=analyze))
            todo = [i for i in todo if i not in results]
    return [results[i] for i in range(len(files))]


def _mp_context(analyze=None):
    """The worker pool's context; ``analyze``: what its workers run (None: :func:`analyze_file`)."""
    import multiprocessing as mp
    try:
        if sys.platform == "win32":
            return mp.get_context("spawn")
        ctx = mp.get_context("forkserver")
        # the fork server imports the analysis once and every worker forked from it has it
        # (otherwise each worker imports libcst and the analysis itself, ~0.3 s of CPU), with
        # the compiled dataclass methods of mcpaudit.codecache. Which analysis: the one the
        # workers run (the preload counts only when the fork server starts, once per process)
        ctx.set_forkserver_preload(["mcpaudit.codecache_preload", preload_of(analyze), __name__])
        return ctx
    except ValueError:  # pragma: no cover
        return mp.get_context("spawn")


def preload_of(analyze=None) -> str:
    """The module a fork server imports for workers running ``analyze``: its ``preload``
    attribute (the ts engine's ``analyze_file``: the TypeScript analysis, no libcst; issue 15,
    speed54), else the Python analysis with libcst (:mod:`.cstpreload`)."""
    inner = analyze.analyze if isinstance(analyze, WithBindings) else analyze
    return getattr(inner, "preload", None) or "mcpaudit.engines.cstpreload"


def _isolated(a: str, r: str, max_bytes: int, parse_timeout: float,
              limit: Optional[float] = None, hard: bool = False, analyze=None) -> FileResult:
    """Analyse one file in its own process, so a crash is attributed to that file alone; a
    worker that has used its CPU time (``parse_timeout`` plus start-up slack when ``hard``, else
    a generous multiple) or stalled is killed, not waited for; so is one still busy at ``limit``
    (wall seconds: what is left of the scan deadline)."""
    parse_timeout = file_limit(parse_timeout, lines_of(a))
    cpu = parse_timeout * 1.5 + 10.0 if hard and parse_timeout else max((parse_timeout or 0) * 3, 60)
    until = None if limit is None else time.monotonic() + max(limit, 0.01)
    ctx = _mp_context(analyze)
    state = ctx.Array("d", [-1.0, 0.0, 0.0, 0.0], lock=False)
    watch = Watch(state, cpu)
    try:
        ex = cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_worker_init,
                                    initargs=(state, ctx.Value("i", 0)))
        try:
            fut = ex.submit(_analyze_task, 0, a, r, max_bytes, parse_timeout, analyze)
            while True:
                try:
                    return fut.result(timeout=0.5 if until is None else max(0.0, min(0.5, until - time.monotonic())))[1]
                except cf.TimeoutError:
                    pass
                now = time.monotonic()
                why = watch.overrun(0, now)
                if why or (until is not None and now >= until):
                    _kill_pool(ex)
                    return FileResult(r, skipped=limit_reason(parse_timeout, why) if why else DEADLINE_SKIP)
        finally:
            ex.shutdown(wait=True, cancel_futures=True)
    except Exception as exc:
        return FileResult(r, skipped=f"the parser crashed on this file ({type(exc).__name__})")


def run(files: Sequence[Tuple[str, str]], root: Path, *, jobs: int = 0, max_bytes: int = 10 * 1024 * 1024,
        parse_timeout: float = 20.0, min_confidence: Confidence = Confidence.MEDIUM, progress=None,
        results: Optional[List[FileResult]] = None, cache=None, deadline: Optional[float] = None,
        isolate: bool = False, engine: str = "cst", analyze=None, linker_cls=None, notes=None,
        first_pass: bool = True, freeze: bool = False, on_first_pass=None,
        bindings: Optional[Dict[str, Dict[str, str]]] = None, first_share=None) -> Tuple[EngineOutput, Project]:
    """Analyse ``files`` ((absolute, root-relative) pairs) and link them: the output (whose
    ``project`` is the project returned alongside, ``parse`` what was parsed) and the project.
    ``results`` skips the analysis (already summarised files). ``first_pass``: read every file
    with ``ast`` first and analyse only the modules that can change the result (the same result;
    Python only: when ``analyze`` is not given; :mod:`mcpaudit.firstpass`). ``freeze``: what is
    alive after it is frozen (``_gc.freeze_alive``; the caller thaws it). ``on_first_pass(texts,
    trees)`` is called once the first pass has read every file (:mod:`.cst_firstpass`);
    ``first_share``: a forked child digesting part of the files for it (:mod:`.firstshare`). The other arguments are
    those of :func:`analyze_files`; ``engine``, ``analyze``, ``linker_cls`` and ``notes`` (extra
    non-fatal errors from the results) let another language's engine run the same way."""
    t0 = time.monotonic()
    out = EngineOutput(engine)
    trees: Dict[str, object] = {}
    linked = None
    tree_key = None
    first_pass = first_pass and analyze is None
    ahead = None
    if results is None and first_pass:
        from ..analysis.entryreach import ReadAhead
        from .cst_firstpass import first_pass_run

        # what no entry point reaches is read from the first pass's trees while the deep analysis runs
        ahead = ReadAhead(root)
        results, linked, trees, details, tree_key = first_pass_run(
            files, root, jobs=jobs, max_bytes=max_bytes, parse_timeout=parse_timeout,
            min_confidence=min_confidence, progress=progress, cache=cache, deadline=deadline, isolate=isolate,
            freeze=freeze, on_first_pass=ahead.hook(on_first_pass), share=first_share)
        out.details["first_pass"] = details
        if first_share is not None:  # (not in the first pass's details, which are cached with its outcome)
            out.details["first_share"] = {"files": len(first_share.theirs), "taken": first_share.took}
    elif results is None:
        found = bindings  # another language's names from other modules (analyze given)
        if analyze is None:
            from .cst_firstpass import bindings_of

            found, trees = bindings_of(files, max_bytes)  # names from star imports (mcpaudit.starnames)
        results = analyze_files(files, jobs=jobs, max_bytes=max_bytes, parse_timeout=parse_timeout,
                                progress=progress, cache=cache, deadline=deadline, isolate=isolate,
                                lazy=cache is not None, analyze=analyze, bindings=found)
    for r in results:
        if r.skipped:
            out.skipped.append(SkippedFile(r.path, r.skipped))
            out.errors.append(EngineError(engine, f"skipped: {r.skipped}", path=r.path, fatal=False))
    key = None
    if linked is None and cache is not None:
        key = _link_key(results, min_confidence, engine + (":first-pass" if first_pass else ":all"), inputs_digest(root))
        linked = cache.get(key, count=False) if key is not None else None
    if linked is not None:
        if ahead is not None:
            ahead.cancel()  # the link is not run
        # nothing changed since a scan that linked exactly these files: reuse its result
        findings, tools, http_servers, auth_evidence, safe_sinks, unfollowed, reached = linked
        project = Project(root=root, tools=tools, http_servers=http_servers, auth_evidence=auth_evidence,
                          safe_sinks=safe_sinks, unfollowed=unfollowed, reach=reached)
        for r in results:
            if r.text is not None:
                project.files[r.path] = SourceFile(r.path, r.text)
    else:
        for r in results:
            r.materialize()
        with paused():
            findings, project, linker = link(results, root, min_confidence, linker_cls, engine, trees, ahead)
        failures = link_failures(linker, engine)
        out.errors.extend(failures)
        if failures:  # a partial result is not kept: the next scan links again, and says so again
            key = tree_key = None
        if key is not None:
            cache.put(key, (findings, project.tools, project.http_servers, project.auth_evidence,
                            project.safe_sinks, project.unfollowed, project.reach))
        if tree_key is not None:
            # an unchanged tree skips the first pass too
            cache.put(tree_key, ([(r.path, r.skipped, r.lines, r.parsed) for r in results],
                                 (findings, project.tools, project.http_servers, project.auth_evidence,
                                  project.safe_sinks, project.unfollowed, project.reach),
                                 out.details.get("first_pass")))
    if notes is None and analyze is None:
        notes = partial_functions
    if notes is not None:
        out.errors.extend(notes(results))
    project.trees = trees
    out.findings = findings
    out.project = project
    out.parse = ParseStats(parsed=sum(1 for r in results if r.parsed), lines=sum(r.lines for r in results),
                           linked_from_cache=linked is not None)
    out.seconds = time.monotonic() - t0
    return out, project


# the engine object lives in the light module the registry imports (listing rules never
# imports libcst); it runs this module's run()
from .cst_engine import ENGINE, CstEngine  # noqa: E402


__all__ = ["analyze_file", "analyze_files", "read_source", "link", "run", "FileResult", "PREFILTER",
           "DEADLINE_SKIP", "CstEngine", "ENGINE"]
