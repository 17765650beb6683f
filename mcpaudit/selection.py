"""Selecting, the fourth stage of the pipeline: which rules are on, and which findings stay.

Filtering happens once, here, for every engine: rule selection (``select`` / ``ignore`` by id or
tag), severity overrides and the confidence floor. Reporters never filter.
"""

from __future__ import annotations

from typing import List, Sequence

from .config import Config, rule_selected
from .models import Finding, RuleMeta


def enabled_rules(metas: Sequence[RuleMeta], config: Config) -> List[RuleMeta]:
    """The rules ``select`` / ``ignore`` leave on, by engine and id."""
    enabled = [m for m in metas if rule_selected(config, m.id, m.tags, m.cwe)]
    return sorted(enabled, key=lambda m: (m.engine, m.id))


def select_findings(findings: Sequence[Finding], metas: Sequence[RuleMeta], enabled: Sequence[RuleMeta],
                    config: Config) -> List[Finding]:
    """The findings of enabled rules (a rule no engine listed is judged by its own id and tags)
    at or above the confidence floor, with the configured severity overrides applied."""
    known_ids = {m.id for m in metas}
    enabled_ids = {m.id for m in enabled}
    kept = []
    for f in findings:
        if f.rule_id not in enabled_ids and f.rule_id in known_ids:
            continue
        if f.rule_id not in known_ids and not rule_selected(config, f.rule_id, f.tags, f.cwe):
            continue
        if f.rule_id in config.severity_overrides:
            f.severity = config.severity_overrides[f.rule_id]
        if f.confidence < config.min_confidence:
            continue
        kept.append(f)
    return kept
