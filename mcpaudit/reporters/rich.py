"""Terminal report: scorecards first, then findings by severity, then errors, then a summary line.

Every piece of text that comes from the scanned project (messages, snippets, paths, tool and
parameter names, checklist evidence, engine stderr) goes through :func:`mcpaudit.textsafe.literal`
and into a :class:`rich.text.Text` object. Nothing from a scan is ever passed to rich as a ``str``
(which rich would parse as console markup and emoji codes), so ``[red]``, ``[link=...]``,
``:smile:``, ANSI/OSC escape sequences and bidi overrides all print as visible, inert text.

The reporter never filters: it shows exactly what the :class:`~mcpaudit.models.AuditResult` holds.
"""

from __future__ import annotations

import io
import os
from collections import OrderedDict
from pathlib import Path
from typing import IO, Callable, Dict, List, Optional, Tuple

from rich import box
from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import __version__
from ..models import AuditResult, ChecklistResult, Finding, Severity
from ..sources import split_lines
from ..textsafe import literal
from . import ReportOptions
from ._common import SHOWN_STATUSES, STATUS_WORDS, STATUSES
from ._common import label as _label
from ._common import plural as _plural
from ._common import severity_of as _severity

__all__ = ["console", "render", "report", "source_reader"]

SourceLines = Callable[[str], Optional[List[str]]]

SEVERITY_STYLE: Dict[Severity, str] = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "bold yellow",
    Severity.LOW: "bold cyan",
    Severity.INFO: "bold blue",
}

STATUS_STYLE: Dict[str, str] = {
    "fail": "bold red",
    "partial": "bold yellow",
    "not-assessed": "bold magenta",
    "manual": "cyan",
    "pass": "green",
    "not-applicable": "dim",
}
STATUS_LABEL: Dict[str, str] = {
    "fail": "FAIL",
    "partial": "PARTIAL",
    "not-assessed": "NOT ASSESSED",
    "manual": "MANUAL",
    "pass": "PASS",
    "not-applicable": "N/A",
}
COUNT_ORDER = STATUSES
COUNT_LABEL = STATUS_WORDS

CONTEXT_LINES = 2  # source lines shown before and after a finding
MAX_HIGHLIGHT_LINES = 6  # a multi-line finding's frame shows at most this many of its lines
MAX_EVIDENCE = 3
MAX_LISTED = 50  # skipped files / fixed baseline entries listed before "and N more"
MAX_ERROR_LINES = 25  # lines of one engine error message (stderr can be long)
TAB_SIZE = 4
INDENT = 2


def console(file: Optional[IO[str]] = None, *, plain: bool = False) -> Console:
    """A console for mcpaudit's terminal output (``file`` defaults to standard output): console
    markup, emoji codes and highlighting are off, so text is printed as given; ``plain`` also
    turns colour off."""
    return Console(file=file, highlight=False, soft_wrap=False, no_color=plain or None,
                   emoji=False, markup=False)


def report(result: AuditResult, options: ReportOptions) -> Optional[str]:
    """The terminal report, for :func:`mcpaudit.reporters.render`: printed on standard output
    (returns ``None``), or, with ``options.output``, returned as plain text 120 columns wide."""
    lines = source_reader(result.root)
    if options.output is None:
        render(result, console(), show_suppressed=options.show_suppressed, source_lines=lines)
        return None
    buf = io.StringIO()
    out = console(buf, plain=True)
    out.width = 120
    render(result, out, show_suppressed=options.show_suppressed, source_lines=lines)
    return buf.getvalue()


def render(
    result: AuditResult,
    console: Console,
    *,
    show_suppressed: bool = False,
    source_lines: Optional[SourceLines] = None,
) -> None:
    """Print the report for ``result`` on ``console``.

    ``source_lines(path)`` returns the lines (without line endings) of a scanned file given its
    root-relative path, or ``None``; it feeds the code frames. Without it, frames fall back to the
    finding's ``snippet``. :func:`source_reader` builds a safe one for a root directory.
    """
    _Report(result, console, show_suppressed, source_lines).render()


# --------------------------------------------------------------------------- source access

def split_source_lines(text: str) -> List[str]:
    """Source lines as Python numbers them (see :func:`mcpaudit.sources.split_lines`)."""
    return split_lines(text)


def source_reader(root: str, *, max_bytes: int = 10 * 1024 * 1024, cache_size: int = 64) -> SourceLines:
    """A ``source_lines`` callable reading root-relative paths under ``root``.

    Refuses absolute paths, paths that leave the root (``..``, symlinks pointing outside), non-files
    and files over ``max_bytes``; decodes UTF-8 with replacement and strips a BOM. Results are
    cached (LRU, ``cache_size`` files).
    """
    base = Path(root).resolve()
    cache: "OrderedDict[str, Optional[List[str]]]" = OrderedDict()

    def read(path: str) -> Optional[List[str]]:
        if path in cache:
            cache.move_to_end(path)
            return cache[path]
        lines = _read(path)
        cache[path] = lines
        if len(cache) > cache_size:
            cache.popitem(last=False)
        return lines

    def _read(path: str) -> Optional[List[str]]:
        if not path or "\x00" in path or os.path.isabs(path):
            return None
        try:
            target = (base / path).resolve()
            target.relative_to(base)
            if not target.is_file() or target.stat().st_size > max_bytes:
                return None
            data = target.read_bytes()
        except (OSError, ValueError, RuntimeError):
            return None
        text = data.decode("utf-8", errors="replace")
        if text.startswith("\ufeff"):
            text = text[1:]
        return split_source_lines(text)

    return read


# --------------------------------------------------------------------------- helpers


def _t(text: object, style: str = "", *, newlines: bool = False, encoding: str = "utf-8") -> Text:
    """Scanned text as an inert ``Text``.

    On a console whose encoding is not UTF-8, characters it cannot encode become backslash escapes
    instead of crashing the write."""
    safe = literal("" if text is None else str(text), newlines=newlines)
    if not encoding.lower().replace("-", "").startswith("utf"):
        safe = safe.encode(encoding, "backslashreplace").decode(encoding, "replace")
    return Text(safe, style=style)


def fmt_score(score: Optional[float]) -> str:
    """Scores are 0-100."""
    if score is None:
        return "n/a"
    x = float(score)
    return f"{x:.0f}/100" if x.is_integer() else f"{x:.1f}/100"


def _grade_style(grade: Optional[str]) -> str:
    g = (grade or "")[:1].upper()
    return {"A": "bold green", "B": "bold green", "C": "bold yellow", "D": "bold red", "E": "bold red", "F": "bold red"}.get(
        g, "bold"
    )


def _score_style(score: Optional[float]) -> str:
    if score is None:
        return "bold magenta"
    if score >= 80:
        return "bold green"
    if score >= 60:
        return "bold yellow"
    return "bold red"


def _loc_text(
    path: str, line: int, column: Optional[int] = None, style: str = "bold cyan", encoding: str = "utf-8"
) -> Text:
    text = _t(path, style, encoding=encoding)
    text.append(f":{int(line)}", style)
    if column is not None:
        text.append(f":{int(column)}", style)
    return text


def _lexer_for(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    return {
        ".py": "python",
        ".pyi": "python",
        ".pyw": "python",
        ".js": "javascript",
        ".mjs": "javascript",
        ".cjs": "javascript",
        ".ts": "typescript",
        ".tsx": "tsx",
        ".json": "json",
        ".toml": "toml",
        ".yaml": "yaml",
        ".yml": "yaml",
        ".sh": "bash",
    }.get(ext, "text")


def _chars_for_cells(text: str, cells: int) -> int:
    """Index of the first character starting at or after display cell ``cells``."""
    total = 0
    for i, ch in enumerate(text):
        if total >= cells:
            return i
        total += get_character_cell_size(ch)
    return len(text)


# --------------------------------------------------------------------------- the report


class _Report:
    def __init__(
        self,
        result: AuditResult,
        console: Console,
        show_suppressed: bool,
        source_lines: Optional[SourceLines],
    ) -> None:
        self.result = result
        self.console = console
        self.show_suppressed = show_suppressed
        self.source_lines = source_lines
        self.fatal = [e for e in result.errors if e.fatal]
        self.failed_engines = sorted({e.engine for e in self.fatal})
        self._source_cache: Dict[str, Optional[List[str]]] = {}
        self.encoding = console.encoding or "utf-8"
        utf = self.encoding.lower().replace("-", "").startswith("utf")
        self.dot = " · " if utf else " | "
        self.ell = "…" if utf else "..."
        self.dash = "—" if utf else "-"
        self.overflow = "ellipsis" if utf else "crop"

    def _t(self, text: object, style: str = "", *, newlines: bool = False) -> Text:
        return _t(text, style, newlines=newlines, encoding=self.encoding)

    def _loc_text(self, path: str, line: int, column: Optional[int] = None, style: str = "bold cyan") -> Text:
        return _loc_text(path, line, column, style, encoding=self.encoding)

    def print(self, *renderables, indent: int = 0) -> None:
        for r in renderables:
            self.console.print(Padding(r, (0, 0, 0, indent), expand=False) if indent else r)

    # -- sections ---------------------------------------------------------------------

    def render(self) -> None:
        self.header()
        self.scorecards()
        self.findings()
        if self.show_suppressed:
            self.suppressed()
        self.problems()
        self.summary()

    def header(self) -> None:
        r = self.result
        c = self.console
        c.rule(Text(f"mcpaudit {__version__}", style="bold"))
        self.print(Text.assemble(("root     ", "dim"), self._t(r.root, "bold")))

        engines = Text.assemble(("engines  ", "dim"))
        if r.engines_run:
            for i, name in enumerate(r.engines_run):
                if i:
                    engines.append(", ")
                if name in self.failed_engines:
                    engines.append_text(self._t(name, "bold red"))
                    engines.append(" (FAILED)", "bold red")
                else:
                    engines.append_text(self._t(name, "green"))
        else:
            engines.append("none", "bold red")
        self.print(engines)

        stats = r.stats or {}
        files = Text.assemble(("files    ", "dim"))
        n_files = stats.get("files")
        files.append(str(n_files) if isinstance(n_files, int) else "?", "bold")
        n_lines = stats.get("lines")
        if isinstance(n_lines, int):
            files.append(f" ({n_lines:,} lines)", "dim")
        if r.skipped:
            files.append(f", {len(r.skipped)} skipped", "yellow")
        self.print(files)

        if r.tools:
            tools = Text.assemble((f"surface  {_plural(len(r.tools), 'MCP handler')}: ", "dim"))
            shown = sorted(r.tools, key=lambda t: (t.location.path, t.location.line, t.name))[:12]
            for i, tool in enumerate(shown):
                if i:
                    tools.append(", ", "dim")
                tools.append_text(self._t(tool.name, "bold"))
                if tool.kind != "tool":
                    tools.append(f" ({self._t(tool.kind).plain})", "dim")
            if len(r.tools) > len(shown):
                tools.append(f", and {len(r.tools) - len(shown)} more", "dim")
            self.print(tools)

        if self.fatal:
            names = ", ".join(literal(e) for e in self.failed_engines)
            warn = Text(
                f"!! {_plural(len(self.fatal), 'engine error')} ({names}): results are INCOMPLETE "
                f"{self.dash} missing findings are not a pass. See Errors below.",
                style="bold red",
            )
            self.print(warn)
        self.console.print()

    def scorecards(self) -> None:
        r = self.result
        if not r.checklists and r.score is None:
            return
        self.console.rule(Text("Checklists", style="bold"))
        overall = Text.assemble(("Overall score ", "bold"))
        overall.append(fmt_score(r.score), _score_style(r.score))
        if r.grade:
            overall.append("   grade ", "bold")
            overall.append_text(self._t(r.grade, _grade_style(r.grade)))
        self.print(overall)
        for checklist in r.checklists:
            self.console.print()
            self.checklist(checklist)
        self.console.print()

    def checklist(self, c: ChecklistResult) -> None:
        title = Text.assemble(self._t(c.title or c.id, "bold underline"), ("  ", ""), self._t(f"[{c.id}]", "dim"))
        title.append("   score ", "bold")
        title.append(fmt_score(c.score), _score_style(c.score))
        self.print(title)
        if c.source:
            self.print(Text.assemble(("source ", "dim"), self._t(c.source, "dim")), indent=INDENT)

        counts: Dict[str, int] = {}
        for item in c.items:
            counts[item.status] = counts.get(item.status, 0) + 1
        line = Text()
        for status in list(COUNT_ORDER) + sorted(set(counts) - set(COUNT_ORDER)):
            n = counts.get(status, 0)
            if not n and status not in ("fail", "pass"):
                continue
            if line.plain:
                line.append(self.dot, "dim")
            line.append(f"{n} {COUNT_LABEL.get(status, literal(status))}", STATUS_STYLE.get(status, "") if n else "dim")
        self.print(line, indent=INDENT)

        shown = [i for s in SHOWN_STATUSES for i in c.items if i.status == s]
        shown += [i for i in c.items if i.status not in STATUS_STYLE]  # unknown status: show, don't hide
        if shown:
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
            table.add_column(Text("status"), no_wrap=True)
            table.add_column(Text("item"), ratio=3)
            table.add_column(Text("evidence"), ratio=2, overflow="fold")
            for item in shown:
                status = Text(STATUS_LABEL.get(item.status, literal(item.status).upper()), STATUS_STYLE.get(item.status, "bold"))
                if item.severity:
                    status.append("\n")
                    status.append_text(self._t(item.severity, "dim"))
                cell = Text.assemble(self._t(item.id, "bold"), " ", self._t(item.text, newlines=True))
                evidence = Text()
                for k, ev in enumerate(item.evidence[:MAX_EVIDENCE]):
                    if k:
                        evidence.append("\n")
                    evidence.append_text(self._t(ev))
                if len(item.evidence) > MAX_EVIDENCE:
                    evidence.append(f"\n(+{len(item.evidence) - MAX_EVIDENCE} more)", "dim")
                if not item.evidence:
                    evidence.append("(no evidence)", "dim")
                if item.note and (not item.evidence or item.status != "fail"):
                    evidence.append("\n")
                    evidence.append_text(self._t(item.note, "italic", newlines=True))
                table.add_row(status, cell, evidence)
            self.print(table, indent=INDENT)

        manual = [i for i in c.items if i.status == "manual"]
        if manual:
            text = Text.assemble(
                (
                    f"{_plural(len(manual), 'item')} {'needs' if len(manual) == 1 else 'need'} manual review "
                    f"(static analysis cannot decide {'it' if len(manual) == 1 else 'them'}): ",
                    "cyan",
                )
            )
            for k, item in enumerate(manual):
                if k:
                    text.append(", ", "dim")
                text.append_text(self._t(item.id, "bold"))
            self.print(text, indent=INDENT)

    def findings(self) -> None:
        r = self.result
        self.console.rule(Text(f"Findings ({len(r.findings)})", style="bold"))
        if not r.findings:
            if self.fatal:
                self.print(Text(f"No findings reported {self.dash} but an engine failed, so this is not a clean result.", style="bold red"))
            else:
                self.print(Text("No findings.", style="bold green"))
            self.console.print()
            return
        groups: Dict[Severity, List[Finding]] = {}
        for f in r.findings:
            groups.setdefault(_severity(f.severity), []).append(f)
        for sev in sorted(groups, reverse=True):
            items = sorted(groups[sev], key=Finding.sort_key)
            self.console.print()
            self.console.rule(Text(f"{sev.label.upper()} ({len(items)})", style=SEVERITY_STYLE[sev]), align="left")
            for f in items:
                self.finding(f)

    def finding(self, f: Finding) -> None:
        sev = _severity(f.severity)
        loc = f.location
        head = Text()
        head.append(f" {sev.label.upper()} ", SEVERITY_STYLE[sev])
        head.append(" ")
        head.append_text(self._t(f.rule_id, "bold"))
        head.append("  ")
        head.append_text(self._t(f.engine, "dim"))
        if f.also_reported_by:
            head.append("  also: ", "dim")
            head.append_text(self._t(", ".join(sorted(f.also_reported_by)), "dim"))
        self.console.print()
        self.print(head)
        self.print(self._loc_text(loc.path, loc.line, loc.column), indent=INDENT)
        self.print(self._t(f.message, newlines=True), indent=INDENT)

        meta = Text()

        def field(name: str, value: Text) -> None:
            if meta.plain:
                meta.append(" " + self.dot + " ", "dim")
            meta.append(f"{name} ", "dim")
            meta.append_text(value)

        if f.tool:
            field("tool", self._t(f.tool, "bold magenta"))
        if f.parameter:
            field("parameter", self._t(f.parameter, "bold magenta"))
        field("confidence", Text(_label(f.confidence)))
        if f.cwe:
            field("cwe", self._t(", ".join(f.cwe)))
        if f.context:
            field("in", self._t(f.context))
        self.print(meta, indent=INDENT)

        frame = self.code_frame(f)
        if frame is not None:
            self.print(frame, indent=INDENT)

        if f.flow:
            self.print(Text("flow:", style="dim"), indent=INDENT)
            width = len(str(len(f.flow)))
            for n, step in enumerate(f.flow, 1):
                text = Text.assemble((f"{n:>{width}}. ", "dim"))
                text.append_text(self._loc_text(step.location.path, step.location.line, style="cyan"))
                text.append("  ")
                text.append_text(self._t(step.note))
                self.print(text, indent=INDENT * 2)
        if f.fix:
            self.print(Text.assemble(("fix: ", "bold green"), self._t(f.fix, "green", newlines=True)), indent=INDENT)

    # -- code frames ------------------------------------------------------------------

    def _lines_for(self, path: str) -> Optional[List[str]]:
        if self.source_lines is None:
            return None
        if path not in self._source_cache:
            try:
                lines = self.source_lines(path)
            except Exception:  # a broken reader must not take the report down
                lines = None
            self._source_cache[path] = list(lines) if lines is not None else None
        return self._source_cache[path]

    def code_frame(self, f: Finding) -> Optional[Group]:
        loc = f.location
        first_hl = loc.line
        last_hl = loc.end_line if loc.end_line and loc.end_line >= loc.line else loc.line
        last_hl = min(last_hl, loc.line + MAX_HIGHLIGHT_LINES - 1)

        window: List[Tuple[int, str]] = []
        lines = self._lines_for(loc.path)
        if lines is not None and 1 <= loc.line <= len(lines):
            start = max(1, first_hl - CONTEXT_LINES)
            end = min(len(lines), last_hl + CONTEXT_LINES)
            window = [(n, lines[n - 1]) for n in range(start, end + 1)]
        elif f.snippet:
            snippet = split_source_lines(f.snippet)[:MAX_HIGHLIGHT_LINES]
            window = [(loc.line + k, s) for k, s in enumerate(snippet)]
        if not window:
            return None
        window = [(n, s.rstrip("\r\n")) for n, s in window]

        display = [literal(s).expandtabs(TAB_SIZE) for _, s in window]
        styled = self._highlight(display, loc.path)

        # caret under the primary location
        primary_raw = dict(window).get(loc.line)
        caret: Optional[Tuple[int, int]] = None
        if primary_raw is not None:
            raw = primary_raw
            if loc.column > 1 or loc.end_column:
                col0 = min(max(loc.column - 1, 0), len(raw))
                if loc.end_column and (loc.end_line in (None, loc.line)) and loc.end_column > loc.column:
                    col1 = min(loc.end_column - 1, len(raw))
                else:
                    col1 = len(raw.rstrip())
            else:
                col0 = len(raw) - len(raw.lstrip())
                col1 = len(raw.rstrip())
            if col1 <= col0:
                col1 = min(col0 + 1, max(len(raw), col0 + 1))
            start_cells = cell_len(literal(raw[:col0]).expandtabs(TAB_SIZE))
            end_cells = cell_len(literal(raw[:col1]).expandtabs(TAB_SIZE))
            caret = (start_cells, max(end_cells, start_cells + 1))

        number_width = len(str(window[-1][0]))
        gutter = 2 + number_width + 3  # "> " + number + " | "
        avail = max(20, self.console.width - INDENT - gutter)
        shift = 0
        if caret is not None and caret[1] > avail:
            shift = max(0, caret[0] - 10)

        rows: List[Text] = []
        for (n, _raw), text in zip(window, styled):
            highlighted = first_hl <= n <= last_hl
            row = Text(no_wrap=True, overflow=self.overflow)
            row.append("> " if highlighted else "  ", "bold red" if highlighted else "")
            row.append(f"{n:>{number_width}} | ", "bold" if highlighted else "dim")
            body = text
            if shift:
                body = Text(self.ell, style="dim") + text[_chars_for_cells(text.plain, shift):]
            if highlighted:
                body.stylize("bold")
            row.append_text(body)
            rows.append(row)
            if n == loc.line and caret is not None:
                pad = caret[0] - shift + (cell_len(self.ell) if shift else 0)
                under = Text(no_wrap=True, overflow=self.overflow)
                under.append(" " * (2 + number_width) + " | ", "dim")
                under.append(" " * max(pad, 0) + "^" * (caret[1] - caret[0]), "bold red")
                rows.append(under)
        return Group(*rows)

    def _highlight(self, display: List[str], path: str) -> List[Text]:
        plain = [Text(s) for s in display]
        if self.console.no_color or not self.console.color_system:
            return plain
        try:
            from rich.syntax import Syntax

            code = "\n".join(display)
            syntax = Syntax(code, _lexer_for(path), theme="ansi_dark", background_color="default", tab_size=TAB_SIZE)
            highlighted = syntax.highlight(code)
            parts = highlighted.split("\n", allow_blank=True)
            out = [Text(p.plain, spans=p.spans) for p in parts][: len(display)]
            if len(out) != len(display) or any(o.plain != d for o, d in zip(out, display)):
                return plain
            return out
        except Exception:  # highlighting is decoration; never fail the report over it
            return plain

    # -- suppressed, problems, summary --------------------------------------------------

    def suppressed(self) -> None:
        r = self.result
        self.console.print()
        self.console.rule(Text(f"Suppressed ({len(r.suppressed)})", style="bold dim"))
        for f in sorted(r.suppressed, key=Finding.sort_key):
            sev = _severity(f.severity)
            text = Text()
            text.append(sev.label.upper(), SEVERITY_STYLE[sev])
            text.append(" ")
            text.append_text(self._t(f.rule_id, "bold"))
            text.append("  ")
            text.append_text(self._loc_text(f.location.path, f.location.line, f.location.column))
            if f.suppression is not None:
                text.append("  [", "dim")
                text.append_text(self._t(f.suppression.kind, "dim"))
                text.append("]", "dim")
                if f.suppression.justification:
                    text.append(" ")
                    text.append_text(self._t(f.suppression.justification, "italic"))
            self.print(text)
            self.print(self._t(f.message, "dim"), indent=INDENT)

    def problems(self) -> None:
        r = self.result
        if self.fatal:
            body: List[Text] = []
            for e in sorted(self.fatal, key=lambda e: (e.engine, e.path or "", e.message)):
                body.append(self._error_text(e))
            self.console.print()
            self.console.print(
                Panel(
                    Group(*body),
                    title=Text("Errors: results are INCOMPLETE", style="bold red"),
                    title_align="left",
                    border_style="red",
                    box=box.HEAVY,
                )
            )

        warnings = [e for e in r.errors if not e.fatal]
        if warnings or r.warnings:
            self.console.print()
            self.console.rule(Text(f"Warnings ({len(warnings) + len(r.warnings)})", style="bold yellow"), align="left")
            for e in sorted(warnings, key=lambda e: (e.engine, e.path or "", e.message)):
                self.print(self._error_text(e, style="yellow"))
            for w in sorted(r.warnings):
                self.print(Text.assemble(("warning: ", "yellow"), self._t(w, newlines=True)))

        if r.skipped:
            self.console.print()
            self.console.rule(Text(f"Skipped files ({len(r.skipped)})", style="bold yellow"), align="left")
            for s in sorted(r.skipped, key=lambda s: (s.path, s.reason))[:MAX_LISTED]:
                self.print(Text.assemble(self._t(s.path, "bold"), ("  ", ""), self._t(s.reason, "dim")))
            if len(r.skipped) > MAX_LISTED:
                self.print(Text(f"{self.ell} and {len(r.skipped) - MAX_LISTED} more (the JSON report lists them all)", style="dim"))

        if r.fixed:
            self.console.print()
            self.console.rule(Text(f"Fixed since the baseline ({len(r.fixed)})", style="bold green"), align="left")
            for entry in r.fixed[:MAX_LISTED]:
                self.print(self._fixed_text(entry))
            if len(r.fixed) > MAX_LISTED:
                self.print(Text(f"{self.ell} and {len(r.fixed) - MAX_LISTED} more", style="dim"))

    def _error_text(self, e, style: str = "bold red") -> Text:
        text = Text()
        text.append_text(self._t(e.engine, style))
        if e.path:
            text.append(" ")
            text.append_text(self._t(e.path, "bold"))
        text.append(": ")
        lines = literal(e.message, newlines=True).split("\n")
        if len(lines) > MAX_ERROR_LINES:
            lines = lines[:MAX_ERROR_LINES] + [f"{self.ell} ({len(lines) - MAX_ERROR_LINES} more lines)"]
        text.append("\n".join(lines))
        return text

    def _fixed_text(self, entry) -> Text:
        if not isinstance(entry, dict):
            return self._t(entry)
        text = Text()
        for key in ("rule_id", "path", "tool", "message"):
            if entry.get(key):
                if text.plain:
                    text.append("  ")
                text.append_text(self._t(entry[key], "bold" if key == "rule_id" else ""))
        if not text.plain:
            text = self._t(", ".join(f"{k}={v}" for k, v in sorted(entry.items(), key=lambda kv: str(kv[0]))))
        return text

    def summary(self) -> None:
        r = self.result
        counts = {s: 0 for s in Severity}
        for f in r.findings:
            counts[_severity(f.severity)] += 1
        text = Text()
        if self.fatal:
            text.append("INCOMPLETE ", "bold white on red")
            text.append(" ")
        text.append(_plural(len(r.findings), "finding"), "bold")
        text.append(": ")
        for k, sev in enumerate(sorted(Severity, reverse=True)):
            if k:
                text.append(", ")
            text.append(f"{counts[sev]} {sev.label}", SEVERITY_STYLE[sev] if counts[sev] else "dim")
        text.append(self.dot, "dim")
        text.append(f"{len(r.suppressed)} suppressed")
        if r.errors:
            text.append(self.dot, "dim")
            text.append(
                _plural(len(self.fatal), "engine error"),
                "bold red" if self.fatal else "dim",
            )
            n_warn = len(r.errors) - len(self.fatal)
            if n_warn:
                text.append(f" + {_plural(n_warn, 'warning')}", "yellow")
        text.append(self.dot, "dim")
        text.append("score ")
        text.append(fmt_score(r.score), _score_style(r.score))
        if r.grade:
            text.append(" (")
            text.append_text(self._t(r.grade, _grade_style(r.grade)))
            text.append(")")
        elapsed = _elapsed(r.stats or {})
        if elapsed is not None:
            text.append(self.dot, "dim")
            text.append(f"{elapsed:.1f}s")
        self.console.print()
        self.console.print(text)


def _elapsed(stats: Dict) -> Optional[float]:
    for key in ("seconds", "elapsed"):
        value = stats.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None
