"""Semgrep's JSON output as findings, errors and skipped files (paths made root-relative)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, Optional

from ...models import EngineError, Finding, Location, SkippedFile
from .._subprocess import RootMapper, SourceCache
from ..base import EngineOutput, outside_root
from .packs import NAME, cwes, one_line, rule_confidence, rule_severity

# Our taint rules start their message with "Parameter 'p' of MCP handler f()".
#: rule metadata: the id a rule's findings carry instead of its own (the same hazard written for
#: another language, tls-verify-disabled-ts reports as tls-verify-disabled)
REPORTS_AS = "mcpaudit-reports-as"
_HANDLER_RE = re.compile(r"Parameter '([^']+)' of MCP handler ([A-Za-z_][\w.]*)\(\)")


def _pos(d: Any, key: str, default: int) -> int:
    try:
        value = int((d or {}).get(key, default))
    except (TypeError, ValueError):
        return default
    return value if value >= 1 else default


def _order(r: Dict[str, Any]) -> tuple:
    """A result's place when two share a rule and a span (one line, two parameters): its rule,
    path, span and message, so that the one kept does not depend on the order semgrep's front end
    listed them in (osemgrep and pysemgrep list them differently)."""
    start, end = r.get("start") or {}, r.get("end") or {}
    return (str(r.get("check_id") or ""), str(r.get("path") or ""),
            _pos(start, "line", 1), _pos(start, "col", 1), _pos(end, "line", 1), _pos(end, "col", 1),
            str((r.get("extra") or {}).get("message") or ""))


def collect(
    doc: Dict[str, Any],
    mapper: RootMapper,
    sources: SourceCache,
    out: EngineOutput,
    seen: set,
    aliases: Optional[Dict[str, str]] = None,
) -> None:
    """Add what one semgrep run reported (its JSON document ``doc``) to ``out``: findings not in
    ``seen`` yet (results are keyed by rule and span), semgrep's per-file errors, skipped rules
    and targets that vanished. ``aliases`` maps a path semgrep was given back to the symbolic
    link it stands for."""
    for path in doc.get("_vanished", []):
        out.skipped.append(SkippedFile(mapper.display(str(Path(path))), "disappeared before the scan"))

    for r in sorted((r for r in doc.get("results") or [] if isinstance(r, dict)), key=_order):
        reported = str(r.get("path") or "")
        if aliases:  # semgrep reports a target by the path it was given
            reported = aliases.get(reported, reported)
        rel = mapper.relative(reported)
        if rel is None:
            out.errors.append(outside_root(NAME, reported))
            continue
        extra = r.get("extra") or {}
        md = extra.get("metadata") or {}
        start, end = r.get("start") or {}, r.get("end") or {}
        line = _pos(start, "line", 1)
        col = _pos(start, "col", 1)
        end_line = max(_pos(end, "line", line), line)
        end_col = _pos(end, "col", col)
        # a rule written again for another language reports under the first one's id
        rule_id = str(md.get(REPORTS_AS) or r.get("check_id") or "semgrep")
        key = (rule_id, rel, line, col, end_line, end_col)
        if key in seen:
            continue
        seen.add(key)
        message = one_line(extra.get("message") or md.get("summary") or rule_id)
        finding = Finding(
            rule_id=rule_id,
            engine=NAME,
            severity=rule_severity(extra.get("severity"), md),
            confidence=rule_confidence(md),
            message=message,
            location=Location(rel, line, col, end_line, end_col),
            cwe=cwes(md.get("cwe")),
            fix=one_line(md.get("fix")) or None,
            snippet=sources.snippet(mapper.absolute(reported), line, end_line),
            tags=["security"],
            properties={
                k: v
                for k, v in {
                    "references": md.get("references"),
                    "likelihood": md.get("likelihood"),
                    "impact": md.get("impact"),
                    "semgrep_severity": extra.get("severity"),
                }.items()
                if v
            },
        )
        m = _HANDLER_RE.search(message)
        if m:
            finding.parameter, finding.context = m.group(1), m.group(2)
        out.findings.append(finding)

    for err in doc.get("errors") or []:
        if not isinstance(err, dict):
            continue
        out.errors.append(_map_error(err, mapper, out))

    for skipped in doc.get("skipped_rules") or []:
        rid = skipped.get("rule_id") if isinstance(skipped, dict) else skipped
        out.errors.append(
            EngineError(NAME, f"semgrep skipped rule {rid}: {skipped}", fatal=False)
        )


def _map_error(err: Dict[str, Any], mapper: RootMapper, out: EngineOutput) -> EngineError:
    """A semgrep-reported problem that did not stop the run: a non-fatal error, and for files
    semgrep could not analyse at all, a skipped-file entry."""
    kind = err.get("type")
    kind_name = kind[0] if isinstance(kind, list) and kind else str(kind or "error")
    reported = err.get("path")
    rel = mapper.display(str(Path(reported))) if reported else None
    message = one_line(err.get("message") or kind_name)
    if len(message) > 300:
        message = message[:300] + "…"
    # (a per-rule Timeout naming a file never gets here: the runner runs the file again, and
    # reports it as cut short when it times out again: timeouts.py)
    if rel and kind_name in ("OutOfMemory", "Too many matches", "Syntax error", "Lexical error"):
        out.skipped.append(SkippedFile(rel, f"semgrep: {kind_name}"))
    if rel and kind_name == "PartialParsing":
        message = f"partially parsed (syntax error); some code was not analysed: {message}"
    return EngineError(NAME, f"{kind_name}: {message}" if rel else message, path=rel, fatal=False)
