"""Triage, the stage after merging and fingerprinting: what the maintainers already accepted.

Inline ignores (``# mcpaudit: ignore[rule-id] reason``), then the baseline, then, for a
pull-request scan, only what lies on changed lines. What is accepted is kept as suppressed, not
dropped, so every report can show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection, Dict, List, Mapping

from .config import Config
from .models import Finding


@dataclass
class Triage:
    """The findings that count, those accepted, and what triage has to say."""

    findings: List[Finding] = field(default_factory=list)  # sorted
    suppressed: List[Finding] = field(default_factory=list)  # sorted
    warnings: List[str] = field(default_factory=list)  # e.g. an ignore comment naming no rule
    fixed: List[Dict[str, Any]] = field(default_factory=list)  # baseline entries now gone


def triage(findings: List[Finding], sources: Mapping[str, List[str]], known_ids: Collection[str],
           root: Path, config: Config) -> Triage:
    """Apply inline ignores (unless ``no_ignores``), the baseline and the diff scope to
    ``findings``, whose fingerprints are set; ``sources`` are the lines of their files."""
    from .suppress import apply_inline

    out = Triage()
    kept, suppressed, out.warnings = apply_inline(findings, sources, known_ids, config.no_ignores)
    if config.baseline is not None:
        from .baseline import apply_baseline
        kept, baselined, out.fixed = apply_baseline(kept, config.baseline)
        suppressed.extend(baselined)
    if config.diff_base:
        from .diffscope import changed_lines, filter_to_diff
        changed = changed_lines(root, config.diff_base)
        kept = filter_to_diff(kept, changed)
        suppressed = filter_to_diff(suppressed, changed)
    out.findings = sorted(kept, key=lambda f: f.sort_key())
    out.suppressed = sorted(suppressed, key=lambda f: f.sort_key())
    return out
