"""Shared helpers of the holdout test modules that run the cst engine over one fixture directory
of ``fixtures/taint/<topic>/<name>/`` at a time (each group beside a twin that must stay silent)."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

TAINT_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


class FlowGroups:
    """The default-view (medium and above) findings and the project of each fixture group under
    ``fixtures/taint/<topic>/``, computed once per group."""

    def __init__(self, topic: str) -> None:
        self.root = TAINT_FIXTURES / topic
        self._runs: Dict[str, Tuple[List[Finding], object]] = {}

    def run(self, name: str, low: bool = False):
        """(findings, project) of one group: the default view (medium and above), or all."""
        if name not in self._runs:
            root = self.root / name
            files = [(str(p), str(p.relative_to(root))) for p in sorted(root.rglob("*.py"))]
            out, project = cst_engine.run(files, root, jobs=1)
            assert not out.errors, out.errors
            self._runs[name] = (list(out.findings), project)
        found, project = self._runs[name]
        return [f for f in found if low or f.confidence >= Confidence.MEDIUM], project

    def found(self, name: str, low: bool = False) -> List[Finding]:
        return self.run(name, low)[0]

    def rows(self, name: str):
        return sorted((f.location.path, f.location.line, f.rule_id, f.tool) for f in self.run(name)[0])

    def message(self, name: str, rule: str, tool: str) -> str:
        return next(f.message for f in self.run(name)[0] if f.rule_id == rule and f.tool == tool)

    def tools(self, name: str) -> List[str]:
        return sorted(t.name for t in self.run(name)[1].tools)

    def line_of(self, name: str, rel: str, needle: str) -> int:
        text = (self.root / name / rel).read_text(encoding="utf-8").splitlines()
        hits = [i for i, ln in enumerate(text, 1) if needle in ln]
        assert len(hits) == 1, (needle, hits)
        return hits[0]
