"""What several reporters need alike: severities and confidences from whatever a result holds
(hand-built results may hold names or numbers), counted words, the MCP tool and parameter a
finding's message does not name yet, the checklist statuses in report order, scores, findings
grouped by tool, and a tool's parameters and annotations in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Type, TypeVar, Union

from ..models import ChecklistResult, Confidence, Finding, Parameter, Severity, ToolInfo

_Level = TypeVar("_Level", Severity, Confidence)

#: Every checklist item status, in the order reports list and count them.
STATUSES = ("fail", "partial", "not-assessed", "manual", "pass", "not-applicable")
#: The statuses whose items a scorecard lists one by one (in this order); the others are counted.
SHOWN_STATUSES = ("fail", "partial", "not-assessed")
#: Each status in words.
STATUS_WORDS = {
    "fail": "fail",
    "partial": "partial",
    "not-assessed": "not assessed",
    "manual": "manual",
    "pass": "pass",
    "not-applicable": "n/a",
}


def _coerce(cls: Type[_Level], value: object) -> _Level:
    if isinstance(value, cls):
        return value
    if isinstance(value, int):
        return cls(value)
    return cls.parse(str(value))


def severity_of(value: Union[Severity, int, str, object]) -> Severity:
    """``value`` as a :class:`Severity` (a Severity, its number or its name)."""
    return _coerce(Severity, value)


def confidence_of(value: Union[Confidence, int, str, object]) -> Confidence:
    """``value`` as a :class:`Confidence` (a Confidence, its number or its name)."""
    return _coerce(Confidence, value)


def label(value: object) -> str:
    """A severity's or confidence's label (``high``), else ``str(value)``."""
    text = getattr(value, "label", None)
    return text if isinstance(text, str) else str(value)


def plural(n: int, word: str, plural_form: Optional[str] = None) -> str:
    """``1 file``, ``2 files`` (or ``plural_form`` for irregular words)."""
    return f"{n} {word if n == 1 else (plural_form or word + 's')}"


def with_tool(text: str, f: Finding) -> str:
    """``text``, then ``(MCP tool 't', parameter 'p')`` for those of the finding's tool and
    parameter that it does not mention already."""
    extra = []
    if f.tool and f.tool not in text:
        extra.append(f"MCP tool '{f.tool}'")
    if f.parameter and f.parameter not in text:
        extra.append(f"parameter '{f.parameter}'")
    return text + " (" + ", ".join(extra) + ")" if extra else text


def fmt_score(score: Optional[float]) -> str:
    """A 0-100 score as reports show it: ``62.5/100``, ``15/100``, or ``n/a``."""
    if score is None:
        return "n/a"
    x = float(score)
    return f"{x:.0f}/100" if x.is_integer() else f"{x:.1f}/100"


def severity_counts(findings: Iterable[Finding]) -> Dict[Severity, int]:
    """How many findings of each severity (every severity present, zeros included)."""
    counts = {s: 0 for s in Severity}
    for f in findings:
        counts[severity_of(f.severity)] += 1
    return counts


def counts_text(counts: Dict[Severity, int]) -> str:
    """``7 critical, 20 high, 2 medium``: the non-zero counts, most severe first."""
    return ", ".join(f"{n} {s.label}" for s, n in sorted(counts.items(), reverse=True) if n)


def status_counts(checklist: ChecklistResult) -> Dict[str, int]:
    """How many items of a checklist have each status."""
    counts: Dict[str, int] = {}
    for item in checklist.items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return counts


def finding_order(f: Finding):
    """Most severe first, then by place."""
    return (-int(severity_of(f.severity)), f.sort_key())


@dataclass
class ToolGroup:
    """The findings of one MCP tool (``tool`` None: findings not tied to a tool), most severe
    first, with the handler when the surface analysis found it."""

    tool: Optional[str]
    findings: List[Finding] = field(default_factory=list)
    info: Optional[ToolInfo] = None

    @property
    def worst(self) -> Severity:
        return max((severity_of(f.severity) for f in self.findings), default=Severity.INFO)


def group_by_tool(findings: Iterable[Finding], tools: Iterable[ToolInfo] = ()) -> List[ToolGroup]:
    """Findings grouped by MCP tool: the group with the most severe finding first (then the
    one with more findings, then by name); findings of no tool come last."""
    by_name = {}
    for t in tools:
        by_name.setdefault(t.name, t)
    groups: Dict[Optional[str], ToolGroup] = {}
    for f in findings:
        key = f.tool or None
        if key not in groups:
            groups[key] = ToolGroup(key, info=by_name.get(key) if key else None)
        groups[key].findings.append(f)
    for g in groups.values():
        g.findings.sort(key=finding_order)
    return sorted(groups.values(), key=lambda g: (g.tool is None, -int(g.worst), -len(g.findings),
                                                   g.tool or ""))


def annotations_text(annotations: Dict[str, Any]) -> str:
    """MCP tool annotations in a few words: ``readOnly, not destructive, idempotent``
    (``title`` is left out; other values as ``key=value``)."""
    parts = []
    for key in sorted(annotations):
        value = annotations[key]
        if key == "title":
            continue
        name = key[:-4] if key.endswith("Hint") else key
        if value is True:
            parts.append(name)
        elif value is False:
            parts.append(f"not {name}")
        else:
            parts.append(f"{name}={value}")
    return ", ".join(parts)


def parameters_text(params: Iterable[Parameter]) -> str:
    """``path: str, limit: int = 10`` (unannotated parameters by name)."""
    out = []
    for p in params:
        text = p.name + (f": {p.annotation}" if p.annotation else "")
        if p.default is not None:
            text += f" = {p.default}"
        out.append(text)
    return ", ".join(out)


# --------------------------------------------------------------------------- the tool inventory

# mcpaudit.inventory (the capability words) is imported where it is used: it imports the
# analysis's project helpers, and the JSON and SARIF reports of a warm re-scan need neither.


def capabilities_text(tool: ToolInfo, exposure: Optional[Dict[str, Any]] = None) -> str:
    """The capabilities of one tool with the condition that makes them dangerous, ``; ``-joined:
    ``runs arbitrary code; reachable without auth over HTTP``. Empty when it has none."""
    caps = sorted(tool.capabilities, key=lambda c: c.get("capability", ""))
    if not caps:
        return ""
    from ..inventory import EXPOSURE_WORDS, capability_phrase

    where = EXPOSURE_WORDS.get((exposure or {}).get("level", ""), "")
    parts = [capability_phrase(c) for c in caps]
    return "; ".join(parts) + (f"; {where}" if where else "")


def exposure_text(exposure: Optional[Dict[str, Any]]) -> str:
    """One line on who can call the tools: the exposure's condition (mcpaudit.inventory)."""
    if not exposure:
        return ""
    from ..inventory import EXPOSURE_WORDS

    return str(exposure.get("condition") or EXPOSURE_WORDS.get(exposure.get("level", ""), ""))
