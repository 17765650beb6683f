"""Running the engines, the second stage of the pipeline: all of them at once, with the cache and
the scan deadline, and the posture pass as soon as the analysed project exists.

The engines that run on the pipeline's own thread (the cst engine, which spreads its work over
worker processes itself) run while the others (semgrep and bandit, subprocesses) work on threads
of their own. The posture pass needs only the analysed project, so it starts as soon as the
engine that builds it returns, rather than after the slowest engine. Nothing here names an
engine: what differs between them is said by their :class:`~mcpaudit.engines.base.Engine`.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import functools
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple

from . import __version__
from ._gc import end_start, paused, refreeze, thaw
from .config import Config
from .discovery import Sources
from .engines import ENGINES
from .engines.base import DEADLINE_SKIP, Engine, EngineContext, EngineOutput, Target
from .models import EngineError, Finding, PostureFact, ScanStats
from .analysis.ts.parse import trees_kept
from .sources import is_test_path

if TYPE_CHECKING:  # pragma: no cover
    from .analysis.project import Project
    from .cache import Cache

Progress = Callable[[str, int, int], None]

#: The posture pass's cache namespace and salt.
_POSTURE = ("posture",)


class EarlyIndex:
    """The posture pass's Python index, built early: from the cst engine's first-pass ``ast``
    trees, on a thread of its own, while the engine's worker processes analyse the selected
    modules. The posture facts need the linked project (its tools and HTTP serving sites), so
    they are decided after the cst engine; the per-file index they read
    (:func:`~mcpaudit.analysis.posture.pyindex.index_python`) needs only each file's text and
    tree. Built after the engine it was a serial tail with the other core idle (0.85 s of CPU on
    the generated 100k-line corpus); here the scanning process builds it while it would only
    wait for its workers. The posture ``Context`` takes an entry only for the same text and the
    same tree object, so the facts are the same.

    ``start(texts, trees)`` indexes every file of ``trees`` on a daemon thread; ``result()``
    waits for it and returns the entries by path (empty when it was never started).

    The same trees serve the engines on worker threads (``tree``: semgrep's gate reads a file's
    shapes of code from them, :mod:`mcpaudit.engines.semgrep.shapes`) instead of a second
    ``ast.parse`` of each file in this process, where it would compete with the first pass for
    the interpreter: ``tree`` waits until the trees are given or ``done()`` says none will be."""

    def __init__(self) -> None:
        self._thread: Optional[threading.Thread] = None
        self._entries: Dict[str, Tuple[str, Any, Any]] = {}
        self._given = threading.Event()
        self._shared: Tuple[Dict[str, str], Dict[str, object]] = ({}, {})
        self.files: Optional[Tuple[Path, bool, Dict[str, str], Dict[str, str]]] = None  # gather_files

    def start(self, texts: Dict[str, str], trees: Dict[str, object]) -> None:
        if not self._given.is_set():
            self._shared = (texts, trees)
            self.done()
        if self._thread is not None or not trees:
            return
        from .analysis.posture.pyindex import index_python  # imported here, on the caller's thread

        jobs = [(p, texts[p], trees[p]) for p in sorted(trees) if p in texts]

        def work() -> None:
            with paused():
                for path, text, tree in jobs:
                    self._entries[path] = (text, tree, index_python(path, text, tree))
            refreeze()  # the index lives until the posture pass, as the trees it points into

        self._thread = threading.Thread(target=work, name="posture-index", daemon=True)
        self._thread.start()

    def index_sources(self, targets: Sequence[Target], max_bytes: int) -> None:
        """Index the TS/JS sources among ``targets`` for the posture pass, here and now: called
        while an engine's forked child (:mod:`mcpaudit.engines.prefork`) analyses them and this
        process would only wait for it. Each text is read and decoded as the ts engine does; the
        posture ``Context`` takes an entry only for the same text (otherwise it indexes the file
        itself, as it did before: on modelcontextprotocol/servers ``src/`` 49 files and ~0.05 s of
        tree-sitter after the engines, on the scanning process's serial tail). A file the index
        fails on is left to the posture pass, which then fails or not as it did before."""
        from .analysis.posture.typescript import index_ts
        from .analysis.ts.parse import is_ts_source
        from .engines.cst import read_source
        from .engines.ts import decoded

        with paused():
            for t in targets:
                if not is_ts_source(t.rel) or is_test_path(t.rel) or t.rel in self._entries:
                    continue
                data, _why = read_source(t.path, max_bytes)
                if data is None:
                    continue
                text, _data = decoded(data)
                try:
                    self._entries[t.rel] = (text, None, index_ts(t.rel, text))
                except Exception:  # the posture pass indexes it again, and says why if it fails
                    continue

    def gather_files(self, root: Path, whole_root: bool) -> None:
        """Read the posture pass's other files and documents (:func:`_posture_facts`) here and
        now: called, as :meth:`index_sources` is, while this process waits for an engine's forked
        child (on modelcontextprotocol/servers ``src/``, the ts child's link), instead of on the
        serial tail after it. They depend on ``root`` alone; a failure leaves them to the posture
        pass, which then fails or not as it did before. Read once per ``(root, whole_root)``:
        a second wait (another engine's child) finds them read."""
        from .projectinputs import gathered

        if self.gathered(root, whole_root) is not None:
            return
        try:
            read = gathered(root, whole_root)  # once per scan: the cache keys read them too
            other, docs = dict(read.other), dict(read.docs)
        except Exception:
            return
        self.files = (root, whole_root, other, docs)

    def gathered(self, root: Path, whole_root: bool) -> Optional[Tuple[Dict[str, str], Dict[str, str]]]:
        """The other files and documents :meth:`gather_files` read for this root, or None."""
        if self.files is None or self.files[:2] != (root, whole_root):
            return None
        return self.files[2], self.files[3]

    def done(self) -> None:
        """No trees will be given (or they were): ``tree`` waits no more."""
        self._given.set()

    def tree(self, path: str, text: str) -> Optional[object]:
        """The first pass's tree of ``text``, the file at ``path``, once the first pass is done
        (None: it made none of that text)."""
        self._given.wait()
        texts, trees = self._shared
        return trees.get(path) if texts.get(path) == text else None

    def result(self) -> Dict[str, Tuple[str, Any, Any]]:
        if self._thread is not None:
            self._thread.join()
        return self._entries

    def release(self) -> None:
        """Drop the entries (they hold the trees: freed by reference counting before the
        collector, thawed, would walk them all)."""
        self.done()
        self._shared = ({}, {})
        self.files = None
        self.result().clear()


@dataclass
class EngineRun:
    """What running the engines gave."""

    outputs: Dict[str, EngineOutput] = field(default_factory=dict)  # by name, in registry order
    project: Optional["Project"] = None  # from the engine that builds one (cst)
    facts: List[PostureFact] = field(default_factory=list)
    posture_error: Optional[EngineError] = None
    caches: Dict[str, "Cache"] = field(default_factory=dict)
    early: Optional["EarlyIndex"] = None  # the posture index built from the first pass's trees
    deadline: Optional[float] = None  # time.monotonic() at which the scan timeout ran out


def open_caches(config: Config) -> Dict[str, "Cache"]:
    """One cache per registered engine and one for the posture pass, or none when caching is
    off or its directory is unusable."""
    if not config.cache:
        return {}
    from . import cache as C

    directory = Path(config.cache_dir) if config.cache_dir else C.user_cache_home()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return {}
    salts = {name: engine.cache_salt(config) for name, engine in ENGINES.items()}
    salts[_POSTURE[0]] = _POSTURE
    return {name: C.Cache(directory, name, salt) for name, salt in salts.items()}


def run_engines(engines: Sequence[Engine], sources: Sources, root: Path, config: Config,
                started: float, progress: Optional[Progress] = None,
                meanwhile: Optional[Callable[[], None]] = None) -> EngineRun:
    """Run ``engines`` over the files each wants, concurrently, and the posture pass; within
    ``config.scan_timeout`` of ``started`` (``time.monotonic()`` when the scan began) when there
    is one: the engines on worker threads get what is left of it as their timeout, the others
    stop at the deadline. ``meanwhile()`` runs on this thread once its own work is done, while
    the engines on worker threads may still be running."""
    # the whole-scan limit: the external engines get what is left of it as their own timeout,
    # the cst engine stops handing out files (and kills its workers) when it passes
    deadline = started + config.scan_timeout if config.scan_timeout else None
    run = EngineRun(caches=open_caches(config), deadline=deadline, early=EarlyIndex())
    timeout = config.engine_timeout
    if deadline is not None:
        timeout = max(0.001, min(config.engine_timeout, deadline - time.monotonic()))

    early: Dict[str, Any] = {}
    work = [(e, _without_tests(sources.targets_for(e), config)) for e in engines]
    work = [(e, targets) for e, targets in work if targets or not e.needs_targets]
    # the first pass of the pipeline's own engine, if it makes one, for the engines on threads
    shared = run.early.tree if any(e.on_main_thread and t and e.shares_first_pass(config)
                                   for e, t in work) else None

    def context(engine: Engine) -> EngineContext:
        return EngineContext(root=root, config=config, timeout=timeout, deadline=deadline,
                             cache=run.caches.get(engine.name), progress=progress,
                             on_first_pass=run.early.start if engine.on_main_thread else None,
                             first_pass_tree=None if engine.on_main_thread else shared,
                             prefork=early.get(engine.name))

    looked: Dict[str, _Lookup] = {}
    try:
        # first the engines on worker threads start their processes, then the pipeline's own
        # engines import their analyses and fork (before any thread of ours starts); a small
        # tree's TypeScript trees may be kept until the posture pass has indexed them
        early.update(_prestarts(work, context, looked))
        with trees_kept():
            early.update(_preforks(work, config, context))
            end_start()  # the command line's start-up is over (mcpaudit._gc), if no fork ended it
            return _run_all(run, work, context, root, sources, timeout, meanwhile, engines, looked)
    finally:
        for pf in early.values():
            pf.close()


def _prestarts(work, context, looked: Dict[str, "_Lookup"]) -> Dict[str, Any]:
    """Each engine on a worker thread may start its processes now
    (:meth:`~mcpaudit.engines.base.Engine.prestart`), over the files whose results its cache
    lacks: the cache is looked up here, once (``looked``: by engine name, for
    :func:`_run_cached`), so that the run covers the same files as the processes started."""
    out = {}
    for engine, targets in work:
        if engine.on_main_thread or not engine.prestarts or not targets:
            continue
        ctx = context(engine)
        lookup = looked[engine.name] = _lookup(engine, targets, ctx)
        if lookup.todo:
            pf = engine.prestart(lookup.todo, ctx)
            if pf is not None:
                out[engine.name] = pf
    return out


def _preforks(work, config: Config, context) -> Dict[str, Any]:
    """The engines on the pipeline's thread run one after the other: each one after the first
    (when the first has files to analyse) may start its run now, in a forked child,
    on the core the first one leaves free (:mod:`mcpaudit.engines.prefork`); the only one with
    files may start a child it shares its per-file work with; and the first one may start a child
    for the work it does first (:meth:`~mcpaudit.engines.base.Engine.prefork_first`). Not with one
    job."""
    import os

    if (config.jobs or os.cpu_count() or 1) <= 1:
        return {}
    main = [(e, t) for e, t in work if e.on_main_thread]
    busy = [(e, t) for e, t in main if t]
    out = {}
    if main and main[0][1]:
        # the first engine's own early part on the other core (the cst engine's first pass);
        # forked first, so that no other child's pipe is open in it
        pf = main[0][0].prefork_first(main[0][1], context(main[0][0]))
        if pf is not None:
            out[main[0][0].name] = pf
    if len(main) >= 2 and main[0][1]:
        for engine, targets in main[1:]:
            if targets:
                pf = engine.prefork(targets, context(engine))
                if pf is not None:
                    out[engine.name] = pf
    elif len(busy) == 1 and busy[0][0].name not in out:
        engine, targets = busy[0]
        pf = engine.prefork_shared(targets, context(engine))
        if pf is not None:
            out[engine.name] = pf
    return out


def _run_all(run: EngineRun, work, context, root: Path, sources: Sources, timeout: float,
             meanwhile: Optional[Callable[[], None]], engines: Sequence[Engine],
             looked: Dict[str, "_Lookup"]) -> EngineRun:
    outputs: Dict[str, EngineOutput] = {}
    background = [(e, t) for e, t in work if not e.on_main_thread]
    later = _Once(meanwhile) if meanwhile is not None else None
    with cf.ThreadPoolExecutor(max_workers=max(2, len(background))) as pool:
        futures = {e.name: pool.submit(_run_cached, e, t, context(e), looked.get(e.name)) for e, t in background}
        try:
            _run_main(run, work, context, outputs, functools.partial(_while_waiting, run, root, sources.whole_root,
                                                                     later))
        finally:
            if run.early is not None:
                run.early.done()  # whatever happened, no engine on a thread waits for trees now
        # the posture pass needs only the project: run it while the engines on worker threads
        # are still working rather than after them
        _posture(run, root, sources.whole_root)
        if later is not None:
            later()  # (once: it may have run already, while this process waited for a child)
        for name, future in futures.items():
            outputs[name] = _result(name, future, timeout)
    run.outputs = {e.name: outputs[e.name] for e in engines if e.name in outputs}
    return run


def _run_main(run: EngineRun, work, context, outputs: Dict[str, EngineOutput],
              waiting: Optional[Callable[[], None]] = None) -> None:
    """The engines on the pipeline's own thread, one after the other. ``waiting()``: the work of
    the tail that can be done while this process waits for an engine's forked child."""
    for engine, targets in work:
        if engine.on_main_thread:
            ctx = context(engine)
            if ctx.prefork is not None and run.early is not None:
                # its child is analysing these files: index them for the posture pass meanwhile
                # (once this process has taken its share of the child's files, if any), then
                # what else of the tail need not wait for the child
                index = functools.partial(run.early.index_sources, targets, ctx.config.max_file_bytes)
                ctx.prefork.meanwhile = index if waiting is None else _chain(index, waiting)
            out = outputs[engine.name] = _run_cached(engine, targets, ctx)
            if run.early is not None:
                run.early.done()  # the first engine's first pass, if any, is over
            if out.project is not None:
                # one project for the repository: each language's engine adds its files
                # and tools
                run.project = out.project if run.project is None else run.project.absorb(out.project)


def _chain(*steps: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        for step in steps:
            step()

    return run


class _Once:
    """``fn()`` run at most once: early (:meth:`early`, while this process would only wait for a
    child), or where the pipeline always ran it (the call), which then raises what the early run
    raised, so a failure surfaces where and as it did before."""

    def __init__(self, fn: Callable[[], None]) -> None:
        self._fn: Optional[Callable[[], None]] = fn
        self._error: Optional[Exception] = None

    def early(self) -> None:
        fn, self._fn = self._fn, None
        if fn is not None:
            try:
                fn()
            except Exception as exc:
                self._error = exc

    def __call__(self) -> None:
        fn, self._fn = self._fn, None
        if fn is not None:
            fn()
        elif self._error is not None:
            error, self._error = self._error, None
            raise error


def _while_waiting(run: EngineRun, root: Path, whole_root: bool, later: Optional[_Once]) -> None:
    """The tail's work that depends on no engine's result, done while this process waits for an
    engine's forked child (the ts child's link, on a small mixed tree): the posture pass's other
    files and documents, and the rule metadata (``later``, the pipeline's ``meanwhile``)."""
    if run.early is not None:
        run.early.gather_files(root, whole_root)
    if later is not None:
        later.early()


def _without_tests(targets: Sequence[Target], config: Config) -> Sequence[Target]:
    """Test code is not scanned unless the user asks for it (``--include-tests``): findings
    there would never gate or score. (The cst and ts engines never analyse it; semgrep and bandit
    read it only on request. On the awslabs/mcp slice 76 % of the Python lines are tests.)"""
    if config.include_tests:
        return targets
    return [t for t in targets if not is_test_path(t.rel)]


def _result(name: str, future: "cf.Future[EngineOutput]", timeout: float) -> EngineOutput:
    """What a worker thread's engine gave, or a failure when it is not back a minute after its
    own timeout."""
    started = time.monotonic()
    try:
        return future.result(timeout=timeout + 60)
    except cf.TimeoutError:
        return EngineOutput.failed(name, f"{name} did not finish within {timeout:g}s", started)


def _run_guarded(engine: Engine, targets: Sequence[Target], context: EngineContext) -> EngineOutput:
    """``engine.run``, with an exception of the engine itself reported as its failure (never
    invented results, and never the other engines' loss)."""
    started = time.monotonic()
    try:
        out = engine.run(targets, context)
    except Exception as exc:
        return EngineOutput.failed(engine.name, f"{engine.name} engine failed: {type(exc).__name__}: {exc}",
                                   started)
    out.seconds = out.seconds or (time.monotonic() - started)
    return out


@dataclass
class _Lookup:
    """An engine's per-file cache looked up for its targets: the cached findings, the targets
    to analyse, each file's content hash, and when the lookup began."""

    started: float
    cached: List[Finding]
    todo: List[Target]
    hashes: Dict[str, str]


def _lookup(engine: Engine, targets: Sequence[Target], context: EngineContext) -> _Lookup:
    """The cache lookup of :func:`_run_cached` (everything is to do without a per-file cache)."""
    started = time.monotonic()
    cache = context.cache
    if cache is None or not engine.per_file_cache:
        return _Lookup(started, [], list(targets), {})
    from .cache import lookup

    limit = context.config.max_file_bytes + 1
    found = _Lookup(started, [], [], {})
    for target, digest, _data, hit in lookup(cache, targets, lambda path: _head(path, limit)):
        if digest is not None:
            found.hashes[target.rel] = digest
        if hit is None:
            found.todo.append(target)
            continue
        found.cached.extend(dataclasses.replace(f, location=dataclasses.replace(f.location, path=target.rel))
                            for f in hit)
    return found


def _run_cached(engine: Engine, targets: Sequence[Target], context: EngineContext,
                looked: Optional[_Lookup] = None) -> EngineOutput:
    """Run ``engine`` only on the files whose results are not cached, for an engine whose
    results are per file (they compose); any other engine gets the cache in its context.
    ``looked``: the lookup made already for these targets (:func:`_prestarts`)."""
    cache = context.cache
    if cache is None or not engine.per_file_cache:
        return _run_guarded(engine, looked.todo if looked is not None else targets, context)
    found = looked if looked is not None else _lookup(engine, targets, context)
    todo = found.todo
    out = _run_guarded(engine, todo, context) if todo else EngineOutput(engine.name)
    if todo and out.succeeded:
        troubled = {e.path for e in out.errors if e.path} | {s.path for s in out.skipped}
        per_file: Dict[str, List[Finding]] = {t.rel: [] for t in todo}
        for f in out.findings:
            per_file.setdefault(f.location.path, []).append(f)
        for t in todo:
            if t.rel in found.hashes and t.rel not in troubled:
                cache.put(found.hashes[t.rel], per_file.get(t.rel, []))
    out.findings = found.cached + out.findings
    out.seconds = time.monotonic() - found.started
    return out


def _head(path: str, limit: int) -> Optional[bytes]:
    try:
        with open(path, "rb") as fh:
            return fh.read(limit)
    except OSError:
        return None


# ------------------------------------------------------------------------------------------
# posture


def _posture(run: EngineRun, root: Path, whole_root: bool = True) -> None:
    """The posture facts into ``run`` (or the posture pass's failure)."""
    try:
        early = run.early.result() if run.early is not None else None
        gathered = run.early.gathered(root, whole_root) if run.early is not None else None
        run.facts = _posture_facts(root, run.project, run.caches.get(_POSTURE[0]), whole_root, early, gathered)
    except Exception as exc:
        run.posture_error = EngineError("posture", f"posture analysis failed: {type(exc).__name__}: {exc}")
    finally:
        if run.project is not None:
            run.project.trees = {}  # the first pass's trees served their purpose
        if run.early is not None:
            run.early.release()
        thaw()  # what the cst engine's first pass froze (freed now, or back in the collector's sight)


def _posture_facts(root: Path, project: Optional["Project"], cache, whole_root: bool = True,
                   early=None, gathered=None) -> List[PostureFact]:
    """Posture facts, reused from the cache when no input changed (a whole-repository
    analysis: any change recomputes it). ``gathered``: the other files and documents, when
    they were read already (:meth:`EarlyIndex.gather_files`)."""
    from .analysis.posture import extract_facts
    from .projectinputs import gathered as read_inputs

    tools = list(project.tools) if project is not None else []
    texts = {p: sf.text for p, sf in project.files.items()} if project is not None else {}
    if gathered is not None:
        other, docs = gathered
    else:
        read = read_inputs(root, whole_root)
        other, docs = dict(read.other), dict(read.docs)
    sites = list(project.http_servers) if project is not None else []
    auth = project.transport_auth() if project is not None else []
    unreached = frozenset(getattr(project, "unreached", ()) or ())  # TS modules no entry loads
    key = None
    if cache is not None:
        import hashlib
        import pickle

        h = hashlib.blake2b(digest_size=20)
        for p, t in sorted(texts.items()):
            h.update(p.encode() + b"\0" + t.encode("utf-8", "surrogatepass") + b"\1")
        for p, t in sorted(other.items()):
            h.update(p.encode() + b"\0" + t.encode("utf-8", "surrogatepass") + b"\2")
        for p, t in sorted(docs.items()):
            h.update(p.encode() + b"\0" + t.encode("utf-8", "surrogatepass") + b"\3")
        h.update(pickle.dumps(tools))
        h.update(pickle.dumps((sites, auth, sorted(unreached))))
        key = "posture:" + h.hexdigest()
        hit = cache.get(key)
        if hit is not None:
            return hit
    facts = extract_facts(root, texts, tools, other, project.trees if project is not None else None,
                          http_sites=sites, auth_sites=auth, docs=docs, early=early, unreached=unreached)
    if cache is not None and key is not None:
        cache.put(key, facts)
    return facts


# ------------------------------------------------------------------------------------------
# after the run


def timeout_error(run: EngineRun, engines: Sequence[Engine], config: Config) -> Optional[EngineError]:
    """The error saying the scan timeout cut the results short, or None: files an engine left
    unanalysed at the deadline, and (when the deadline has passed) the worker-thread engines that
    failed, which the deadline stopped."""
    if run.deadline is None:
        return None
    deadline_passed = time.monotonic() >= run.deadline - 0.5
    late = {name: sum(1 for s in out.skipped if s.reason == DEADLINE_SKIP) for name, out in run.outputs.items()}
    on_main = {e.name for e in engines if e.on_main_thread}
    failed = sorted(name for name, out in run.outputs.items()
                    if name not in on_main and any(e.fatal for e in out.errors))
    if not any(late.values()) and not (failed and deadline_passed):
        return None
    what = [f"{n} file(s) not analysed by {name}" for name, n in late.items() if n]
    what += [f"{name} stopped" for name in failed]
    return EngineError("scan", f"the scan did not finish within the {config.scan_timeout:g}s "
                               f"scan timeout: {', '.join(what)}; the results are incomplete")


def scan_stats(run: EngineRun, sources: Sources, tools: int, seconds: float) -> ScanStats:
    """The run's statistics: files, what the parsing engine measured, timings, caches."""
    parse = next((out.parse for out in run.outputs.values() if out.project is not None and out.parse), None)
    return ScanStats(
        files=len(sources.files),
        parsed=parse.parsed if parse else None,
        lines=parse.lines if parse else None,
        linked_from_cache=parse.linked_from_cache if parse else None,
        python_files=len(sources.python),
        seconds=round(seconds, 3),
        engine_seconds={k: round(v.seconds, 3) for k, v in sorted(run.outputs.items())},
        tools=tools,
        cache={name: {"hits": c.hits, "misses": c.misses} for name, c in sorted(run.caches.items())},
        version=__version__,
        engines={k: dict(v.details) for k, v in sorted(run.outputs.items()) if v.details} or None,
    )
