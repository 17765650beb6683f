"""Shared helpers of the holdout test modules that run the cst engine over one fixture directory
of ``fixtures/taint/<topic>/<name>/`` at a time (each group beside a twin that must stay silent)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Dict, List, Tuple

from mcpaudit import api
from mcpaudit.config import Config
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
        return line_in(self.root / name / rel, needle)


def line_in(path: Path, needle: str) -> int:
    """The one line of ``path`` that holds ``needle``."""
    hits = [i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


class FixtureFiles:
    """One-file fixtures of ``fixtures/taint/<topic>/``, each audited alone (cst engine, no cache)."""

    def __init__(self, topic: str) -> None:
        self.root = TAINT_FIXTURES / topic

    def audit(self, name: str, tmp_path: Path) -> List[Finding]:
        """The default-view findings and capabilities of the file copied alone into ``tmp_path``."""
        shutil.copy(self.root / name, tmp_path / name)
        res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
        return [f for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM]

    def line_of(self, name: str, needle: str) -> int:
        return line_in(self.root / name, needle)


def rows(found) -> List[Tuple[str, int, str, str]]:
    """(rule, line, tool, message head) of the default-view findings and capabilities."""
    return sorted((f.rule_id, f.location.line, f.tool, f.message.split(";")[0]) for f in found)


def copied_rule_rows(root: Path, name: str, tmp_path: Path, rule: str) -> List[tuple]:
    """(path, line, confidence, tool, message) of each ``rule`` finding, low included, in a copy of
    fixture folder ``root/name`` (out of the checkout: its scan root is the copy, not the repository).
    A ``pyproject.toml.in`` of the fixture is the copy's ``pyproject.toml``: the repository's own scans
    read every deployment file of the checkout, so a fixture's transport flags would reach them all."""
    shutil.copytree(root / name, tmp_path / name)
    for kept in (tmp_path / name).rglob("*.toml.in"):  # a project file kept under another name in the
        kept.rename(kept.with_suffix(""))              # checkout, where every scan of it would read it
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.location.path, f.location.line, f.confidence.label, f.tool, f.message) for f in res.findings
            if f.rule_id == rule]
