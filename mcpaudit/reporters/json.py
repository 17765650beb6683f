"""Machine-readable report: one JSON document, described by ``mcpaudit/schema/report.schema.json``.

The document renders exactly what the :class:`~mcpaudit.models.AuditResult` holds — nothing is
filtered here. It is deterministic: the same result always gives the same bytes. Lists whose order
carries no meaning (findings, errors, skipped files, tools, ...) are sorted; free-form mappings
(``stats``, ``properties``, ``annotations``, ``fixed`` entries, fact values) have their keys sorted;
the only time-dependent field is ``generated_at`` (see :func:`to_dict`).

Strings are written with ``ensure_ascii=True``: every non-ASCII character, and with it every
control, bidi and zero-width character taken from scanned code, appears as a ``\\uXXXX`` escape,
so the raw report is safe to ``cat`` and the values decode back to exactly what was scanned.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json as _json
import math
import os
from pathlib import PurePath
from typing import Any, Dict, Mapping, Optional

from .. import __version__
from ..models import (
    AuditResult,
    ChecklistResult,
    EngineError,
    Finding,
    Location,
    PostureFact,
    RuleMeta,
    Severity,
    SkippedFile,
    ToolInfo,
)
from . import ReportOptions
from ._common import STATUSES, confidence_of, severity_of

__all__ = ["SCHEMA_VERSION", "STATUSES", "render", "to_dict"]

#: Bump the minor version for additive changes, the major one for anything that can break a reader.
SCHEMA_VERSION = "1.2"


_SEVERITIES_DESC = tuple(sorted(Severity, reverse=True))


def report(result: AuditResult, options: ReportOptions) -> str:
    """The report as text, for :func:`mcpaudit.reporters.render` (no option applies to it)."""
    return render(result)


def render(result: AuditResult, *, timestamp: bool = True) -> str:
    """The JSON report as text (UTF-8-safe ASCII, two-space indent, trailing newline)."""
    return (
        _json.dumps(
            to_dict(result, timestamp=timestamp),
            indent=2,
            ensure_ascii=True,
            allow_nan=False,
        )
        + "\n"
    )


_TIMING_STATS = ("seconds", "engine_seconds")


def _stats(stats: Mapping[str, Any], timestamp: bool) -> Dict[str, Any]:
    """``stats`` (a :class:`~mcpaudit.models.ScanStats`, or any mapping) as a plain dict. Timings
    are wall-clock measurements: kept with ``generated_at``, dropped without it."""
    if timestamp and not os.environ.get("SOURCE_DATE_EPOCH"):
        return dict(stats)
    return {k: v for k, v in stats.items() if k not in _TIMING_STATS}


def to_dict(result: AuditResult, *, timestamp: bool = True) -> Dict[str, Any]:
    """The JSON report as plain Python data (what :func:`render` dumps).

    ``generated_at`` (UTC, ISO 8601, second precision) and the timings in ``stats`` (``seconds``,
    ``engine_seconds``) are the only time-dependent fields; they are left out when
    ``timestamp=False`` or when the environment variable ``SOURCE_DATE_EPOCH`` is set (reproducible
    builds), so that two runs over the same tree give byte-identical reports.
    """
    doc: Dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "version": __version__,
    }
    if timestamp and not os.environ.get("SOURCE_DATE_EPOCH"):
        now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
        doc["generated_at"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    findings = sorted(result.findings, key=_finding_order)
    suppressed = sorted(result.suppressed, key=_finding_order)
    doc.update(
        {
            "root": _str(result.root),
            "engines_run": [_str(e) for e in result.engines_run],
            "score": _number(result.score),
            "grade": result.grade if result.grade else None,
            "grade_note": _str(getattr(result, "grade_note", "") or ""),
            "summary": _summary(result),
            "findings": [finding_to_dict(f) for f in findings],
            "capabilities": [finding_to_dict(f) for f in sorted(result.capabilities, key=_finding_order)],
            "exposure": _jsonable(result.exposure) if result.exposure is not None else None,
            "surface": _jsonable(result.surface) if getattr(result, "surface", None) is not None else None,
            "suppressed": [finding_to_dict(f) for f in suppressed],
            "checklists": [_checklist(c) for c in result.checklists],
            "errors": [_error(e) for e in sorted(result.errors, key=_error_order)],
            "skipped": [_skipped(s) for s in sorted(result.skipped, key=lambda s: (s.path, s.reason))],
            "tools": [_tool(t) for t in sorted(result.tools, key=_tool_order)],
            "facts": [_fact(f) for f in sorted(result.facts, key=lambda f: f.id)],
            "rules": [_rule(r) for r in sorted(result.rules, key=lambda r: (r.id, r.engine))],
            "warnings": sorted(_str(w) for w in result.warnings),
            "fixed": sorted(
                (_jsonable(x) for x in result.fixed),
                key=lambda x: _json.dumps(x, sort_keys=True, ensure_ascii=True),
            ),
            "stats": _jsonable(_stats(result.stats or {}, timestamp)),
        }
    )
    return doc


# --------------------------------------------------------------------------- pieces


def finding_to_dict(f: Finding) -> Dict[str, Any]:
    """One finding (reported or suppressed) in the report's shape."""
    loc = f.location
    sup = f.suppression
    return {
        "rule_id": _str(f.rule_id),
        "engine": _str(f.engine),
        "severity": _severity(f.severity),
        "confidence": _confidence(f.confidence),
        "cwe": [_str(c) for c in f.cwe],
        "path": _str(loc.path),
        "line": int(loc.line),
        "end_line": _int(loc.end_line),
        "column": int(loc.column),
        "end_column": _int(loc.end_column),
        "message": _str(f.message),
        "tool": _opt_str(f.tool),
        "parameter": _opt_str(f.parameter),
        "fingerprint": _str(f.fingerprint),
        "context": _opt_str(f.context),
        "fix": _opt_str(f.fix),
        "snippet": _opt_str(f.snippet),
        "flow": [
            {
                "path": _str(step.location.path),
                "line": int(step.location.line),
                "column": int(step.location.column),
                "note": _str(step.note),
            }
            for step in f.flow
        ],
        "also_reported_by": sorted(_str(x) for x in f.also_reported_by),
        "suppression": None
        if sup is None
        else {
            "kind": _str(sup.kind),
            "justification": _str(sup.justification or ""),
            "location": _location(sup.location),
        },
        "tags": sorted(_str(t) for t in f.tags),
        "properties": _jsonable(f.properties or {}),
    }


def _summary(result: AuditResult) -> Dict[str, Any]:
    by_sev = {s.label: 0 for s in _SEVERITIES_DESC}
    for f in result.findings:
        by_sev[_severity(f.severity)] += 1
    return {
        "findings": len(result.findings),
        "by_severity": by_sev,
        "suppressed": len(result.suppressed),
        "errors": len(result.errors),
        "fatal_errors": sum(1 for e in result.errors if e.fatal),
        "failed_engines": sorted({_str(e.engine) for e in result.errors if e.fatal}),
    }


def _checklist(c: ChecklistResult) -> Dict[str, Any]:
    counts = {s: 0 for s in STATUSES}
    for item in c.items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return {
        "id": _str(c.id),
        "title": _str(c.title),
        "source": _str(c.source),
        "url": _str(getattr(c, "url", "") or ""),
        "score": _number(c.score),
        "counts": counts,
        "items": [
            {
                "id": _str(i.id),
                "text": _str(i.text),
                "status": _str(i.status),
                "evidence": [_str(e) for e in i.evidence],
                "severity": _opt_str(i.severity),
                "note": _str(i.note or ""),
            }
            for i in c.items
        ],
    }


def _error(e: EngineError) -> Dict[str, Any]:
    return {
        "engine": _str(e.engine),
        "message": _str(e.message),
        "path": _opt_str(e.path),
        "fatal": bool(e.fatal),
    }


def _skipped(s: SkippedFile) -> Dict[str, Any]:
    return {"path": _str(s.path), "reason": _str(s.reason)}


def _tool(t: ToolInfo) -> Dict[str, Any]:
    return {
        "name": _str(t.name),
        "kind": _str(t.kind),
        "function": _str(t.function),
        "framework": _str(t.framework),
        "path": _str(t.location.path),
        "line": int(t.location.line),
        "column": int(t.location.column),
        "uri": _opt_str(t.uri),
        "description": _opt_str(t.description),
        "description_location": _location(t.description_location),
        "parameters": [
            {
                "name": _str(p.name),
                "annotation": _opt_str(p.annotation),
                "description": _opt_str(p.description),
                "default": _opt_str(p.default),
                "tainted": bool(p.tainted),
            }
            for p in t.parameters
        ],
        "annotations": _jsonable(t.annotations or {}),
        "capabilities": [_jsonable(c) for c in sorted(t.capabilities, key=lambda c: c["capability"])],
    }


def _fact(f: PostureFact) -> Dict[str, Any]:
    return {
        "id": _str(f.id),
        "value": _jsonable(f.value),
        "evidence": [_location(loc) for loc in f.evidence],
        "note": _str(f.note or ""),
    }


def _rule(r: RuleMeta) -> Dict[str, Any]:
    return {
        "id": _str(r.id),
        "engine": _str(r.engine),
        "summary": _str(r.summary),
        "severity": _severity(r.severity),
        "confidence": _confidence(r.confidence),
        "cwe": [_str(c) for c in r.cwe],
        "tags": sorted(_str(t) for t in r.tags),
        "fix": _str(r.fix or ""),
        "help_uri": _str(r.help_uri or ""),
    }


def _location(loc: Optional[Location]) -> Optional[Dict[str, Any]]:
    if loc is None:
        return None
    return {
        "path": _str(loc.path),
        "line": int(loc.line),
        "column": int(loc.column),
        "end_line": _int(loc.end_line),
        "end_column": _int(loc.end_column),
    }


# --------------------------------------------------------------------------- ordering


def _finding_order(f: Finding):
    loc = f.location
    return (
        loc.path,
        loc.line,
        loc.column,
        f.rule_id,
        f.engine,
        f.message,
        loc.end_line or 0,
        loc.end_column or 0,
        f.fingerprint,
    )


def _error_order(e: EngineError):
    return (not e.fatal, e.engine, e.path or "", e.message)


def _tool_order(t: ToolInfo):
    return (t.location.path, t.location.line, t.location.column, t.name, t.kind)


# --------------------------------------------------------------------------- scalars


def _severity(value: Any) -> str:
    return severity_of(value).label


def _confidence(value: Any) -> str:
    return confidence_of(value).label


def _str(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _opt_str(value: Any) -> Optional[str]:
    return None if value is None else _str(value)


def _int(value: Any) -> Optional[int]:
    return None if value is None else int(value)


def _number(value: Any) -> Optional[float]:
    if value is None:
        return None
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        return None
    return int(x) if x.is_integer() else round(x, 2)


def _jsonable(value: Any) -> Any:
    """Free-form data (stats, properties, fact values) as JSON data with sorted keys."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, enum.Enum):
        label = getattr(value, "label", None)
        return label if isinstance(label, str) else _jsonable(value.value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return round(value, 3)
    if isinstance(value, dict):
        return {str(k): _jsonable(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=lambda x: _json.dumps(x, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Location):
        return _location(value)
    if isinstance(value, PurePath):
        return value.as_posix()
    if hasattr(value, "__dataclass_fields__"):
        return {
            name: _jsonable(getattr(value, name))
            for name in sorted(value.__dataclass_fields__)
            if not name.startswith("_")
        }
    return str(value)
