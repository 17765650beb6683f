"""Merging: one finding per hazard and line when several engines report it.

Two findings on the same line are the same hazard when their CWEs fall in one family
(:data:`_HAZARD_OF_CWE`; bandit's test ids say more than its coarse CWE labels,
:data:`_HAZARD_OF_BANDIT`). The kept finding is ours (cst) before semgrep's before bandit's; the
others are listed in its ``also_reported_by``.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from .models import Finding

# CWE families that count as "the same hazard" when several engines report one line
_HAZARD_OF_CWE = {
    "CWE-78": "cmd", "CWE-77": "cmd", "CWE-88": "cmd", "CWE-89": "sql", "CWE-943": "nosql",
    "CWE-22": "path", "CWE-73": "path", "CWE-918": "ssrf", "CWE-94": "code", "CWE-95": "code",
    "CWE-502": "deser", "CWE-1336": "template", "CWE-532": "log", "CWE-200": "leak",
    "CWE-306": "auth", "CWE-798": "secret", "CWE-259": "secret", "CWE-295": "tls",
    "CWE-20": "input", "CWE-1427": "prompt",
}


# bandit's CWE labels are coarse (eval is CWE-78, yaml.load CWE-20): its test ids say more
_HAZARD_OF_BANDIT = {
    "B102": "code", "B307": "code", "B301": "deser", "B302": "deser", "B403": "deser",
    "B506": "deser", "B602": "cmd", "B603": "cmd", "B604": "cmd", "B605": "cmd", "B606": "cmd",
    "B607": "cmd", "B608": "sql", "B610": "sql", "B611": "sql", "B701": "template",
    "B702": "template", "B703": "template", "B310": "ssrf", "B113": "ssrf", "B501": "tls",
    "B502": "tls", "B503": "tls", "B504": "tls", "B105": "secret", "B106": "secret", "B107": "secret",
    "B202": "path",
}


def _hazards(f: Finding) -> set:
    """The hazard families ``f`` belongs to: an unknown CWE is a family of its own, a finding
    without a CWE is its rule's."""
    out = {_HAZARD_OF_CWE.get(c, c) for c in f.cwe} or {f.rule_id}
    if f.engine == "bandit" and f.rule_id in _HAZARD_OF_BANDIT:
        out.add(_HAZARD_OF_BANDIT[f.rule_id])
    return out


_ENGINE_RANK = {"cst": 0, "semgrep": 1, "bandit": 2}


def merge(findings: List[Finding]) -> List[Finding]:
    """One finding per hazard and line: ours first, then semgrep, then bandit; the others are
    listed in ``also_reported_by``."""
    by_line: Dict[Tuple[str, int], List[Finding]] = {}
    for f in findings:
        by_line.setdefault((f.location.path, f.location.line), []).append(f)
    out: List[Finding] = []
    for key in sorted(by_line):
        group = sorted(by_line[key], key=lambda f: (_ENGINE_RANK.get(f.engine, 9), -f.severity, f.rule_id))
        kept: List[Finding] = []
        for f in group:
            twin = next((k for k in kept if k.engine != f.engine and _hazards(k) & _hazards(f)), None)
            if twin is not None:
                tag = f"{f.engine}:{f.rule_id}"
                if tag not in twin.also_reported_by:
                    twin.also_reported_by.append(tag)
                if f.severity > twin.severity and twin.engine != "cst":
                    twin.severity = f.severity
                continue
            kept.append(f)
        out.extend(kept)
    return out
