"""The ts engine: TypeScript and JavaScript on tree-sitter, with the same MCP surface, taint
summaries, findings, rule ids, cache and worker processes as the cst engine.

Each file is parsed once with tree-sitter and summarised by :mod:`mcpaudit.analysis.ts`; the
summaries are linked project-wide by :class:`~mcpaudit.analysis.ts.link.TsLinker`. Findings carry
``engine="ts"`` and the rule ids of the hazards (``tool-shell-injection`` ...), so selection,
suppressions, baselines and checklists work for both languages. A file with syntax errors is
analysed as far as tree-sitter recovered it and reported as partially analysed (a warning).
Test files (``*.test.ts``, ``__tests__/``, ``tests/``) are not analysed: their servers are not
the product's surface and their findings would never gate.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

from .._gc import paused
from ..analysis.ts.parse import is_ts_source, keep_trees, parse
from ..models import Confidence, EngineError, RuleMeta
from ..sources import is_test_path
from .base import Engine, EngineContext, EngineOutput, Target

if TYPE_CHECKING:  # the driver (mcpaudit.engines.cst) imports libcst: loaded only when the engine runs
    from ..analysis.project import Project
    from .cst import FileResult

NAME = "ts"


def analyze_file(abspath: str, relpath: str, max_bytes: int, parse_timeout: float,
                 keep_text: bool = True, extra_imports: Optional[Dict[str, str]] = None) -> FileResult:
    """Read, parse (tree-sitter) and summarise one TypeScript/JavaScript file. Never raises;
    problems become ``skipped``; syntax errors leave a partial summary. ``extra_imports``: other
    modules' sink constants (:mod:`mcpaudit.analysis.ts.sharedsinks`)."""
    from .cst import FileResult, guarded, read_source

    data, why = read_source(abspath, max_bytes)
    if data is None:
        return FileResult(relpath, skipped=why)
    text, data = decoded(data)
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    if is_test_path(relpath):
        # test code: not parsed (as the cst engine leaves files its pre-filter rules out)
        return FileResult(relpath, text=text if keep_text else None, lines=lines)

    def work() -> FileResult:
        from ..analysis.ts.module import analyze_module

        with paused():
            tree = parse(data, relpath)
            summary = analyze_module(relpath, data, tree, extra_imports)
        return FileResult(relpath, summary=summary, text=text if keep_text else None, lines=lines, parsed=True)

    return guarded(work, relpath, text if keep_text else None, lines, parse_timeout, NAME)


#: what the fork server of a pool running this imports for its workers (engines/cst.preload_of)
analyze_file.preload = "mcpaudit.engines.tspreload"  # type: ignore[attr-defined]


def decoded(data: bytes) -> Tuple[str, bytes]:
    """The text this engine analyses, and its bytes: a UTF-8 byte-order mark dropped, bytes that
    are not UTF-8 replaced (and the bytes re-encoded from that text)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError:
        text = data.decode("utf-8", "replace")
        return text, text.encode("utf-8")


def partial_errors(results: Sequence[FileResult]) -> List[EngineError]:
    """A warning for every file tree-sitter could only partly parse."""
    out = []
    for r in results:
        r.materialize()
        lines = getattr(r.summary, "partial", None) if r.summary is not None else None
        if lines:
            shown = ", ".join(str(n) for n in lines[:5])
            out.append(EngineError(NAME, f"partially analysed: syntax the parser does not know at line(s) {shown}; "
                                         "the rest of the file was analysed", path=r.path, fatal=False))
    return out


def run(files: Sequence[Tuple[str, str]], root: Path, *, jobs: int = 0, max_bytes: int = 10 * 1024 * 1024,
        parse_timeout: float = 20.0, min_confidence: Confidence = Confidence.MEDIUM, progress=None,
        results: Optional[List[FileResult]] = None, cache=None, deadline: Optional[float] = None,
        isolate: bool = False) -> Tuple[EngineOutput, Project]:
    """Analyse ``files`` (absolute, root-relative pairs; files that are not TS/JS are ignored)
    and link them: the cst engine's driver with this language's analysis and linker."""
    from ..analysis.ts.link import TsLinker
    from .cst import run as _run
    from .smallwork import small_enough

    files = [(a, r) for a, r in files if is_ts_source(r)]
    if isolate and small_enough([a for a, r in files if not is_test_path(r)]):
        # a small tree is analysed in this process: starting the worker pool costs more
        # (mcpaudit.engines.smallwork says why that is safe for tree-sitter); its trees are
        # kept for the posture pass's index (analysis/ts/parse.keep_trees)
        isolate, jobs = False, 1
        keep_trees()
    packages = workspaces(root, files)
    linker = functools.partial(TsLinker, workspaces=packages, orphans=orphans(root, files, max_bytes),
                               mcp_deps=mcp_dependency(root, files))
    shared = shared_sinks(files, max_bytes) if results is None else None
    shared = with_workspaces(shared, packages, [r for _a, r in files])
    out, project = _run(files, root, jobs=jobs, max_bytes=max_bytes, parse_timeout=parse_timeout,
                        min_confidence=min_confidence, progress=progress, results=results, cache=cache,
                        deadline=deadline, isolate=isolate, engine=NAME,
                        analyze=analyze_file,
                        linker_cls=linker, notes=partial_errors,
                        bindings={r: shared for _a, r in files} if shared else None)
    for f in out.findings:
        f.context = stable_context(f.context)
    return out, project


def mcp_dependency(root: Path, files: Sequence[Tuple[str, str]]) -> bool:
    """A package.json of the scanned folders depends on an MCP SDK (analysis/ts/mcpdeps.py)."""
    from ..analysis.ts.mcpdeps import depends_on_mcp
    from ..catalog import catalog

    try:
        return depends_on_mcp(root, files, catalog().typescript.surface.packages)
    except (OSError, ValueError):
        return False


def orphans(root: Path, files: Sequence[Tuple[str, str]], max_bytes: int):
    """The scanned modules nothing loads (analysis/ts/orphans.py)."""
    from ..analysis.ts.orphans import orphan_modules
    from .cst import read_source

    def read(a: str) -> str:
        data, _why = read_source(a, max_bytes)
        return (data or b"").decode("utf-8", errors="replace")

    try:
        return orphan_modules(root, files, read)
    except (OSError, ValueError):
        return frozenset()


def shared_sinks(files: Sequence[Tuple[str, str]], max_bytes: int) -> Dict[str, str]:
    """``<module key>#<name>`` -> library sink, for the project's module-level sink constants
    (``export const execAsync = promisify(exec)``) that other modules import by name; also ->
    ``/pattern/flags`` of its exported regex constants and -> the members of its exported string
    enums (:func:`~mcpaudit.analysis.ts.sharedregex.exported_regexes`), -> the resolver an exported
    one-line wrapper calls (:func:`~mcpaudit.analysis.ts.sharedresolvers.exported_resolvers`), and under
    ``INTERCEPTED`` the clients another module signs with an interceptor; and -> the registration an
    exported helper makes (:func:`~mcpaudit.analysis.ts.sharedwrappers.exported_wrappers`)."""
    from ..analysis.ts.barrelexports import exported_libraries, modelled_packages
    from ..analysis.ts.handedclients import HANDED, client_factories, handed_clients
    from ..analysis.ts.interceptors import INTERCEPTED, intercepted_fields
    from ..analysis.ts.normalisers import exported_normalisers
    from ..analysis.ts.sharedregex import exported_regexes
    from ..analysis.ts.sharedschemas import exported_schemas
    from ..analysis.ts.sharedresolvers import exported_resolvers
    from ..analysis.ts.seplists import exported_sep_enders
    from ..analysis.ts.sharedsinks import bindings, exported_sinks
    from ..analysis.ts.serverwrappers import server_wrappers
    from ..analysis.ts.sharedwrappers import exported_wrappers
    from ..analysis.ts.tokenparams import exported_token_fields
    from ..catalog import catalog
    from .cst import read_source

    M = catalog().typescript
    signed: List[str] = []  # clients another module signs with an interceptor (interceptors.py)
    handed_on: List[str] = []  # clients built and passed on to handlers (handedclients.py)
    ctors = [(rid, rc.constructors) for rid, rc in M.receivers.items() if rc.constructors]

    regexes: Dict[str, str] = {}  # exported regex constants (sharedregex.py)
    read: List[Tuple[str, bytes]] = []  # every module, for the exported registration helpers (sharedwrappers.py)

    def texts():
        for a, r in files:
            if not is_test_path(r):
                data, _why = read_source(a, max_bytes)
                signed.extend(intercepted_fields(r, data or b""))
                handed_on.extend(handed_clients(data or b"", ctors))
                regexes.update(exported_regexes(r, data or b""))
                regexes.update(exported_schemas(r, data or b"", M.surface))  # zod enums: sharedschemas.py
                read.append((r, data or b""))
                yield r, data or b""

    out = bindings(exported_sinks(texts(), M.same_function_calls, M.sink_calls))
    libraries = bindings(exported_libraries(read, modelled_packages(M)))  # a barrel's libraries (barrelexports.py)
    out = {**libraries, **regexes, **exported_wrappers(read), **server_wrappers(read), **exported_normalisers(read),
           **exported_token_fields(read),  # the token fields of the project's schemas (tokenparams.py)
           **bindings(exported_resolvers(read, M.resolver_calls)),
           **bindings(exported_sep_enders(read)), **out}
    factories = client_factories(read, ctors)  # the project's own client factories (handedclients.py)
    for _r, data in read if factories else ():
        if any(f.encode() in data for f in factories):
            handed_on.extend(handed_clients(data, ctors, factories))
    if handed_on:
        out[HANDED] = "\x1f".join(sorted(set(handed_on)))
    return {**out, INTERCEPTED: "\x1f".join(sorted(set(signed)))} if signed else out


def with_workspaces(shared: Optional[Dict[str, str]], packages: Dict[str, str], rels: Sequence[str]) -> Optional[Dict[str, str]]:
    """``shared`` with the names of the monorepo's packages whose entry module is scanned
    (:data:`~mcpaudit.analysis.ts.workspace.PACKAGES`): each module reads an import by such a
    name as one of the project, so calls on its classes are linked rather than dropped."""
    from ..analysis.ts.module import module_key
    from ..analysis.ts.workspace import PACKAGES, package_entry

    keys = {module_key(r) for r in rels}
    names = sorted(n for n, folder in packages.items() if package_entry(folder, keys.__contains__))
    return {**(shared or {}), PACKAGES: "\x1f".join(names)} if names else shared


_POSITION = re.compile(r"@\d+")


def stable_context(context: Optional[str]) -> Optional[str]:
    """A finding's context without the line or byte offset that keeps inline handlers and
    anonymous functions apart in one module (``<tool run@5>``): the fingerprint hashes the
    context, and must not move when lines are inserted above."""
    return _POSITION.sub("", context) if context and "@" in context else context


def workspaces(root: Path, files: Sequence[Tuple[str, str]]) -> Dict[str, str]:
    """The packages of a monorepo: the ``name`` of every ``package.json`` in a folder that holds
    scanned files -> that folder (root-relative), so an import by package name lands in the
    project."""
    import json

    folders = set()
    for _a, rel in files:
        parts = rel.split("/")
        for i in range(len(parts)):
            folders.add("/".join(parts[:i]))
    out: Dict[str, str] = {}
    for folder in sorted(folders):
        pkg = (root / folder / "package.json") if folder else (root / "package.json")
        try:
            if pkg.is_file() and not pkg.is_symlink() and pkg.stat().st_size < 1_000_000:
                name = json.loads(pkg.read_text(encoding="utf-8", errors="replace")).get("name")
                if isinstance(name, str) and name and name not in out:
                    out[name] = folder
        except (OSError, ValueError, AttributeError):
            continue
    return out


class TsEngine(Engine):
    """TypeScript and JavaScript: MCP surface, taint from handler parameters, project rules —
    the cst engine's rules, on tree-sitter."""

    name = NAME
    suffixes = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
    rules_error = "cannot load the ts engine's rules"
    checks_size = True
    per_file_cache = False  # summaries and the linked project are cached by the driver
    on_main_thread = True  # it spreads its work over worker processes itself
    merge_rank = 0  # ours, like cst

    def wants(self, rel: str) -> bool:
        return is_ts_source(rel)

    def cache_salt(self, config) -> Tuple:
        return (NAME, config.max_file_bytes)

    def rule_metas(self) -> List[RuleMeta]:
        """The cst engine's rules (the same hazards, the same ids), as this engine's."""
        from ..checks import all_rules

        return [dataclasses.replace(cls.meta(), engine=NAME) for _, cls in sorted(all_rules().items())]

    def prefork(self, targets: Sequence[Target], context: EngineContext):
        """This engine's whole run (:meth:`run` without a prefork), started in a forked child
        (:mod:`.prefork`) when its files are few enough to be analysed in the scanning process:
        it then runs on the core the cst engine leaves free, and the scanning process takes its
        share of the per-file analysis once the cst engine is done (:mod:`.tsshare`). A larger
        tree spreads its files over worker processes anyway."""
        return self._fork(targets, context, alone=False)

    def prefork_shared(self, targets: Sequence[Target], context: EngineContext):
        """The same child when this engine runs first (a tree without Python): the scanning
        process takes its share of the per-file analysis at once, so both cores analyse."""
        return self._fork(targets, context, alone=True)

    def _fork(self, targets: Sequence[Target], context: EngineContext, alone: bool):
        from .prefork import Prefork
        from .smallwork import small_enough
        from .tsshare import MIN_SHARED_BYTES

        files = [a for a, r in targets if is_ts_source(r) and not is_test_path(r)]
        if not files or not small_enough(files) or (alone and small_enough(files, MIN_SHARED_BYTES)):
            return None  # (alone: a tree this small is analysed before a child would have started)
        import importlib

        importlib.import_module(".cst", __package__)  # the driver: imported once, here, not by the child
        _shared_tables()
        share = _share(targets, context)
        if share is None and alone:
            return None
        child = dataclasses.replace(context, progress=None, prefork=None)  # the child has no display
        pf = Prefork.start(functools.partial(_counted, self, list(targets), child, share), len(files))
        if share is not None:
            if pf is None:
                share.close()
            else:
                share.in_parent()
                pf.share = share
        return pf

    def run(self, targets: Sequence[Target], context: EngineContext) -> EngineOutput:
        pf = context.prefork
        share = getattr(pf, "share", None) if pf is not None else None
        if share is not None:  # the files the child has not claimed yet are analysed here
            share.help(_one_file(context, share))
        got = pf.result() if pf is not None else None
        if got is not None:  # the same run, done by the child (mcpaudit.engines.prefork)
            out, counts = got
            if context.cache is not None and counts is not None:
                context.cache.hits += counts[0]
                context.cache.misses += counts[1]
            pf.taken = pf.files
            context.ticker(self.name, len(targets))(len(targets))
        else:
            out = _run_here(targets, context)
        if pf is not None:
            out.details["prefork"] = pf.details()
        if share is not None:
            out.details["shared"] = {"files": len(share.files), "here": share.helped}
        return out


def _run_here(targets: Sequence[Target], context: EngineContext, results=None) -> EngineOutput:
    """:func:`run` with the context's configuration (``results``: the files already analysed)."""
    config = context.config
    out, _project = run(targets, context.root, jobs=config.jobs, max_bytes=config.max_file_bytes,
                        parse_timeout=config.parse_timeout, min_confidence=config.min_confidence,
                        progress=context.ticker(NAME, len(targets)), cache=context.cache,
                        deadline=context.deadline, isolate=True, results=results)
    return out


def _share(targets: Sequence[Target], context: EngineContext):
    """The queue of the files :func:`run` analyses, and the names each module gets from others
    (computed here, before the fork, for both processes), with the analysis imported (both
    processes analyse); None when the run would not analyse them in one process."""
    from importlib import import_module

    from .smallwork import small_enough
    from .tsshare import Share

    files = [(a, r) for a, r in targets if is_ts_source(r)]
    if not small_enough([a for a, r in files if not is_test_path(r)]):
        return None
    import_module("..analysis.ts.module", __package__)  # imported once, before the fork
    keep_trees()  # the trees shared_sinks makes serve both processes' analysis, and this one's posture index
    shared = shared_sinks(files, context.config.max_file_bytes)
    return Share.open(files, with_workspaces(shared, workspaces(context.root, files), [r for _a, r in files]))


def _one_file(context: EngineContext, share):
    """One file analysed as :func:`run` analyses each (the same limits, names, cache)."""
    from .cst import analyze_files

    config, cache, bindings = context.config, context.cache, share.bindings

    def one(a: str, r: str):
        return analyze_files([(a, r)], jobs=1, max_bytes=config.max_file_bytes, parse_timeout=config.parse_timeout,
                             cache=cache, deadline=context.deadline, lazy=cache is not None, analyze=analyze_file,
                             bindings={r: bindings} if bindings else None)[0]

    return one


def _shared_tables() -> None:
    """Load, before the fork, what the child would load again and this process loads anyway:
    the rules and the Python library models (the ts analysis reads both, the cst engine loads
    them; on modelcontextprotocol/servers ``src/`` ~0.05-0.07 s of the child's CPU), and the
    TypeScript library models (the child's analysis reads them, and the posture pass's
    transports of a tree with TypeScript files here: ~0.007 s)."""
    from ..catalog import catalog
    from ..checks import all_rules

    all_rules()
    catalog().python
    catalog().typescript


def _counted(engine: "TsEngine", targets: Sequence[Target], context: EngineContext, share=None):
    """``engine.run`` and the cache hits and misses it counted (the child's counters are its own);
    with a ``share``, the files analysed through it, then linked."""
    cache = context.cache
    before = (cache.hits, cache.misses) if cache is not None else None
    if share is not None:
        share.in_child()
        out = _run_here(targets, context, share.results(_one_file(context, share)))
    else:
        out = engine.run(targets, context)
    return out, None if before is None else (cache.hits - before[0], cache.misses - before[1])


ENGINE = TsEngine()


__all__ = ["analyze_file", "decoded", "run", "partial_errors", "TsEngine", "ENGINE", "NAME"]
