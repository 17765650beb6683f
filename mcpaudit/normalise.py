"""Normalising, the third stage of the pipeline: every finding inside the scan root, with the
source line it points at.

Engines already give root-relative paths; what an engine reported outside the root anyway is
dropped here and said, never silently lost. The snippets and the source lines gathered here also
feed the fingerprints and the inline ignores.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional

from .models import EngineError, Finding

if TYPE_CHECKING:  # pragma: no cover
    from .analysis.project import Project

#: What is read of a file for its snippets (the engines' own per-file limit is larger still).
_MAX_READ = 10 * 1024 * 1024


def keep_inside_root(findings: List[Finding], errors: List[EngineError]) -> List[Finding]:
    """The findings whose paths stay inside the root; for each engine that reported others, one
    non-fatal error naming (some of) them is added to ``errors``."""
    outside: Dict[str, List[str]] = {}
    inside: List[Finding] = []
    for f in findings:
        p = f.location.path
        if p.startswith("/") or os.path.isabs(p) or ".." in p.replace("\\", "/").split("/"):
            outside.setdefault(f.engine, []).append(p)
        else:
            inside.append(f)
    for name, bad in sorted(outside.items()):
        errors.append(EngineError(name, f"dropped {len(bad)} result(s) for paths outside the scanned root: "
                                  + ", ".join(sorted(set(bad))[:5]), fatal=False))
    return inside


def attach_snippets(findings: List[Finding], root: Path, project: Optional["Project"]) -> Dict[str, List[str]]:
    """Give every finding without a snippet its (stripped) source line; returns the source lines
    of every file a finding is in (and of every file of ``project``), by root-relative path."""
    sources: Dict[str, List[str]] = {}
    if project is not None:
        sources = {p: sf.lines for p, sf in project.files.items()}
    for f in findings:
        if f.location.path not in sources:
            sources[f.location.path] = _read_lines(root, f.location.path)
        if not f.snippet:
            lines = sources.get(f.location.path) or []
            if 1 <= f.location.line <= len(lines):
                f.snippet = lines[f.location.line - 1].strip()
    return sources


def _read_lines(root: Path, rel: str) -> List[str]:
    """The lines of the file at ``rel``, or none when it cannot be read or resolves outside the
    root."""
    try:
        p = (root / rel)
        real = os.path.realpath(p)
        if os.path.commonpath([real, str(root)]) != str(root):
            return []
        with open(real, "rb") as fh:
            data = fh.read(_MAX_READ)
        return data.decode("utf-8", "replace").splitlines()
    except (OSError, ValueError):
        return []


#: engines that match risky API use without knowing whether untrusted input reaches it: in
#: repository tooling, which no tool caller feeds, their hits are noise
_PATTERN_ENGINES = frozenset({"bandit", "semgrep"})


def tag_code_kind(findings: List[Finding], root: Optional[Path] = None,
                  server_paths: Iterable[str] = ()) -> None:
    """Tag findings in test, example, docs and tooling code (``test-code``, and
    ``properties["code"]``): they are hidden by default and never gate or score
    (``--include-tests`` lists them). In tooling code (a top-level ``scripts/``, or a top-level
    script of a packaged server that nothing imports: :mod:`.rootscripts`) only pattern-engine
    hits are tagged.
    ``server_paths``: files that register MCP tools, which are the server's own code even in a
    tooling folder. With ``root``, a test harness module inside the package
    (:func:`sources.is_test_harness`) is test code too."""
    from .rootscripts import RootScripts
    from .sources import TEST_CODE_TAG, code_kind, is_test_harness

    served = set(server_paths)
    harness: Dict[str, bool] = {}
    scripts = RootScripts(root)
    for f in findings:
        kind = code_kind(f.location.path)
        path = f.location.path
        if kind is None and f.engine in _PATTERN_ENGINES and path not in served and scripts.is_script(path):
            kind = "tooling"  # a top-level housekeeping script of a packaged server: rootscripts.py
        if kind == "tooling" and (path in served or f.engine not in _PATTERN_ENGINES):
            kind = None  # a tooling file serving tools is the server; a traced flow (a secret logged) stays
        elif kind is None and root is not None and path.endswith(".py"):
            if path not in harness:
                try:
                    text = (root / path).read_text(encoding="utf-8", errors="replace")
                except OSError:
                    text = ""
                harness[path] = is_test_harness(path, text)
            kind = "test" if harness[path] else None
        if kind is not None:
            if TEST_CODE_TAG not in f.tags:
                f.tags.append(TEST_CODE_TAG)
            f.properties["code"] = kind
