"""The cst engine: libcst parse once per file, one pass, MCP surface + taint, linked project-wide."""

from __future__ import annotations

import concurrent.futures as cf
import os
import re
import signal
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import libcst as cst

from ..analysis.inter import Linker, RawFinding
from ..analysis.intra import ModuleAnalyzer, ModuleSummary
from ..analysis.loader import SourceError, decode_source
from ..analysis.project import Project, SourceFile
from ..analysis.sinks import FAMILY_RULE
from ..checks import all_rules
from ..models import Confidence, EngineError, Finding, Location, SkippedFile
from . import EngineOutput

# A file that mentions none of these cannot hold an MCP handler, a sink, a sanitizer that a
# handler's flow depends on, a secret or a log call: it is not parsed at all.
PREFILTER = re.compile(
    rb"mcp|\.tool\b|add_tool|subprocess|os\.|system|popen|spawn|exec|eval|compile|import_module|"
    rb"pickle|yaml|marshal|shelve|dill|Template|from_string|render_template|execute|read_sql|"
    rb"\btext\(|\.find|aggregate|open\(|Path|shutil|tarfile|zipfile|requests|httpx|urllib|"
    rb"aiohttp|urlopen|socket|log|print\(|warn|getenv|environ|passw|secret|token|key|credential|"
    rb"uvicorn|starlette|fastapi|\.run\(|startswith|resolve|realpath|git|query|cursor|sql|"
    rb"collection|mongo|\bdef\b",
    re.I,
)


@dataclass
class FileResult:
    path: str
    summary: Optional[ModuleSummary] = None
    text: Optional[str] = None
    skipped: Optional[str] = None  # reason
    lines: int = 0
    parsed: bool = False


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - fires only on pathological inputs
    raise _Timeout()


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
                 keep_text: bool = True) -> FileResult:
    """Read, decode, parse and summarise one file. Never raises; problems become ``skipped``."""
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
    if not PREFILTER.search(data):
        return FileResult(relpath, text=text if keep_text else None, lines=lines)
    use_alarm = parse_timeout and parse_timeout > 0 and hasattr(signal, "SIGALRM") and \
        _in_main_thread()
    old = None
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, parse_timeout)
    try:
        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError as exc:
            msg = str(exc).strip().splitlines()
            first = msg[0] if msg else "syntax error"
            return FileResult(relpath, text=text if keep_text else None, lines=lines,
                              skipped=f"syntax error at line {exc.raw_line}: {first}")
        summary = ModuleAnalyzer(relpath, text, module).run()
        return FileResult(relpath, summary=summary, text=text if keep_text else None, lines=lines, parsed=True)
    except _Timeout:
        return FileResult(relpath, text=text if keep_text else None, lines=lines,
                          skipped=f"analysis took longer than the {parse_timeout:g}s per-file limit")
    except RecursionError:
        return FileResult(relpath, text=text if keep_text else None, lines=lines,
                          skipped="nested too deeply to analyse (recursion limit)")
    except MemoryError:
        return FileResult(relpath, skipped="ran out of memory while parsing")
    except Exception as exc:  # a bug in our analysis must not lose the rest of the scan
        return FileResult(relpath, text=text if keep_text else None, lines=lines,
                          skipped=f"internal error in the cst engine: {type(exc).__name__}: {exc}")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


def _in_main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


def _worker_init() -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
    try:
        import threading
        threading.stack_size(64 * 1024 * 1024)
    except Exception:  # pragma: no cover
        pass


def _analyze_batch(batch: List[Tuple[str, str]], max_bytes: int, parse_timeout: float) -> List[FileResult]:
    return [analyze_file(a, r, max_bytes, parse_timeout) for a, r in batch]


_UNSTABLE_SKIPS = ("took longer", "crashed", "internal error", "out of memory", "cannot be read")


def analyze_files(files: Sequence[Tuple[str, str]], *, jobs: int = 0, max_bytes: int = 10 * 1024 * 1024,
                  parse_timeout: float = 20.0, progress=None, cache=None) -> List[FileResult]:
    """Summarise files (from the cache when their bytes were seen before), spread over worker
    processes. Results are in the order of ``files``."""
    if cache is None:
        return _analyze_uncached(files, jobs=jobs, max_bytes=max_bytes, parse_timeout=parse_timeout, progress=progress)
    from ..cache import content_hash

    results: Dict[str, FileResult] = {}
    todo: List[Tuple[str, str]] = []
    hashes: Dict[str, str] = {}
    for a, r in files:
        data, _why = read_source(a, max_bytes)
        if data is None:  # analyze_file says why
            todo.append((a, r))
            continue
        h = hashes[r] = content_hash(data)
        hit = cache.get(h)
        if hit is None:
            todo.append((a, r))
            continue
        summary, skipped, lines, parsed = hit
        text = None
        try:
            text, _ = decode_source(data)
        except SourceError:
            pass
        if summary is not None:
            summary.path = r
        results[r] = FileResult(r, summary=summary, text=text, skipped=skipped, lines=lines, parsed=parsed)
        if progress:
            progress(1)
    for res in _analyze_uncached(todo, jobs=jobs, max_bytes=max_bytes, parse_timeout=parse_timeout, progress=progress):
        results[res.path] = res
        h = hashes.get(res.path)
        if h is not None and not (res.skipped and res.skipped.startswith(_UNSTABLE_SKIPS)):
            cache.put(h, (res.summary, res.skipped, res.lines, res.parsed))
    return [results[r] for _, r in files]


def _analyze_uncached(files: Sequence[Tuple[str, str]], *, jobs: int = 0, max_bytes: int = 10 * 1024 * 1024,
                      parse_timeout: float = 20.0, progress=None) -> List[FileResult]:
    """Summarise files, spread over worker processes. A worker that dies (a parser crash on a
    hostile file) costs only the file it was on: the rest of its batch is retried."""
    jobs = jobs or (os.cpu_count() or 1)
    files = list(files)
    if jobs <= 1 or len(files) < 8:
        _worker_init()
        out = []
        for a, r in files:
            out.append(analyze_file(a, r, max_bytes, parse_timeout))
            if progress:
                progress(1)
        return out
    # size-balanced batches, biggest first
    sized = []
    for a, r in files:
        try:
            sized.append((os.stat(a, follow_symlinks=False).st_size, a, r))
        except OSError:
            sized.append((0, a, r))
    sized.sort(key=lambda x: -x[0])
    nb = max(jobs * 8, 1)
    batches: List[List[Tuple[str, str]]] = [[] for _ in range(min(nb, len(sized)))]
    loads = [0] * len(batches)
    for size, a, r in sized:
        i = loads.index(min(loads))
        batches[i].append((a, r))
        loads[i] += size + 2000
    results: Dict[str, FileResult] = {}
    pending = [b for b in batches if b]
    isolate: List[Tuple[str, str]] = []
    try:
        ctx = _mp_context()
        with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init) as ex:
            futs = {ex.submit(_analyze_batch, b, max_bytes, parse_timeout): b for b in pending}
            for fut in cf.as_completed(futs):
                b = futs[fut]
                try:
                    for res in fut.result():
                        results[res.path] = res
                        if progress:
                            progress(1)
                except cf.process.BrokenProcessPool:
                    isolate.extend(x for x in b if x[1] not in results)
                except Exception:
                    isolate.extend(x for x in b if x[1] not in results)
    except cf.process.BrokenProcessPool:
        pass
    leftover = [x for x in files if x[1] not in results and x not in isolate]
    for a, r in isolate + leftover:
        results[r] = _isolated(a, r, max_bytes, parse_timeout)
        if progress:
            progress(1)
    return [results[r] for _, r in files]


def _mp_context():
    import multiprocessing as mp
    try:
        return mp.get_context("forkserver") if sys.platform != "win32" else mp.get_context("spawn")
    except ValueError:  # pragma: no cover
        return mp.get_context("spawn")


def _isolated(a: str, r: str, max_bytes: int, parse_timeout: float) -> FileResult:
    """Analyse one file in its own process, so a crash is attributed to that file alone."""
    try:
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=_mp_context(), initializer=_worker_init) as ex:
            return ex.submit(analyze_file, a, r, max_bytes, parse_timeout).result(timeout=max(parse_timeout * 3, 60))
    except Exception as exc:
        return FileResult(r, skipped=f"the parser crashed on this file ({type(exc).__name__})")


def link(results: Sequence[FileResult], root: Path, min_confidence: Confidence = Confidence.MEDIUM
         ) -> Tuple[List[Finding], Project, Linker]:
    """Link summaries into findings and the project model the project rules see."""
    modules = {r.path: r.summary for r in results if r.summary is not None}
    linker = Linker(modules)
    linker.run()
    raws = list(linker.findings.values())
    if min_confidence <= Confidence.LOW:
        raws += linker.audit_findings()
    project = Project(root=root)
    for r in results:
        if r.text is not None:
            project.files[r.path] = SourceFile(r.path, r.text)
    project.tools = sorted(linker.tools, key=lambda t: (t.location.path, t.location.line, t.name))
    for path in sorted(modules):
        m = modules[path]
        for h in m.http:
            project.http_servers.append({**h, "path": path})
        for a in m.auth:
            project.auth_evidence.append({**a, "path": path})
    rules = all_rules()
    by_family = {cls.FAMILY: cls for cls in rules.values() if cls.FAMILY}
    findings: List[Finding] = []
    for raw in raws:
        cls = by_family.get(raw.family)
        if cls is None:
            continue
        findings.append(_to_finding(raw, cls, project))
    for rule_id, cls in sorted(rules.items()):
        if cls.FAMILY:
            continue
        findings.extend(cls().check(project))
    return findings, project, linker


def _to_finding(raw: RawFinding, cls, project: Project) -> Finding:
    line, col, end_line, end_col = raw.pos
    src = project.files.get(raw.path)
    snippet = src.line(line).strip() if src else None
    return Finding(
        rule_id=cls.ID, engine="cst", severity=cls.SEVERITY, confidence=raw.confidence,
        message=raw.message, location=Location(raw.path, line, col, end_line, end_col),
        cwe=list(cls.CWE), tool=raw.tool, parameter=raw.parameter, flow=raw.flow,
        fix=cls.FIX, snippet=snippet, context=raw.context, tags=["security", *cls.TAGS],
    )


def run(files: Sequence[Tuple[str, str]], root: Path, *, jobs: int = 0, max_bytes: int = 10 * 1024 * 1024,
        parse_timeout: float = 20.0, min_confidence: Confidence = Confidence.MEDIUM,
        progress=None, results: Optional[List[FileResult]] = None, cache=None) -> Tuple[EngineOutput, Project]:
    t0 = time.monotonic()
    if results is None:
        results = analyze_files(files, jobs=jobs, max_bytes=max_bytes, parse_timeout=parse_timeout,
                                progress=progress, cache=cache)
    out = EngineOutput("cst")
    for r in results:
        if r.skipped:
            out.skipped.append(SkippedFile(r.path, r.skipped))
            out.errors.append(EngineError("cst", f"skipped: {r.skipped}", path=r.path, fatal=False))
    findings, project, _ = link(results, root, min_confidence)
    out.findings = findings
    out.seconds = time.monotonic() - t0
    project.stats = {  # type: ignore[attr-defined]
        "files": len(results), "parsed": sum(1 for r in results if r.parsed),
        "lines": sum(r.lines for r in results),
    }
    return out, project


__all__ = ["analyze_file", "analyze_files", "link", "run", "FileResult", "PREFILTER", "FAMILY_RULE"]
