"""GitHub-flavoured Markdown report, for a pull-request comment or a job summary.

Overall score and grade, a findings table (capped), the MCP tools, a table per checklist, errors.

Every piece of scanned text goes through :func:`mcpaudit.textsafe.literal` and then one of two
escapers, so a hostile tool description or file name can neither break the tables nor inject HTML,
links, images, mentions, issue references or math:

* :func:`md_code` puts text in a code span (fence longer than any backtick run inside; pipes
  escaped in tables). Nothing is interpreted inside a code span, not even autolinks.
* :func:`md_text` escapes Markdown punctuation and HTML, and puts anything GitHub would turn into
  a link on its own (URLs, ``www.``, e-mail addresses, ``@mentions``, ``#123`` references) into
  code spans.

Like every reporter it never filters; the findings table is capped for size (PR comments are
limited to 65,536 characters) and says how many rows it left out.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional

from .. import __version__
from ..models import AuditResult, ChecklistResult, EngineError, Finding, Severity
from ..textsafe import literal
from . import ReportOptions
from ._common import SHOWN_STATUSES, STATUS_WORDS, STATUSES, annotations_text, counts_text, parameters_text
from ._common import fmt_score, severity_counts, status_counts
from ._common import capabilities_text, exposure_text
from ._common import label as _label
from ._common import plural as _plural
from ._common import severity_of as _severity

__all__ = ["render", "md_code", "md_text", "md_message"]

MAX_FINDINGS = 200
MAX_SUPPRESSED = 50
MAX_SKIPPED = 50
MAX_MESSAGE = 300  # characters of one message in a table cell
MAX_EVIDENCE = 8
MAX_CELL = 300  # characters of any other scanned value in a table cell
MAX_NAME = 100  # characters of a tool / parameter / rule name in a table cell
MAX_ERROR_LINES = 40
MAX_TOOLS = 50  # rows of the tool table

SEVERITY_ICON = {
    Severity.CRITICAL: "\U0001f534",  # red circle
    Severity.HIGH: "\U0001f7e0",  # orange circle
    Severity.MEDIUM: "\U0001f7e1",  # yellow circle
    Severity.LOW: "\U0001f535",  # blue circle
    Severity.INFO: "\u26aa",  # white circle
}
STATUS_ICON = {
    "fail": "\u274c",
    "partial": "\u26a0\ufe0f",
    "not-assessed": "\u2754",
    "manual": "\U0001f4dd",
    "pass": "\u2705",
    "not-applicable": "\u2796",
}
STATUS_LABEL = STATUS_WORDS
COUNT_ORDER = STATUSES


# --------------------------------------------------------------------------- escaping

_BACKTICKS = re.compile(r"`+")
# A code span the way CommonMark pairs them: a run of n backticks, content, a run of exactly n.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")

# Things GitHub links by itself even without Markdown syntax.
_AUTOLINKY = re.compile(
    r"""
      (?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s<>"'`\[\]()]*           # URLs
    | [A-Za-z0-9.!\#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+  # e-mail addresses
    | (?<![A-Za-z0-9_])@[A-Za-z0-9][A-Za-z0-9_\-]*(?:/[A-Za-z0-9_.\-]+)?     # @user, @org/team
    | [A-Za-z0-9_.\-/]*\#[0-9]+                                          # #12, owner/repo#12
    | (?<![A-Za-z0-9_])GH-[0-9]+                                         # GH-12
    """,
    re.X,
)

_MD_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "~": "\\~",
    "$": "\\$",
    "#": "\\#",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
}
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_ESCAPES)) + "]")
_BLOCK_START = re.compile(r"^(?:[-+=]|[0-9]+[.)])")


def _escape_plain(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: _MD_ESCAPES[m.group(0)], text)


def _clip(s: str, limit: Optional[int]) -> str:
    if limit is not None and len(s) > limit:
        return s[: max(1, limit - 1)].rstrip() + "\u2026"
    return s


def md_code(text: object, *, table: bool = True, limit: Optional[int] = None) -> str:
    """``text`` as an inert inline code span (empty string for empty text), cut at ``limit``
    characters."""
    s = _clip(literal("" if text is None else str(text)), limit)
    if not s:
        return ""
    if table:
        s = s.replace("|", "\\|")
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(s)), default=0)
    fence = "`" * (longest + 1)
    if s.startswith("`") or s.endswith("`") or (s.startswith(" ") and s.endswith(" ") and s.strip(" ")):
        s = f" {s} "
    return f"{fence}{s}{fence}"


def md_text(text: object, *, table: bool = True, limit: Optional[int] = None) -> str:
    """``text`` as inert Markdown prose: punctuation and HTML escaped, would-be links in code spans;
    cut at ``limit`` characters."""
    s = _clip(literal("" if text is None else str(text)), limit)
    return _prose(s, table=table)


def _prose(s: str, *, table: bool, start: bool = True) -> str:
    """Escape already-``literal`` text; ``start``: it begins a block, so list/heading markers
    at its start are escaped too."""
    out: List[str] = []
    pos = 0
    for m in _AUTOLINKY.finditer(s):
        out.append(_escape_plain(s[pos : m.start()]))
        out.append(md_code(m.group(0), table=table))
        pos = m.end()
    out.append(_escape_plain(s[pos:]))
    result = "".join(out)
    if start and _BLOCK_START.match(result):
        result = "\\" + result if not result[0].isdigit() else re.sub(r"^([0-9]+)([.)])", r"\1\\\2", result)
    return result


def md_message(text: object, *, table: bool = True, limit: Optional[int] = MAX_MESSAGE) -> str:
    """A finding message: ```quoted``` symbols stay code spans (re-encoded by us), the rest is
    :func:`md_text`. Long messages are cut at ``limit`` characters."""
    s = _clip(literal("" if text is None else str(text)), limit)
    out: List[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(s):
        out.append(_prose(s[pos : m.start()], table=table, start=pos == 0))
        content = m.group(2)
        if len(content) >= 2 and content.startswith(" ") and content.endswith(" ") and content.strip(" "):
            content = content[1:-1]  # CommonMark strips one space on each side
        out.append(md_code(content, table=table))
        pos = m.end()
    out.append(_prose(s[pos:], table=table, start=pos == 0))
    return "".join(out)


def _fence(text: str) -> str:
    longest = max((len(m.group(0)) for m in re.finditer(r"`+|~+", text)), default=0)
    return "`" * max(3, longest + 1)


def _table(header: Iterable[str], rows: Iterable[Iterable[str]], align: Optional[Iterable[str]] = None) -> List[str]:
    header = list(header)
    aligns = list(align) if align is not None else ["---"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(cell if cell else " " for cell in row) + " |")
    return lines


# --------------------------------------------------------------------------- render


def report(result: AuditResult, options: ReportOptions) -> str:
    """The report as text, for :func:`mcpaudit.reporters.render` (no option applies to it)."""
    return render(result)


def render(result: AuditResult, *, max_findings: int = MAX_FINDINGS) -> str:
    """The Markdown report (ends with a newline)."""
    fatal = [e for e in result.errors if e.fatal]
    out: List[str] = []
    out += _headline(result, fatal)
    out += _findings_section(result, fatal, max_findings)
    out += _tools_section(result)
    out += _checklists_section(result)
    out += _suppressed_section(result)
    out += _problems_section(result, fatal)
    out.append(_footer(result))
    return "\n".join(out).rstrip("\n") + "\n"


def _headline(result: AuditResult, fatal: List[EngineError]) -> List[str]:
    """Title, score and counts, engines and files, and a warning when an engine failed."""
    failed = sorted({e.engine for e in fatal})
    out = ["## mcpaudit report", ""]
    counts = {s: 0 for s in Severity}
    for f in result.findings:
        counts[_severity(f.severity)] += 1
    head = f"**Score: {fmt_score(result.score)}"
    if result.grade:
        head += f" \u00b7 Grade {md_text(result.grade)}"
        if getattr(result, "grade_note", ""):
            head += f" ({md_text(result.grade_note)})"
    head += "**"
    sev_list = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True))
    head += f" \u00b7 **{_plural(len(result.findings), 'finding')}** ({sev_list})"
    head += f" \u00b7 {len(result.suppressed)} suppressed"
    out.append(head)
    out.append("")
    engines = []
    for name in result.engines_run:
        engines.append(md_code(name, table=False) + (" \u274c failed" if name in failed else ""))
    stats = result.stats or {}
    facts = [f"Engines: {', '.join(engines) if engines else '**none**'}"]
    if isinstance(stats.get("files"), int):
        facts.append(f"{_plural(stats['files'], 'file')} scanned")
    if result.tools:
        facts.append(_plural(len(result.tools), "MCP handler"))
    if result.skipped:
        facts.append(f"{len(result.skipped)} skipped")
    out.append(" \u00b7 ".join(facts))
    out.append("")
    if fatal:
        names = ", ".join(md_code(n, table=False) for n in failed)
        out.append(
            f"> \u26d4 **{_plural(len(fatal), 'engine error')} ({names}): results are incomplete.** "
            "Missing findings are not a pass; see *Errors* below."
        )
        out.append("")
    return out


def _checklists_section(result: AuditResult) -> List[str]:
    """One summary row per checklist, then each checklist's items."""
    if not result.checklists:
        return []
    out = ["### Checklists", ""]
    rows = []
    for c in result.checklists:
        cnt = status_counts(c)
        rows.append(
            [md_text(c.title or c.id), fmt_score(c.score)] + [str(cnt.get(s, 0)) for s in COUNT_ORDER]
        )
    out += _table(
        ["Checklist", "Score"] + [f"{STATUS_ICON[s]} {STATUS_LABEL[s]}" for s in COUNT_ORDER],
        rows,
        ["---", "---:"] + ["---:"] * len(COUNT_ORDER),
    )
    out.append("")
    for c in result.checklists:
        out += _checklist(c)
    return out


def _findings_section(result: AuditResult, fatal: List[EngineError], max_findings: int) -> List[str]:
    """The findings, most severe first, at most ``max_findings`` of them."""
    out = [f"### Findings ({len(result.findings)})", ""]
    if not result.findings:
        if fatal:
            out.append("No findings reported \u2014 **but an engine failed, so this is not a clean result.**")
        else:
            out.append("No findings. \u2705")
        out.append("")
        return out
    ordered = sorted(result.findings, key=lambda f: (-int(_severity(f.severity)), f.sort_key()))
    shown = ordered[: max(0, max_findings)]
    out += _table(
        ["Severity", "Rule", "Location", "Tool / parameter", "Message"],
        (_finding_row(f) for f in shown),
    )
    if len(ordered) > len(shown):
        out.append("")
        out.append(
            f"_\u2026and {len(ordered) - len(shown)} more findings not shown here "
            "(see the JSON or SARIF report)._"
        )
    out.append("")
    return out


def _tools_section(result: AuditResult) -> List[str]:
    """The MCP tool inventory: name, kind, parameters, annotations and findings per tool."""
    out = [f"### MCP tools ({len(result.tools)})", ""]
    if not result.tools:
        return out + ["No MCP tool handler found: no parameter was treated as caller-controlled.", ""]
    found: Dict[str, List[Finding]] = {}
    for f in result.findings:
        if f.tool:
            found.setdefault(f.tool, []).append(f)
    ordered = sorted(result.tools, key=lambda t: (t.location.path, t.location.line, t.name))
    ordered.sort(key=lambda t: 0 if t.capabilities else 1)  # capabilities first
    if result.exposure:
        out += [f"Exposure: {md_text(exposure_text(result.exposure))}.", ""]
    rows = [[md_code(t.name, limit=MAX_NAME), md_text(t.kind, limit=MAX_NAME),
             md_code(parameters_text(t.parameters), limit=MAX_CELL),
             md_text(capabilities_text(t, result.exposure), limit=MAX_CELL) or "\u2014",
             md_text(annotations_text(t.annotations), limit=MAX_CELL),
             md_text(counts_text(severity_counts(found[t.name]))) if t.name in found else "\u2014"]
            for t in ordered[:MAX_TOOLS]]
    out += _table(["Tool", "Kind", "Parameters", "Capabilities", "Annotations", "Findings"], rows)
    if len(ordered) > MAX_TOOLS:
        out += ["", f"_\u2026and {len(ordered) - MAX_TOOLS} more (the JSON and HTML reports list them all)._"]
    out.append("")
    return out


def _suppressed_section(result: AuditResult) -> List[str]:
    """The suppressed findings, folded away."""
    if not result.suppressed:
        return []
    sup = sorted(result.suppressed, key=lambda f: f.sort_key())
    out = [f"<details><summary>{_plural(len(sup), 'suppressed finding')}</summary>", ""]
    rows = []
    for f in sup[:MAX_SUPPRESSED]:
        s = f.suppression
        rows.append(
            [
                f"{SEVERITY_ICON[_severity(f.severity)]} {_severity(f.severity).label}",
                md_code(f.rule_id, limit=MAX_NAME),
                md_code(f"{f.location.path}:{f.location.line}", limit=MAX_CELL),
                md_text(s.kind, limit=MAX_NAME) if s else "",
                md_text(s.justification, limit=MAX_CELL) if s and s.justification else "",
            ]
        )
    out += _table(["Severity", "Rule", "Location", "Suppressed by", "Justification"], rows)
    if len(sup) > MAX_SUPPRESSED:
        out.append("")
        out.append(f"_\u2026and {len(sup) - MAX_SUPPRESSED} more._")
    out += ["", "</details>", ""]
    return out


def _problems_section(result: AuditResult, fatal: List[EngineError]) -> List[str]:
    """Engine errors, warnings, skipped files, and baseline entries fixed since."""
    out: List[str] = []
    if fatal:
        out.append("### \u26d4 Errors")
        out.append("")
        for e in sorted(fatal, key=lambda e: (e.engine, e.path or "", e.message)):
            out += _error_block(e)
    warnings = [e for e in result.errors if not e.fatal]
    if warnings or result.warnings:
        out.append("### \u26a0\ufe0f Warnings")
        out.append("")
        for e in sorted(warnings, key=lambda e: (e.engine, e.path or "", e.message)):
            where = f" {md_code(e.path, table=False)}" if e.path else ""
            out.append(f"- **{md_text(e.engine, table=False)}**{where}: {md_text(e.message, table=False)}")
        for w in sorted(result.warnings):
            out.append(f"- {md_text(w, table=False)}")
        out.append("")
    if result.skipped:
        skipped = sorted(result.skipped, key=lambda s: (s.path, s.reason))
        out.append(f"<details><summary>{_plural(len(skipped), 'skipped file')}</summary>")
        out.append("")
        for s in skipped[:MAX_SKIPPED]:
            out.append(f"- {md_code(s.path, table=False)}: {md_text(s.reason, table=False)}")
        if len(skipped) > MAX_SKIPPED:
            out.append(f"- _\u2026and {len(skipped) - MAX_SKIPPED} more._")
        out += ["", "</details>", ""]
    if result.fixed:
        out.append(f"{_plural(len(result.fixed), 'baseline entry', 'baseline entries')} no longer found (fixed). \U0001f389")
        out.append("")
    return out


def _footer(result: AuditResult) -> str:
    stats = result.stats or {}
    foot = [f"mcpaudit {__version__}"]
    if isinstance(stats.get("lines"), int):
        foot.append(f"{stats['lines']:,} lines")
    elapsed = stats.get("seconds", stats.get("elapsed"))
    if isinstance(elapsed, (int, float)) and not isinstance(elapsed, bool):
        foot.append(f"{float(elapsed):.1f}s")
    return "<sub>" + " \u00b7 ".join(foot) + "</sub>"


def _checklist(c: ChecklistResult) -> List[str]:
    out = [f"#### {md_text(c.title or c.id, table=False)} \u2014 {fmt_score(c.score)}", ""]
    url = getattr(c, "url", "") or ""
    if c.source or url:
        # the link comes from our checklist data (https only, checked when it is loaded)
        link = f" \u2014 <{url}>" if url.startswith("https://") and not re.search(r"[\s<>]", url) else ""
        out.append(f"Source: {md_text(c.source, table=False)}{link} \u00b7 id {md_code(c.id, table=False)}")
        out.append("")
    shown = [i for s in SHOWN_STATUSES for i in c.items if i.status == s]
    shown += [i for i in c.items if i.status not in STATUS_ICON]
    if shown:
        rows = []
        for item in shown:
            status = f"{STATUS_ICON.get(item.status, '')} {STATUS_LABEL.get(item.status) or md_text(item.status)}".strip()
            if item.severity:
                status += f" ({md_text(item.severity)})"
            evidence = [md_text(e, limit=MAX_CELL) for e in item.evidence[:MAX_EVIDENCE]]
            if len(item.evidence) > MAX_EVIDENCE:
                evidence.append(f"_+{len(item.evidence) - MAX_EVIDENCE} more_")
            if item.note:
                evidence.append(f"_{md_text(item.note, limit=MAX_CELL)}_")
            rows.append(
                [status, f"**{md_text(item.id, limit=MAX_NAME)}** {md_text(item.text, limit=MAX_CELL)}", "<br>".join(evidence)]
            )
        out += _table(["Status", "Item", "Evidence"], rows)
        out.append("")
    counts = status_counts(c)
    tail = []
    manual = [i for i in c.items if i.status == "manual"]
    if manual:
        ids = ", ".join(md_code(i.id, table=False) for i in manual)
        verb = "needs" if len(manual) == 1 else "need"
        tail.append(f"{STATUS_ICON['manual']} {_plural(len(manual), 'item')} {verb} manual review: {ids}")
    if counts.get("pass"):
        tail.append(f"{STATUS_ICON['pass']} {counts['pass']} pass")
    if counts.get("not-applicable"):
        tail.append(f"{STATUS_ICON['not-applicable']} {counts['not-applicable']} not applicable")
    if tail:
        out.append(" \u00b7 ".join(tail))
        out.append("")
    return out


def _finding_row(f: Finding) -> List[str]:
    sev = _severity(f.severity)
    rule = md_code(f.rule_id, limit=MAX_NAME)
    if f.also_reported_by:
        rule += "<br><sub>also " + ", ".join(md_code(x, limit=MAX_NAME) for x in sorted(f.also_reported_by)) + "</sub>"
    loc = md_code(f"{f.location.path}:{f.location.line}", limit=MAX_CELL)
    tool = ""
    if f.tool or f.parameter:
        tool = " / ".join(md_code(x, limit=MAX_NAME) if x else "\u2014" for x in (f.tool, f.parameter))
    message = md_message(f.message)
    extra = [_label(f.confidence) + " confidence"]
    if f.cwe:
        extra.append(", ".join(md_text(c) for c in f.cwe))
    message += "<br><sub>" + " \u00b7 ".join(extra) + "</sub>"
    return [f"{SEVERITY_ICON[sev]} {sev.label}", rule, loc, tool, message]


def _error_block(e) -> List[str]:
    head = f"**{md_text(e.engine, table=False)}**"
    if e.path:
        head += f" ({md_code(e.path, table=False)})"
    lines = literal(e.message, newlines=True).split("\n")
    if len(lines) > MAX_ERROR_LINES:
        lines = lines[:MAX_ERROR_LINES] + [f"\u2026 ({len(lines) - MAX_ERROR_LINES} more lines)"]
    body = "\n".join(lines)
    fence = _fence(body)
    return [head + ":", "", fence + "text", body, fence, ""]
