"""GitHub Actions workflow commands: one annotation per finding.

    ::error file=server.py,line=12,endLine=12,col=5,endColumn=30,title=mcpaudit tool-shell-injection (high)::message

Severity picks the command: critical and high -> ``error``, medium -> ``warning``, low and info ->
``notice``. Engine errors, skipped files and warnings are annotated too, and a final ``notice``
sums up. Suppressed findings are not annotated (they were accepted) but are counted.

Every value is escaped as GitHub's runner unescapes it (actions/toolkit ``escapeData`` /
``escapeProperty``): ``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A`` everywhere, and in properties
also ``:`` -> ``%3A`` and ``,`` -> ``%2C``. So text from the scanned code (a message quoting a hostile
tool description, a file name with a newline) can never end the command line and start another
command such as ``::add-mask::`` or ``::stop-commands::``. Other control characters (ESC, bidi
overrides) are made visible with :func:`mcpaudit.textsafe.literal` when it is available.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..models import AuditResult, Finding, Severity
from . import ReportOptions
from ._common import with_tool

try:  # the lead's sanitiser for text from scanned code; optional here
    from ..textsafe import literal as _literal
except Exception:  # pragma: no cover - keep the reporter usable on its own
    def _literal(text: str) -> str:  # type: ignore[misc]
        return "".join(ch if ch in "\r\n\t" or ord(ch) >= 32 and ord(ch) != 127 else
                       f"\\x{ord(ch):02x}" for ch in text)

COMMAND: Dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    """The message part of a workflow command."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _safe(text: str) -> str:
    """Neutralise terminal controls but keep CR/LF for escape_data to encode."""
    parts = str(text).replace("\r\n", "\n").split("\n")
    return "\n".join(_literal(p.replace("\r", "\n")) for p in parts)


def command(name: str, message: str, **props: Optional[object]) -> str:
    """One workflow command line; properties with a None value are left out."""
    fields = [
        f"{key}={escape_property(_literal(str(value)))}"
        for key, value in props.items()
        if value is not None and str(value) != ""
    ]
    head = f"::{name}" + (" " + ",".join(fields) if fields else "") + "::"
    return head + escape_data(_safe(message))


def _annotation(f: Finding) -> str:
    loc = f.location
    end_line = loc.end_line if loc.end_line and loc.end_line >= loc.line else None
    end_col = None
    if loc.end_column and (end_line is None or end_line == loc.line):
        end_col = loc.end_column if loc.end_column > loc.column else None
    message = with_tool(f.message, f)
    if f.fix:
        message += f"\nFix: {f.fix}"
    if f.cwe:
        message += "\n" + ", ".join(f.cwe)
    return command(
        COMMAND.get(f.severity, "warning"),
        message,
        file=loc.path,
        line=loc.line,
        endLine=end_line,
        col=loc.column,
        endColumn=end_col,
        title=f"mcpaudit {f.rule_id} ({f.severity.label}, {f.confidence.label} confidence)",
    )


def report(result: AuditResult, options: ReportOptions) -> str:
    """The report as text, for :func:`mcpaudit.reporters.render` (no option applies to it)."""
    return render(result)


def render(result: AuditResult) -> str:
    """The workflow commands, one per line (see the module docstring)."""
    lines: List[str] = []
    for f in sorted(result.findings, key=lambda f: (*f.location.sort_key(), f.rule_id,
                                                     f.engine, f.message)):
        lines.append(_annotation(f))
    for e in result.errors:
        lines.append(command("error" if e.fatal else "warning", f"{e.engine}: {e.message}",
                             file=e.path, title=f"mcpaudit {e.engine} "
                             + ("error" if e.fatal else "warning")))
    for s in sorted(result.skipped, key=lambda s: s.path):
        lines.append(command("warning", f"not analysed: {s.reason}", file=s.path,
                             title="mcpaudit skipped a file"))
    for w in result.warnings:
        lines.append(command("warning", w, title="mcpaudit"))
    for item in result.disabled_by_config:
        lines.append(command("warning", f"the repository's mcpaudit config narrows this scan: "
                             f"{item}", title="mcpaudit configuration"))
    summary = f"{len(result.findings)} finding(s), {len(result.suppressed)} suppressed"
    if result.score is not None:
        summary += f", score {result.score:g}" + (f" ({result.grade})" if result.grade else "")
    if result.fatal_errors:
        summary += f", {len(result.fatal_errors)} engine error(s): results are incomplete"
    lines.append(command("notice", summary, title="mcpaudit"))
    return "\n".join(lines) + "\n"
