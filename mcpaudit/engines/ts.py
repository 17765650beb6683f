"""The ts engine: TypeScript and JavaScript on tree-sitter, with the same MCP surface, taint
summaries, findings, rule ids, cache and worker processes as the cst engine.

Each file is parsed once with tree-sitter and summarised by :mod:`mcpaudit.analysis.ts`; the
summaries are linked project-wide by :class:`~mcpaudit.analysis.ts.link.TsLinker`. Findings carry
``engine="ts"`` and the rule ids of the hazards (``tool-shell-injection`` ...), so selection,
suppressions, baselines and checklists work for both languages. A file with syntax errors is
analysed as far as tree-sitter recovered it and reported as partially analysed (a warning).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from .._gc import paused
from ..analysis.project import Project, SourceFile
from ..analysis.ts.link import TsLinker
from ..analysis.ts.parse import is_ts_source, parse
from ..checks import all_rules
from ..models import Confidence, EngineError, Finding, SkippedFile
from ..sources import is_test_path
from . import EngineOutput
from .cst import FileResult, analyze_files, guarded, read_source

NAME = "ts"


def analyze_file(abspath: str, relpath: str, max_bytes: int, parse_timeout: float,
                 keep_text: bool = True) -> FileResult:
    """Read, parse (tree-sitter) and summarise one TypeScript/JavaScript file. Never raises;
    problems become ``skipped``; syntax errors leave a partial summary."""
    data, why = read_source(abspath, max_bytes)
    if data is None:
        return FileResult(relpath, skipped=why)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", "replace")
        data = text.encode("utf-8")
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    if is_test_path(relpath):
        # test code: its servers are not the product's surface and its findings never gate;
        # it is not parsed (as the cst engine leaves files its pre-filter rules out)
        return FileResult(relpath, text=text if keep_text else None, lines=lines)

    def work() -> FileResult:
        from ..analysis.ts.module import analyze_module

        with paused():
            tree = parse(data, relpath)
            summary = analyze_module(relpath, data, tree)
        return FileResult(relpath, summary=summary, text=text if keep_text else None, lines=lines, parsed=True)

    return guarded(work, relpath, text if keep_text else None, lines, parse_timeout, NAME)


def link(results: Sequence[FileResult], root: Path, min_confidence: Confidence = Confidence.MEDIUM
         ) -> Tuple[List[Finding], Project, TsLinker]:
    """Link the summaries into findings, and the project model of the TypeScript files."""
    from ..analysis.inter import RawFinding  # noqa: F401  (the record the linker produces)
    from .cst import _to_finding

    modules = {r.path: r.summary for r in results if r.summary is not None}
    linker = TsLinker(modules)
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
        f = _to_finding(raw, cls, project)
        f.engine = NAME
        findings.append(f)
    for _rid, cls in sorted(rules.items()):
        if cls.FAMILY:
            continue
        for f in cls().check(project):
            f.engine = NAME
            findings.append(f)
    return findings, project, linker


def partial_errors(results: Sequence[FileResult]) -> List[EngineError]:
    """A warning for every file tree-sitter could only partly parse."""
    out = []
    for r in results:
        lines = getattr(r.summary, "partial", None) if r.summary is not None else None
        if lines:
            shown = ", ".join(str(n) for n in lines[:5])
            out.append(EngineError(NAME, f"partially analysed: syntax the parser does not know at line(s) {shown}; "
                                         "the rest of the file was analysed", path=r.path, fatal=False))
    return out


def checked_sites(results: Sequence[FileResult]):
    """hazard -> {(path, line)} of every sink the engine modelled and traced (see api.agree)."""
    from ..catalog import catalog

    cat = catalog()
    rules = all_rules()
    hazards = {}
    for cls in rules.values():
        if cls.FAMILY:
            hazards[cls.FAMILY] = {cat.hazard_of_cwe.get(c, c) for c in cls.CWE}
    out: dict = {}
    for r in results:
        if r.summary is None:
            continue
        for family, line in getattr(r.summary, "checked", ()):
            for h in hazards.get(family, ()):
                out.setdefault(h, set()).add((r.path, line))
    return out


def run(files: Sequence[Tuple[str, str]], root: Path, *, jobs: int = 0, max_bytes: int = 10 * 1024 * 1024,
        parse_timeout: float = 20.0, min_confidence: Confidence = Confidence.MEDIUM, progress=None,
        results: Optional[List[FileResult]] = None, cache=None, deadline: Optional[float] = None,
        isolate: bool = False) -> Tuple[EngineOutput, Project]:
    """Analyse ``files`` (absolute, root-relative pairs; non-TS files are ignored)."""
    t0 = time.monotonic()
    files = [(a, r) for a, r in files if is_ts_source(r)]
    if results is None:
        results = analyze_files(files, jobs=jobs, max_bytes=max_bytes, parse_timeout=parse_timeout,
                                progress=progress, cache=cache, deadline=deadline, isolate=isolate,
                                analyze=analyze_file)
    out = EngineOutput(NAME)
    for r in results:
        r.materialize()
        if r.skipped:
            out.skipped.append(SkippedFile(r.path, r.skipped))
            out.errors.append(EngineError(NAME, f"skipped: {r.skipped}", path=r.path, fatal=False))
    out.errors.extend(partial_errors(results))
    with paused():
        findings, project, _ = link(results, root, min_confidence)
    out.findings = findings
    out.checked = checked_sites(results)
    out.seconds = time.monotonic() - t0
    project.stats = {  # type: ignore[attr-defined]
        "files": len(results), "parsed": sum(1 for r in results if r.parsed),
        "lines": sum(r.lines for r in results),
    }
    return out, project


__all__ = ["analyze_file", "link", "run", "partial_errors", "NAME"]
