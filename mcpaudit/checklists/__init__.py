"""Checklists as data: one TOML file per seed document, decided from findings and posture facts.

Each document in ``../shared/seeds/`` carries one or more checklists; ``data/<id>.toml`` lists
every item of them (nothing dropped; a test enumerates them against the document text). An item is
decided by exactly one of: the rules whose findings fail it, conditions over posture facts
(:mod:`mcpaudit.analysis.posture`), or ``manual`` — what a reviewer has to check because static
analysis cannot (backups, incident response, certificate rotation...). See
:mod:`mcpaudit.checklists.loader` for the file format and :mod:`mcpaudit.checklists.scoring` for how
items are decided.

Scoring formula (also :data:`FORMULA`, shown by ``mcpaudit explain <checklist-id>``)::

    item weight  w = 8 critical | 4 high | 2 medium | 1 low
    item credit  c = 1 pass | 0.5 partial | 0 fail
    document score = 100 * sum(w * c) / sum(w) over pass/partial/fail items,
                     capped at 60 when a critical item fails on a posture fact or on a
                     high-confidence high/critical finding from a tool; n/a without scored items
    overall score  = weighted mean of the document scores that are not n/a, capped at 60
                     by a critical finding on an exposed path or a critical item failing on one
    grade          = A >= 90, B >= 80, C >= 70, D >= 60, else F

Manual, not-applicable and not-assessed items are listed but never scored; an engine that did not
run never yields a pass. Everything is deterministic.
"""

from __future__ import annotations

import textwrap
from typing import Dict, List, Optional

from .loader import (
    Checklist,
    ChecklistDataError,
    ChecklistItem,
    Condition,
    Gate,
    SEVERITIES,
    STATUSES,
    format_value,
    get_checklist,
    list_checklist_ids,
    load_checklists,
)
from .scoring import (
    CRITICAL_FAIL_CAP,
    FORMULA,
    SEVERITY_WEIGHTS,
    STATUS_CREDIT,
    engine_for_rule,
    evaluate,
    grade_for,
    overall_score,
    score_items,
)

__all__ = [
    "Checklist",
    "ChecklistDataError",
    "ChecklistItem",
    "Condition",
    "Gate",
    "CRITICAL_FAIL_CAP",
    "FORMULA",
    "SEVERITIES",
    "SEVERITY_WEIGHTS",
    "STATUSES",
    "STATUS_CREDIT",
    "describe_decision",
    "engine_for_rule",
    "evaluate",
    "explain_checklist",
    "format_value",
    "get_checklist",
    "grade_for",
    "list_checklist_ids",
    "load_checklists",
    "overall_score",
    "score_items",
]


def describe_decision(item: ChecklistItem, rule_engines: Optional[Dict[str, str]] = None) -> str:
    """One line saying how an item is decided, for ``explain`` and reports."""
    parts = []
    for rid in item.rules:
        eng = engine_for_rule(rid, rule_engines)
        parts.append(f"{rid} ({eng})" if eng else f"{rid} (unknown engine)")
    if item.decision == "rules":
        text = "fails on findings of: " + ", ".join(parts)
    elif item.decision == "facts":
        text = "posture facts: " + "; ".join(c.describe() for c in item.facts)
    elif item.decision == "rules+facts":
        text = ("fails on findings of: " + ", ".join(parts) + "; otherwise posture facts: "
                + "; ".join(c.describe() for c in item.facts))
    else:
        text = "manual review: " + (item.manual or "")
    if item.applies_if:
        text += " | applies when " + " and ".join(g.describe() for g in item.applies_if)
        if item.otherwise != "not-applicable":
            text += f" (else {item.otherwise})"
    return text


def explain_checklist(checklist_id: str, width: int = 100) -> str:
    """Plain-text explanation of one checklist: its items, how each is decided, and the formula.

    Raises ``KeyError`` for an unknown id."""
    cl = get_checklist(checklist_id)
    wrap = textwrap.TextWrapper(width=width, initial_indent="      ", subsequent_indent="      ")
    lines: List[str] = [
        f"{cl.id}: {cl.title}",
        f"Source: {cl.source}" + (f" <{cl.url}>" if cl.url else ""),
        f"Items: {len(cl.items)} in {len(cl.lists)} list(s)",
        "",
    ]
    for lst in cl.lists:
        items = [it for it in cl.items if it.list == lst]
        lines.append(f"[{lst}] ({len(items)} items)")
        for it in items:
            lines.append(f"  {it.id} [{it.severity}] {it.text}")
            lines.extend(wrap.wrap(describe_decision(it)))
            lines.extend(wrap.wrap(f'document: "{it.source_excerpt}"'))
            if it.note:
                lines.extend(wrap.wrap(it.note))
        lines.append("")
    lines.append(FORMULA)
    return "\n".join(lines) + "\n"
