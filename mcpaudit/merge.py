"""Merging: one finding per hazard and line when several engines report it.

Two findings on the same line are the same hazard when they share a hazard of the catalog
(``rules/hazards.yaml``: by CWE, and by test id for bandit, whose CWE labels are coarse). The kept
finding is the one of the engine with the lowest ``merge_rank`` (ours before semgrep's before
bandit's); the others are listed in its ``also_reported_by``.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from .catalog import catalog
from .models import Finding


def _rank(engine: str) -> int:
    from .engines import ENGINES

    return ENGINES[engine].merge_rank if engine in ENGINES else 9


def merge(findings: List[Finding]) -> List[Finding]:
    """One finding per hazard and line: ours first, then semgrep, then bandit; the others are
    listed in ``also_reported_by``."""
    by_line: Dict[Tuple[str, int], List[Finding]] = {}
    for f in findings:
        by_line.setdefault((f.location.path, f.location.line), []).append(f)
    hazards = catalog().hazards
    out: List[Finding] = []
    for key in sorted(by_line):
        group = sorted(by_line[key], key=lambda f: (_rank(f.engine), -f.severity, f.rule_id))
        kept: List[Finding] = []
        for f in group:
            twin = next((k for k in kept if k.engine != f.engine and hazards(k) & hazards(f)), None)
            if twin is not None:
                tag = f"{f.engine}:{f.rule_id}"
                if tag not in twin.also_reported_by:
                    twin.also_reported_by.append(tag)
                if f.severity > twin.severity and _rank(twin.engine) != 0:
                    twin.severity = f.severity
                continue
            kept.append(f)
        out.extend(kept)
    return out
