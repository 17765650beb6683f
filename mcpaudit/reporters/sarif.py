"""SARIF 2.1.0 for GitHub code scanning and any other SARIF consumer.

One run. ``tool.driver.rules`` holds every enabled rule (``result.rules``) with descriptions,
help (text and markdown, with the rule's examples), ``helpUri``, tags (``security``,
``external/cwe/cwe-N``, the engine), ``security-severity`` on GitHub's 0-10 scale and
``precision``. Each result carries a root-relative, percent-encoded URI under ``%SRCROOT%``,
a 1-based region, ``partialFingerprints`` (``mcpaudit/v1``), a code flow for taint findings and
its properties (engine, confidence, MCP tool and parameter, CWE, engines that also reported it).
Suppressed findings are emitted with ``suppressions`` (``inSource`` for inline ignores,
``external`` for config and baseline). Engine errors, skipped files, warnings and anything the
report had to trim become ``invocations[0].toolExecutionNotifications``; settings the scanned
repository's own config turned off become ``toolConfigurationNotifications``.

GitHub's limits are enforced here, deterministically, each with a notification saying so: at
most 25,000 results per run (kept by suppressed-last, severity descending, then path and line),
20 tags per rule, 10,000 thread-flow locations per result.

The output is deterministic: keys sorted, no timestamps (``endTimeUtc`` is deliberately absent),
every list in a defined order, ASCII-only text (non-ASCII and control characters from scanned code
appear as ``\\uXXXX`` escapes).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import quote

from .. import __version__
from ..models import (
    AuditResult,
    Confidence,
    Finding,
    Location,
    RuleMeta,
    Severity,
)
from . import ReportOptions
from ._common import with_tool

__all__ = ["render", "to_sarif", "SARIF_SCHEMA", "MAX_RESULTS", "MAX_TAGS"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/mcpaudit/mcpaudit"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "mcpaudit/v1"

MAX_RESULTS = 25_000  # GitHub: results per run
MAX_TAGS = 20  # GitHub: tags per rule
MAX_FLOW_LOCATIONS = 10_000  # GitHub: thread flow locations per result

#: GitHub's security-severity scale: > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY: Dict[Severity, Optional[str]] = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: None,  # omitted: GitHub then falls back to the level ("note")
}

LEVEL: Dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}

PRECISION: Dict[Confidence, str] = {
    Confidence.HIGH: "high",
    Confidence.MEDIUM: "medium",
    Confidence.LOW: "low",
}

_PRIVATE_PROPERTIES = {"match_key"}  # internal bookkeeping (baseline matching), not for readers


def report(result: AuditResult, options: ReportOptions) -> str:
    """The report as text, for :func:`mcpaudit.reporters.render` (no option applies to it)."""
    return render(result)


def render(result: AuditResult) -> str:
    """The SARIF log as text (two-space indent, sorted keys, ASCII, trailing newline)."""
    return (
        json.dumps(to_sarif(result), indent=2, sort_keys=True, ensure_ascii=True,
                   allow_nan=False, default=str)
        + "\n"
    )


# --------------------------------------------------------------------------------------------
# helpers


def camel_case(rule_id: str) -> str:
    """``tool-shell-injection`` -> ``ToolShellInjection``."""
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", rule_id) if p]
    return "".join(p[:1].upper() + p[1:] for p in parts) or rule_id


def artifact_uri(path: str) -> str:
    """A root-relative POSIX path as a relative URI reference: segments percent-encoded (spaces,
    ``%``, ``#``, ``?``, ``:``, non-ASCII as UTF-8), ``/`` kept."""
    return quote(path.replace("\\", "/"), safe="/")


def _cwe_numbers(cwes: Iterable[str]) -> List[str]:
    out: List[str] = []
    for c in cwes:
        m = re.search(r"(\d+)", str(c))
        if m and m.group(1) not in out:
            out.append(m.group(1))
    return out


def _physical(loc: Location, with_region: bool = True) -> Dict[str, Any]:
    path = loc.path
    if path.startswith("/"):  # defensive: a path outside the root, keep it absolute
        art: Dict[str, Any] = {"uri": Path(path).as_uri()}
    else:
        art = {"uri": artifact_uri(path), "uriBaseId": SRCROOT}
    phys: Dict[str, Any] = {"artifactLocation": art}
    if with_region:
        phys["region"] = _region(loc)
    return phys


def _region(loc: Location) -> Dict[str, int]:
    start_line = max(1, int(loc.line or 1))
    start_col = max(1, int(loc.column or 1))
    region = {"startLine": start_line, "startColumn": start_col}
    end_line = loc.end_line if loc.end_line and loc.end_line >= start_line else None
    if end_line is not None:
        region["endLine"] = end_line
    if loc.end_column and loc.end_column >= 1:
        last_line = end_line or start_line
        if last_line > start_line or loc.end_column > start_col:
            region["endColumn"] = int(loc.end_column)
    return region


def _location(loc: Location, message: Optional[str] = None) -> Dict[str, Any]:
    out: Dict[str, Any] = {"physicalLocation": _physical(loc)}
    if message:
        out["message"] = {"text": message}
    return out


def _first_paragraph(markdown: str) -> str:
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [ln for ln in block.strip().splitlines()
                 if ln.strip() and not ln.lstrip().startswith("#")
                 and not re.fullmatch(r"\s*[-=*]{3,}\s*", ln)]
        text = " ".join(ln.strip() for ln in lines).strip()
        if text and not re.fullmatch(r"\*\*?[^*]+\*\*?:?", text):
            return text
    return ""


def _tags(rule: RuleMeta) -> Tuple[List[str], bool]:
    """The rule's tags in priority order (GitHub keeps the first ones), at most MAX_TAGS."""
    ordered: List[str] = ["security"]
    ordered += [f"external/cwe/cwe-{n}" for n in _cwe_numbers(rule.cwe)]
    ordered.append(rule.engine)
    ordered += [t for t in rule.tags if t]
    seen: List[str] = []
    for t in ordered:
        if t not in seen:
            seen.append(t)
    return seen[:MAX_TAGS], len(seen) > MAX_TAGS


def _plain(markdown: str) -> str:
    """Markdown headings as plain lines (``## Why is this bad`` -> ``Why is this bad:``)."""
    out = []
    for line in markdown.splitlines():
        m = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        out.append(m.group(1).rstrip(":") + ":" if m else line)
    return "\n".join(out)


def _help(rule: RuleMeta) -> Dict[str, str]:
    desc = rule.description.strip() or rule.summary or rule.id
    text_parts = [_plain(desc)]
    md_parts = [desc]
    if rule.fix and rule.fix.strip() not in desc:
        text_parts.append(f"Fix: {rule.fix}")
        md_parts.append(f"**Fix:** {rule.fix}")
    for title, examples in (("Flagged", rule.invalid[:2]), ("Not flagged", rule.valid[:2])):
        for ex in examples:
            code = ex.code.rstrip("\n")
            lines = (f" ({'line' if len(ex.lines) == 1 else 'lines'} "
                     f"{', '.join(str(n) for n in ex.lines)})" if ex.lines else "")
            text_parts.append(f"{title}{lines}:\n" + "\n".join("    " + ln for ln in code.splitlines()))
            fence = "```"
            while fence in code:
                fence += "`"
            md_parts.append(f"{title}{lines}:\n\n{fence}python\n{code}\n{fence}")
    if rule.help_uri:
        md_parts.append(f"[Documentation]({rule.help_uri})")
    return {"text": "\n\n".join(text_parts), "markdown": "\n\n".join(md_parts)}


def _rule_descriptor(rule: RuleMeta) -> Tuple[Dict[str, Any], bool]:
    tags, trimmed = _tags(rule)
    props: Dict[str, Any] = {
        "tags": tags,
        "precision": PRECISION.get(rule.confidence, "medium"),
        "engine": rule.engine,
    }
    sev = SECURITY_SEVERITY.get(rule.severity)
    if sev is not None:
        props["security-severity"] = sev
    if rule.cwe:
        props["cwe"] = list(rule.cwe)
    short = (rule.summary or rule.id).strip()
    full = _first_paragraph(rule.description) or short
    desc: Dict[str, Any] = {
        "id": rule.id,
        "name": camel_case(rule.id),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": _help(rule),
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "properties": props,
    }
    if rule.help_uri:
        desc["helpUri"] = rule.help_uri
    return desc, trimmed


def _synthetic_rule(f: Finding) -> RuleMeta:
    """A descriptor for a finding whose rule is missing from ``result.rules`` (defensive)."""
    return RuleMeta(id=f.rule_id, engine=f.engine, summary=f.rule_id, severity=f.severity,
                    confidence=f.confidence, cwe=list(f.cwe), tags=[t for t in f.tags if t])


def _message(f: Finding, rule: Optional[RuleMeta]) -> str:
    return with_tool((f.message or (rule.summary if rule else "") or f.rule_id).strip(), f)


_SUPPRESSION_KIND = {"inline": "inSource", "baseline": "external", "config": "external"}


def _suppression(f: Finding) -> Dict[str, Any]:
    sup = f.suppression
    kind = _SUPPRESSION_KIND.get(sup.kind if sup else "", "external")
    out: Dict[str, Any] = {"kind": kind, "status": "accepted"}
    justification = (sup.justification if sup else "") or ""
    if sup and not justification:
        justification = {"inline": "inline ignore without a reason",
                         "baseline": "in baseline",
                         "config": "ignored by configuration"}.get(sup.kind, sup.kind)
    if justification:
        out["justification"] = justification
    if sup and sup.location is not None:
        out["location"] = {"physicalLocation": _physical(sup.location)}
    if sup:
        out["properties"] = {"mcpaudit-kind": sup.kind}
    return out


def _finding_order(f: Finding) -> Tuple:
    loc = f.location
    return (loc.path, loc.line, loc.column, loc.end_line or 0, loc.end_column or 0, f.rule_id,
            f.engine, f.message, f.fingerprint)


def _other_code_flows(f: Finding) -> List[Dict[str, Any]]:
    """One more code flow per other tool whose own flow reaches the same sink (the finding's
    ``other_flows`` property): code scanning shows each as a path of its own."""
    out: List[Dict[str, Any]] = []
    for other in (f.properties or {}).get("other_flows") or []:
        steps = [st for st in other.get("flow") or [] if st.get("path")][:MAX_FLOW_LOCATIONS]
        if not steps:
            continue
        tfl = [{"location": _location(Location(st["path"], int(st.get("line") or 1)),
                                      st.get("note") or None), "kinds": ["taint"]} for st in steps]
        who = f"tool '{other['tool']}'" if other.get("tool") else "the same value"
        out.append({"message": {"text": f"{who}: {len(other['flow'])} step taint flow"},
                    "threadFlows": [{"locations": tfl}]})
    return out


def _result(f: Finding, rule_index: Dict[str, int], rules: Dict[str, RuleMeta],
            suppressed: bool, notes: List[Dict[str, Any]]) -> Dict[str, Any]:
    rule = rules.get(f.rule_id)
    capability = "capability" in f.tags  # what a tool can do: a note, so code scanning can filter it
    res: Dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index[f.rule_id],
        "level": "note" if capability else LEVEL.get(f.severity, "warning"),
        "kind": "fail",
        "message": {"text": _message(f, rule)},
        "locations": [{"physicalLocation": _physical(f.location)}],
    }
    if f.fingerprint:
        res["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    if f.flow:
        steps = f.flow[:MAX_FLOW_LOCATIONS]
        if len(f.flow) > MAX_FLOW_LOCATIONS:
            notes.append(_note("warning", "flow-truncated",
                               f"the taint flow of {f.rule_id} at {f.location.path}:"
                               f"{f.location.line} has {len(f.flow)} steps; the first "
                               f"{MAX_FLOW_LOCATIONS} are reported (GitHub's limit)"))
        tfl = []
        for step in steps:
            tfl.append({"location": _location(step.location, step.note or None),
                        "kinds": ["taint"]})
        res["codeFlows"] = [{
            "message": {"text": f"{len(f.flow)} step taint flow"},
            "threadFlows": [{"locations": tfl}],
        }] + _other_code_flows(f)
    props: Dict[str, Any] = {
        k: v for k, v in (f.properties or {}).items() if k not in _PRIVATE_PROPERTIES
    }
    props.update({
        "engine": f.engine,
        "confidence": f.confidence.label,
        "severity": f.severity.label,
    })
    if f.tool:
        props["tool"] = f.tool
    if f.parameter:
        props["parameter"] = f.parameter
    if f.cwe:
        props["cwe"] = list(f.cwe)
    if f.also_reported_by:
        props["also_reported_by"] = sorted(set(f.also_reported_by))
    if f.context:
        props["context"] = f.context
    if f.fix:
        props["fix"] = f.fix
    tags = list(dict.fromkeys(t for t in f.tags if t))
    if tags:
        props["tags"] = tags
    elif "tags" in props:
        del props["tags"]
    res["properties"] = props
    if suppressed:
        res["suppressions"] = [_suppression(f)]
    return res


def _note(level: str, descriptor: str, text: str, path: Optional[str] = None,
          engine: Optional[str] = None) -> Dict[str, Any]:
    n: Dict[str, Any] = {"level": level, "descriptor": {"id": descriptor},
                         "message": {"text": text}}
    if path:
        n["locations"] = [{"physicalLocation": _physical(Location(path, 1), with_region=False)}]
    if engine:
        n["properties"] = {"engine": engine}
    return n


_LEVEL_ORDER = {"error": 0, "warning": 1, "note": 2, "none": 3}


def _note_order(n: Dict[str, Any]) -> Tuple:
    return (_LEVEL_ORDER.get(n["level"], 9), n["descriptor"]["id"],
            json.dumps(n.get("locations", []), sort_keys=True), n["message"]["text"])


def _root_uri(root: str) -> str:
    try:
        uri = Path(root or ".").resolve().as_uri()
    except ValueError:  # pragma: no cover - unusual roots
        uri = "file:///"
    return uri if uri.endswith("/") else uri + "/"


# --------------------------------------------------------------------------------------------


def to_sarif(result: AuditResult) -> Dict[str, Any]:
    """The SARIF log as plain data."""
    exec_notes: List[Dict[str, Any]] = []
    rules, descriptors = _rules(result, exec_notes)
    rule_index = {rid: i for i, rid in enumerate(sorted(rules))}
    results = [_result(f, rule_index, rules, s, exec_notes) for f, s in _entries(result, exec_notes)]
    run: Dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mcpaudit",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {
                "uri": _root_uri(result.root),
                "description": {"text": "The directory mcpaudit scanned; result URIs are "
                                        "relative to it."},
            }
        },
        "columnKind": "unicodeCodePoints",
        "invocations": [_invocation(result, exec_notes)],
        "results": results,
        "properties": _run_properties(result),
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _rules(result: AuditResult, notes: List[Dict[str, Any]]
           ) -> Tuple[Dict[str, RuleMeta], List[Dict[str, Any]]]:
    """Every enabled rule, plus (defensively) any rule a finding names but ``result.rules``
    lacks, so every ruleIndex is valid: by id, and their descriptors sorted by id."""
    rules: Dict[str, RuleMeta] = {}
    for r in result.rules:
        rules.setdefault(r.id, r)
    for f in list(result.findings) + list(result.capabilities) + list(result.suppressed):
        if f.rule_id not in rules:
            rules[f.rule_id] = _synthetic_rule(f)
    descriptors: List[Dict[str, Any]] = []
    trimmed_tags: List[str] = []
    for rid in sorted(rules):
        desc, trimmed = _rule_descriptor(rules[rid])
        descriptors.append(desc)
        if trimmed:
            trimmed_tags.append(rid)
    if trimmed_tags:
        notes.append(_note(
            "note", "tags-truncated",
            f"rules with more than {MAX_TAGS} tags were trimmed to their first {MAX_TAGS} "
            f"(GitHub's limit): {', '.join(trimmed_tags)}"))
    return rules, descriptors


def _entries(result: AuditResult, notes: List[Dict[str, Any]]) -> List[Tuple[Finding, bool]]:
    """(finding, suppressed) for every result: active first, then suppressed; trimmed to
    GitHub's limit by importance; in report order."""
    entries: List[Tuple[Finding, bool]] = [(f, False) for f in result.findings]
    entries += [(f, False) for f in result.capabilities]
    entries += [(f, True) for f in result.suppressed]
    if len(entries) > MAX_RESULTS:
        entries.sort(key=lambda e: (e[1], -int(e[0].severity), _finding_order(e[0])))
        dropped = entries[MAX_RESULTS:]
        entries = entries[:MAX_RESULTS]
        n_active = sum(1 for _, s in dropped if not s)
        notes.append(_note(
            "warning", "results-truncated",
            f"{len(dropped)} of {len(dropped) + MAX_RESULTS} results were left out "
            f"({n_active} active, {len(dropped) - n_active} suppressed): GitHub accepts at most "
            f"{MAX_RESULTS} results per run; kept the most severe (then by path and line); "
            "the JSON report has them all"))
    entries.sort(key=lambda e: (_finding_order(e[0]), e[1]))
    return entries


def _invocation(result: AuditResult, exec_notes: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Engine errors, skipped files and warnings as execution notifications (after
    ``exec_notes``); what the scanned repository's config turned off as configuration ones."""
    for e in result.errors:
        exec_notes.append(_note("error" if e.fatal else "warning",
                                "engine-error" if e.fatal else "engine-warning",
                                f"{e.engine}: {e.message}", path=e.path, engine=e.engine))
    for s in result.skipped:
        exec_notes.append(_note("warning", "file-skipped", f"{s.path} was not analysed: {s.reason}",
                                path=s.path))
    for w in result.warnings:
        exec_notes.append(_note("warning", "warning", w))
    config_notes = [
        _note("warning", "disabled-by-config",
              f"the scanned repository's mcpaudit configuration narrows this scan: {item}")
        for item in result.disabled_by_config
    ]
    invocation: Dict[str, Any] = {
        "executionSuccessful": not result.fatal_errors,
        "toolExecutionNotifications": sorted(_dedupe(exec_notes), key=_note_order),
    }
    if config_notes:
        invocation["toolConfigurationNotifications"] = sorted(_dedupe(config_notes),
                                                              key=_note_order)
    return invocation


def _run_properties(result: AuditResult) -> Dict[str, Any]:
    run_props: Dict[str, Any] = {
        "score": result.score,
        "grade": result.grade,
        "findings": len(result.findings),
        "suppressed": len(result.suppressed),
        "engines": sorted(result.engines_run),
    }
    if result.checklists:
        run_props["checklists"] = [
            {"id": c.id, "title": c.title, "score": c.score} for c in result.checklists
        ]
    return {k: v for k, v in run_props.items() if v is not None}


def _dedupe(notes: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    seen = set()
    out = []
    for n in notes:
        key = json.dumps(n, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out
