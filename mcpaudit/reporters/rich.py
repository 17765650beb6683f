"""Terminal report: findings first, grouped by MCP tool; then the tools, one line per checklist,
problems, and the summary with the gate's decision.

Layout (each part is one method of :class:`_Report`)::

    header      target · engines · files · tools · score and grade, packed into as few lines as fit
    findings    per tool, the tool with the most severe finding first; per finding: severity,
                rule, location, the message, a code frame that keeps the start of each line, the
                flow step by step and the fix
    tools       the tool inventory: name, kind, parameters, annotations, findings
    checklists  one line per document: score and its failed items (every item with evidence
                under ``--checklists`` / ``-v``)
    problems    engine errors, warnings, skipped files, baseline entries fixed
    summary     counts, score, time; then the gate's decision

``quiet`` prints only the summary and the gate; ``compact`` (the pre-commit hook) leaves out the
tools and the checklists. Prose is wrapped at word boundaries; a word longer than the line (a
long path) is kept whole rather than cut, so nothing breaks mid-word. Code is never wrapped
except the finding's own lines, which break at a space so the marked range stays visible.

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
import re
from typing import IO, Dict, List, Optional

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..inventory import EXPOSURE_WORDS
from ..models import AuditResult, ChecklistResult, Confidence, Finding, Severity
from ..textsafe import literal
from . import ReportOptions
from ._common import STATUS_WORDS, STATUSES, confidence_of, counts_text, fmt_score, group_by_tool
from ._common import annotations_text, parameters_text, severity_counts, status_counts
from ._common import capabilities_text, exposure_text
from ._common import plural as _plural
from ._common import severity_of as _severity
from ._source import SourceLines, code_frame, safe_lines, source_reader
from ._source import split_source_lines  # noqa: F401  (re-exported: tests and importers use it)

__all__ = ["console", "render", "report", "source_reader"]

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

CONTEXT_LINES = 1  # source lines shown before and after a finding (2 with -v)
MAX_EVIDENCE = 3
MAX_TOOLS = 30  # rows of the tool table before "and N more" (all of them with -v)
MAX_LISTED = 50  # skipped files / fixed baseline entries listed before "and N more"
MAX_ERROR_LINES = 25  # lines of one engine error message (stderr can be long)
TAB_SIZE = 4
INDENT = 2
FILE_WIDTH = 120  # the plain-text report written with --output


def console(file: Optional[IO[str]] = None, *, plain: bool = False, color: Optional[bool] = None) -> Console:
    """A console for mcpaudit's terminal output (``file`` defaults to standard output): console
    markup, emoji codes and highlighting are off, so text is printed as given. ``color`` True
    forces colour (even under NO_COLOR or in a pipe), False or ``plain`` turns it off, None
    decides by the terminal (rich honours NO_COLOR and FORCE_COLOR)."""
    if plain or color is False:
        return Console(file=file, highlight=False, soft_wrap=False, emoji=False, markup=False,
                       color_system=None, force_terminal=False)
    if color:
        return Console(file=file, highlight=False, soft_wrap=False, emoji=False, markup=False,
                       force_terminal=True, no_color=False)
    return Console(file=file, highlight=False, soft_wrap=False, emoji=False, markup=False)


def report(result: AuditResult, options: ReportOptions) -> Optional[str]:
    """The terminal report, for :func:`mcpaudit.reporters.render`: printed on standard output
    (returns ``None``), or, with ``options.output``, returned as plain text 120 columns wide."""
    lines = source_reader(options.source_root or result.root)
    if options.output is None:
        render(result, console(color=options.color), options, source_lines=lines)
        return None
    buf = io.StringIO()
    out = console(buf, plain=True)
    out.width = FILE_WIDTH
    render(result, out, options, source_lines=lines)
    return buf.getvalue()


def render(
    result: AuditResult,
    console: Console,
    options: Optional[ReportOptions] = None,
    *,
    show_suppressed: bool = False,
    source_lines: Optional[SourceLines] = None,
) -> None:
    """Print the report for ``result`` on ``console``.

    ``source_lines(path)`` returns the lines (without line endings) of a scanned file given its
    root-relative path, or ``None``; it feeds the code frames. Without it, frames fall back to the
    finding's ``snippet``. :func:`source_reader` builds a safe one for a root directory.
    ``show_suppressed`` is a shorthand for ``ReportOptions(show_suppressed=True)``.
    """
    if options is None:
        options = ReportOptions(show_suppressed=show_suppressed)
    _Report(result, console, options, source_lines).render()


# --------------------------------------------------------------------------- helpers


def _t(text: object, style: str = "", *, newlines: bool = False, encoding: str = "utf-8") -> Text:
    """Scanned text as an inert ``Text``.

    On a console whose encoding is not UTF-8, characters it cannot encode become backslash escapes
    instead of crashing the write."""
    safe = literal("" if text is None else str(text), newlines=newlines)
    if not encoding.lower().replace("-", "").startswith("utf"):
        safe = safe.encode(encoding, "backslashreplace").decode(encoding, "replace")
    return Text(safe, style=style)


def _score_style(score: Optional[float]) -> str:
    if score is None:
        return "bold magenta"
    if score >= 80:
        return "bold green"
    if score >= 60:
        return "bold yellow"
    return "bold red"


def _grade_style(grade: Optional[str]) -> str:
    return {"A": "bold green", "B": "bold green", "C": "bold yellow"}.get((grade or "")[:1].upper(), "bold red")


def _lexer_for(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    return {
        ".py": "python", ".pyi": "python", ".pyw": "python",
        ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript",
        ".ts": "typescript", ".tsx": "tsx",
        ".json": "json", ".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".sh": "bash",
    }.get(ext, "text")


_WORD = re.compile(r"\S+\s*")


def _word_breaks(plain: str, width: int, first: Optional[int] = None) -> List[int]:
    """Offsets at which to break ``plain`` so each piece fits ``width`` cells (the first piece
    ``first``), breaking only between words; a word longer than the line gets a line of its own,
    whole."""
    breaks: List[int] = []
    limit = width if first is None else first
    line_start, used = 0, cell_len(plain[: len(plain) - len(plain.lstrip())])
    for m in _WORD.finditer(plain):
        cells = cell_len(m.group(0).rstrip())
        if used + cells > limit and m.start() > line_start and plain[line_start:m.start()].strip():
            breaks.append(m.start())
            line_start, used, limit = m.start(), 0, width
        used += cell_len(m.group(0))
    return breaks


def emit(console: Console, text: Text, indent: int = 0, hang: Optional[int] = None) -> None:
    """Print ``text`` on ``console`` wrapped at word boundaries to its width: the first line
    indented by ``indent``, the others by ``hang`` (default ``indent``)."""
    hang = indent if hang is None else hang
    width = max(40, console.width)
    for n, part in enumerate(text.split("\n", allow_blank=True)):
        first = indent if n == 0 else hang
        breaks = _word_breaks(part.plain, max(20, width - hang), max(20, width - first))
        for k, piece in enumerate(part.divide(breaks) if part.plain else [part]):
            piece.rstrip()
            console.print(Text(" " * (first if k == 0 else hang)) + piece, soft_wrap=True)


def _code_breaks(plain: str, width: int) -> List[int]:
    """Offsets at which to break a line of code to ``width`` cells: after the last space that
    fits, else exactly at the width."""
    breaks: List[int] = []
    start = 0
    while cell_len(plain[start:]) > width:
        end, cells = start, 0
        while end < len(plain) and cells + cell_len(plain[end]) <= width:
            cells += cell_len(plain[end])
            end += 1
        space = plain.rfind(" ", start + 1, end)
        cut = space + 1 if space > start + width // 3 else end
        breaks.append(cut)
        start = cut
    return breaks


# --------------------------------------------------------------------------- the report


class _Report:
    def __init__(self, result: AuditResult, console: Console, options: ReportOptions,
                 source_lines: Optional[SourceLines]) -> None:
        self.result = result
        self.console = console
        self.options = options
        self.verbose = options.verbose
        self.source_lines = source_lines
        self.fatal = [e for e in result.errors if e.fatal]
        self.failed_engines = sorted({e.engine for e in self.fatal})
        self.width = max(40, console.width)
        self.encoding = console.encoding or "utf-8"
        utf = self.encoding.lower().replace("-", "").startswith("utf")
        self.dot = " · " if utf else " | "
        self.ell = "…" if utf else "..."
        self.dash = "—" if utf else "-"
        self.overflow = "ellipsis" if utf else "crop"
        self.colour = bool(console.color_system) and not console.no_color

    def _t(self, text: object, style: str = "", *, newlines: bool = False) -> Text:
        return _t(text, style, newlines=newlines, encoding=self.encoding)

    def _loc(self, path: str, line: int, style: str = "bold cyan") -> Text:
        text = self._t(path, style)
        text.append(f":{int(line)}", style)
        return text

    # -- output primitives --------------------------------------------------------------

    def emit(self, text: Text, indent: int = 0, hang: Optional[int] = None) -> None:
        emit(self.console, text, indent, hang)

    def blank(self) -> None:
        self.console.print()

    def rule(self, title: Text, style: str = "") -> None:
        self.console.rule(title, align="left", style=style or "rule.line")

    # -- sections -----------------------------------------------------------------------

    def render(self) -> None:
        o = self.options
        if not o.quiet:
            self.header()
            self.findings()
            if o.show_suppressed:
                self.suppressed()
            if not o.compact:
                self.tools()
                self.checklists()
            self.problems()
        self.summary()

    def header(self) -> None:
        r = self.result
        targets = self.options.targets or (r.root,)
        fields: List[Text] = [self._t(" ".join(targets), "bold")]
        engines = Text()
        for i, name in enumerate(r.engines_run or []):
            if i:
                engines.append(", ")
            failed = name in self.failed_engines
            engines.append_text(self._t(name, "bold red" if failed else "green"))
            if failed:
                engines.append(" (FAILED)", "bold red")
        fields.append(engines if engines.plain else Text("no engine ran", "bold red"))
        if r.skipped:
            fields.append(Text(_plural(len(r.skipped), "file") + " skipped", "yellow"))
        fields.append(Text(_plural(len(r.tools), "MCP tool"), "bold" if r.tools else "yellow"))
        score = Text("score ")
        score.append(fmt_score(r.score), _score_style(r.score))
        if r.grade:
            score.append(" (")
            score.append_text(self._t(r.grade, _grade_style(r.grade)))
            score.append(")")
        fields.append(score)
        if getattr(r, "grade_note", ""):
            fields.append(self._t(r.grade_note, "yellow"))
        self._packed(fields)
        if self.fatal:
            names = ", ".join(literal(e) for e in self.failed_engines)
            self.emit(Text(f"!! {_plural(len(self.fatal), 'engine error')} ({names}): results are INCOMPLETE "
                           f"{self.dash} missing findings are not a pass.", style="bold red"))
        self.blank()

    def _packed(self, fields: List[Text]) -> None:
        """``fields`` joined by dots, as many per line as fit."""
        line = Text()
        for field in fields:
            if line.plain and cell_len(line.plain) + len(self.dot) + cell_len(field.plain) > self.width:
                self.console.print(line, soft_wrap=True)
                line = Text()
            if line.plain:
                line.append(self.dot, "dim")
            line.append_text(field)
        if line.plain:
            self.console.print(line, soft_wrap=True)

    # -- findings -----------------------------------------------------------------------

    def findings(self) -> None:
        r = self.result
        if not r.findings:
            self.rule(Text("Findings (0)", style="bold"))
            if self.fatal:
                self.emit(Text(f"No findings reported {self.dash} but an engine failed, so this is not a clean "
                               "result.", style="bold red"))
            else:
                self.emit(Text("No findings.", style="bold green"))
            self.capability_note()
            self.blank()
            return
        for group in group_by_tool(r.findings, r.tools):
            title = Text()
            if group.tool is None:
                title.append("not tied to one tool", "bold")
            else:
                kind = group.info.kind if group.info is not None else "tool"
                title.append(f"{literal(kind)} ", "dim")
                title.append_text(self._t(group.tool, "bold magenta"))
            title.append(self.dot, "dim")
            title.append(counts_text(severity_counts(group.findings)), SEVERITY_STYLE[group.worst])
            self.rule(title)
            for f in group.findings:
                self.finding(f)
                self.blank()

    def capability_note(self) -> None:
        """What the tools can do, in one line under the findings (the inventory lists them)."""
        capable = [t for t in self.result.tools if t.capabilities]
        if not capable:
            return
        names = ", ".join(sorted({literal(t.name) for t in capable}))
        where = EXPOSURE_WORDS.get((self.result.exposure or {}).get("level", ""), "")
        self.emit(self._t(f"Capabilities (not vulnerabilities, see MCP tools): {names}" + (f"; {where}" if where else ""),
                          "yellow"), indent=0, hang=2)

    def finding(self, f: Finding) -> None:
        sev = _severity(f.severity)
        head = Text()
        head.append(f" {sev.label.upper()} " if self.colour else sev.label.upper(), SEVERITY_STYLE[sev])
        head.append(" ")
        head.append_text(self._t(f.rule_id, "bold"))
        head.append("  ")
        head.append_text(self._loc(f.location.path, f.location.line))
        conf = confidence_of(f.confidence)
        if conf != Confidence.HIGH:
            head.append(f"  ({conf.label} confidence)", "dim")
        self.emit(head, hang=INDENT)
        self.emit(self._t(f.message, newlines=True), indent=INDENT)
        if self.verbose:
            self.details(f)
        for row in self.code_frame(f):
            self.console.print(Text(" " * INDENT) + row, soft_wrap=True)
        self.flow(f)
        if f.fix:
            self.emit(Text.assemble(("fix   ", "bold green"), self._t(f.fix, "green")), indent=INDENT, hang=INDENT + 6)

    def details(self, f: Finding) -> None:
        meta = Text()
        for name, value in (("tool", f.tool), ("parameter", f.parameter), ("confidence", confidence_of(f.confidence).label),
                            ("cwe", ", ".join(f.cwe)), ("in", f.context),
                            ("also reported by", ", ".join(sorted(f.also_reported_by))), ("engine", f.engine)):
            if value:
                if meta.plain:
                    meta.append(self.dot, "dim")
                meta.append(f"{name} ", "dim")
                meta.append_text(self._t(value))
        self.emit(meta, indent=INDENT, hang=INDENT + 2)

    def flow(self, f: Finding) -> None:
        previous = f.location.path
        for n, step in enumerate(f.flow):
            loc = step.location
            text = Text("flow  " if n == 0 else "      ", style="dim")
            if loc.path != previous:
                text.append_text(self._loc(loc.path, loc.line, "cyan"))
            else:
                text.append(str(int(loc.line)), "cyan")
            previous = loc.path
            text.append("  ")
            text.append_text(self._t(step.note))
            self.emit(text, indent=INDENT, hang=INDENT + 8)

    # -- code frames --------------------------------------------------------------------

    def code_frame(self, f: Finding) -> List[Text]:
        context = CONTEXT_LINES + (1 if self.verbose else 0)
        frame = code_frame(f.location, f.snippet, safe_lines(self.source_lines, f.location.path),
                           before=context, after=context)
        if not frame:
            return []
        display = [literal(fl.text).expandtabs(TAB_SIZE) for fl in frame]
        indents = [len(d) - len(d.lstrip(" ")) for d in display if d.strip()]
        cut = min(indents, default=0)
        display = [d[cut:] if d.strip() else "" for d in display]
        styled = self._highlight(display, f.location.path)
        number_width = len(str(frame[-1].number))
        avail = max(20, self.width - INDENT - (number_width + 5))
        rows: List[Text] = []
        for fl, text in zip(frame, styled):
            gutter = Text("> " if fl.highlighted else "  ", "bold red" if fl.highlighted else "")
            gutter.append(f"{fl.number:>{number_width}} | ", "bold" if fl.highlighted else "dim")
            follow = Text(" " * (number_width + 2) + " | ", "dim")
            if not fl.highlighted:
                if cell_len(text.plain) > avail:
                    text.truncate(avail, overflow=self.overflow)
                rows.append(gutter + text)
                continue
            text.stylize("bold")
            span = None
            if fl.span is not None:
                s0 = max(0, len(literal(fl.text[: fl.span[0]]).expandtabs(TAB_SIZE)) - cut)
                s1 = max(s0 + 1, len(literal(fl.text[: fl.span[1]]).expandtabs(TAB_SIZE)) - cut)
                span = (s0, s1)
            start_cells = cell_len(text.plain[: span[0]]) if span is not None else 0
            if cell_len(text.plain) > avail and start_cells < avail - 8:
                text.truncate(avail, overflow=self.overflow)  # the marked range starts in view: crop the rest
            offsets = [0] + _code_breaks(text.plain, avail)
            for k, piece in enumerate(text.divide(offsets[1:])):
                start = offsets[k]
                rows.append((gutter if k == 0 else follow) + piece)
                if span is not None:
                    a, b = max(span[0], start), min(span[1], start + len(piece.plain))
                    if a < b:
                        pad = cell_len(piece.plain[: a - start])
                        rows.append(follow + Text(" " * pad + "^" * max(1, cell_len(piece.plain[a - start:b - start])),
                                                  "bold red"))
        return rows

    def _highlight(self, display: List[str], path: str) -> List[Text]:
        plain = [Text(s) for s in display]
        if not self.colour:
            return plain
        try:
            from rich.syntax import Syntax

            code = "\n".join(display)
            syntax = Syntax(code, _lexer_for(path), theme="ansi_dark", background_color="default", tab_size=TAB_SIZE)
            parts = syntax.highlight(code).split("\n", allow_blank=True)
            out = [Text(p.plain, spans=p.spans) for p in parts][: len(display)]
            if len(out) != len(display) or any(o.plain != d for o, d in zip(out, display)):
                return plain
            return out
        except Exception:  # highlighting is decoration; never fail the report over it
            return plain

    # -- tools --------------------------------------------------------------------------

    def tools(self) -> None:
        r = self.result
        title = Text(f"MCP tools ({len(r.tools)})", style="bold")
        if r.tools and exposure_text(r.exposure):
            title.append(self.dot, "dim")
            title.append_text(self._t(EXPOSURE_WORDS.get((r.exposure or {}).get("level", ""), ""), "dim"))
        self.rule(title)
        if r.tools and r.exposure and any(t.capabilities for t in r.tools):
            self.emit(self._t("exposure: " + exposure_text(r.exposure), "dim"), indent=INDENT, hang=INDENT + 2)
        if not r.tools:
            self.emit(Text("No MCP tool handler found: no parameter was treated as caller-controlled.", "yellow"))
            self.blank()
            return
        counts: Dict[str, Dict[Severity, int]] = {}
        for f in r.findings:
            if f.tool:
                counts.setdefault(f.tool, {s: 0 for s in Severity})[_severity(f.severity)] += 1
        ordered = sorted(r.tools, key=lambda t: (t.location.path, t.location.line, t.name))
        # tools with capabilities first: they are what a reader needs to see
        ordered.sort(key=lambda t: 0 if t.capabilities else 1)
        shown = ordered if self.verbose else ordered[:MAX_TOOLS]
        annotated = any(annotations_text(t.annotations) for t in shown)
        capable = any(t.capabilities for t in shown)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        for name in ("tool", "parameters") + (("capabilities",) if capable else ()) \
                + (("annotations",) if annotated else ()) + ("findings",):
            table.add_column(Text(name), overflow=self.overflow)
        for t in shown:
            found = counts.get(t.name)
            name = self._t(t.name, "bold")
            if t.kind != "tool":
                name.append_text(self._t(f" ({t.kind})", "dim"))
            row = [name, self._t(parameters_text(t.parameters))]
            if capable:
                caps = capabilities_text(t)
                row.append(self._t(caps, "bold yellow") if caps else Text("-", "dim"))
            if annotated:
                row.append(self._t(annotations_text(t.annotations), "dim"))
            row.append(Text(counts_text(found), SEVERITY_STYLE[max(s for s, n in found.items() if n)])
                       if found else Text("-", "dim"))
            table.add_row(*row)
        self.console.print(table)
        if len(ordered) > len(shown):
            self.emit(Text(f"{self.ell} and {len(ordered) - len(shown)} more (-v lists them all)", "dim"), indent=INDENT)
        self.blank()

    # -- checklists ---------------------------------------------------------------------

    def checklists(self) -> None:
        r = self.result
        if not r.checklists and r.score is None:
            return
        title = Text("Checklists", style="bold")
        title.append(self.dot, "dim")
        title.append("score ")
        title.append(fmt_score(r.score), _score_style(r.score))
        if r.grade:
            title.append(" (")
            title.append_text(self._t(r.grade, _grade_style(r.grade)))
            title.append(")")
        self.rule(title)
        if getattr(r, "grade_note", ""):
            self.emit(self._t("grade " + r.grade_note, "yellow"), indent=INDENT, hang=INDENT + 2)
        full = self.options.checklists or self.verbose
        id_width = max((cell_len(literal(c.id)) for c in r.checklists), default=0)
        for c in r.checklists:
            if full:
                self.checklist_items(c)
            else:
                self.checklist_line(c, id_width)
        if r.checklists and not full:
            self.emit(Text("--checklists: every item with its evidence; mcpaudit explain ITEM: its source",
                           "dim"), indent=INDENT)
            self.blank()

    def checklist_line(self, c: ChecklistResult, id_width: int) -> None:
        line = Text(" " * INDENT)
        line.append_text(self._t(c.id, "bold"))
        line.append(" " * (id_width - cell_len(literal(c.id)) + 2))
        line.append(fmt_score(c.score).rjust(8), _score_style(c.score))
        line.append("  ")
        failed = [i.id for i in c.items if i.status == "fail"]
        na = sum(1 for i in c.items if i.status == "not-applicable")
        if not failed:
            partial = [i.id for i in c.items if i.status == "partial"]
            line.append("no item failed" + (f"; {len(partial)} partial" if partial else "")
                        + (f"; {na} n/a" if na else ""), "yellow" if partial else "green")
            self.console.print(line, soft_wrap=True)
            return
        line.append(f"{len(failed)} failed: ", "bold red")
        room = self.width - cell_len(line.plain)
        for k, item_id in enumerate(failed):
            piece = ("" if k == 0 else ", ") + literal(item_id)
            rest = len(failed) - k - 1
            tail = f" +{rest} more" if rest else ""
            if cell_len(piece) + cell_len(tail) > room and k:
                line.append(f" +{len(failed) - k} more", "dim")
                break
            line.append(piece)
            room -= cell_len(piece)
        self.console.print(line, soft_wrap=True)

    def checklist_items(self, c: ChecklistResult) -> None:
        head = Text.assemble(self._t(c.title or c.id, "bold underline"), " ", self._t(f"[{c.id}]", "dim"), "  ")
        head.append(fmt_score(c.score), _score_style(c.score))
        self.emit(head, hang=INDENT)
        source = getattr(c, "url", "") or ""
        if c.source or source:
            self.emit(Text.assemble(("source ", "dim"), self._t(c.source, "dim"),
                                    ((" " + self.dash + " " if c.source and source else ""), "dim"),
                                    self._t(source, "dim underline")), indent=INDENT, hang=INDENT + 7)
        counts = status_counts(c)
        line = Text()
        for status in list(STATUSES) + sorted(set(counts) - set(STATUSES)):
            if counts.get(status):
                if line.plain:
                    line.append(self.dot, "dim")
                line.append(f"{counts[status]} {STATUS_WORDS.get(status, literal(status))}", STATUS_STYLE.get(status, ""))
        self.emit(line, indent=INDENT)
        order = {s: k for k, s in enumerate(STATUSES)}
        for item in sorted(c.items, key=lambda i: order.get(i.status, -1)):
            label = STATUS_LABEL.get(item.status, literal(item.status).upper())
            text = Text(label, STATUS_STYLE.get(item.status, "bold"))
            text.append(" " * max(1, 9 - cell_len(label)))
            text.append_text(self._t(item.id, "bold"))
            if item.severity:
                text.append_text(self._t(f" ({item.severity})", "dim"))
            text.append(" ")
            text.append_text(self._t(item.text))
            self.emit(text, indent=INDENT, hang=INDENT + 9)
            for ev in item.evidence[:MAX_EVIDENCE]:
                self.emit(self._t(ev, "dim"), indent=INDENT + 9, hang=INDENT + 11)
            if len(item.evidence) > MAX_EVIDENCE:
                self.emit(Text(f"(+{len(item.evidence) - MAX_EVIDENCE} more)", "dim"), indent=INDENT + 9)
            if item.note:
                self.emit(self._t(item.note, "italic"), indent=INDENT + 9, hang=INDENT + 9)
        self.blank()

    # -- suppressed, problems, summary --------------------------------------------------

    def suppressed(self) -> None:
        r = self.result
        self.rule(Text(f"Suppressed ({len(r.suppressed)})", style="bold dim"))
        for f in sorted(r.suppressed, key=Finding.sort_key):
            sev = _severity(f.severity)
            text = Text(sev.label.upper(), SEVERITY_STYLE[sev])
            text.append(" ")
            text.append_text(self._t(f.rule_id, "bold"))
            text.append("  ")
            text.append_text(self._loc(f.location.path, f.location.line))
            if f.suppression is not None:
                text.append("  [", "dim")
                text.append_text(self._t(f.suppression.kind, "dim"))
                text.append("]", "dim")
                if f.suppression.justification:
                    text.append(" ")
                    text.append_text(self._t(f.suppression.justification, "italic"))
            self.emit(text, hang=INDENT)
            self.emit(self._t(f.message, "dim"), indent=INDENT)
        self.blank()

    def problems(self) -> None:
        r = self.result
        if self.fatal:
            self.rule(Text("Errors: results are INCOMPLETE", style="bold red"), style="red")
            for e in sorted(self.fatal, key=lambda e: (e.engine, e.path or "", e.message)):
                self.emit(self._error_text(e), hang=INDENT)
            self.blank()
        warnings = [e for e in r.errors if not e.fatal]
        if warnings or r.warnings:
            self.rule(Text(f"Warnings ({len(warnings) + len(r.warnings)})", style="bold yellow"))
            for e in sorted(warnings, key=lambda e: (e.engine, e.path or "", e.message)):
                self.emit(self._error_text(e, style="yellow"), hang=INDENT)
            for w in sorted(r.warnings):
                self.emit(Text.assemble(("warning: ", "yellow"), self._t(w, newlines=True)), hang=INDENT)
            self.blank()
        if r.skipped:
            self.rule(Text(f"Skipped files ({len(r.skipped)})", style="bold yellow"))
            for s in sorted(r.skipped, key=lambda s: (s.path, s.reason))[:MAX_LISTED]:
                self.emit(Text.assemble(self._t(s.path, "bold"), ("  ", ""), self._t(s.reason, "dim")), hang=INDENT)
            if len(r.skipped) > MAX_LISTED:
                self.emit(Text(f"{self.ell} and {len(r.skipped) - MAX_LISTED} more (the JSON report lists them all)",
                               style="dim"))
            self.blank()
        if r.fixed:
            self.rule(Text(f"Fixed since the baseline ({len(r.fixed)})", style="bold green"))
            for entry in r.fixed[:MAX_LISTED]:
                self.emit(self._fixed_text(entry), hang=INDENT)
            if len(r.fixed) > MAX_LISTED:
                self.emit(Text(f"{self.ell} and {len(r.fixed) - MAX_LISTED} more", style="dim"))
            self.blank()

    def _error_text(self, e, style: str = "bold red") -> Text:
        text = self._t(e.engine, style)
        if e.path:
            text.append(" ")
            text.append_text(self._t(e.path, "bold"))
        text.append(": ")
        lines = literal(e.message, newlines=True).split("\n")
        if len(lines) > MAX_ERROR_LINES:
            lines = lines[:MAX_ERROR_LINES] + [f"{self.ell} ({len(lines) - MAX_ERROR_LINES} more lines)"]
        text.append_text(self._t("\n".join(lines), newlines=True))
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
        counts = severity_counts(r.findings)
        text = Text()
        if self.fatal:
            text.append("INCOMPLETE", "bold white on red")
            text.append(" ")
        text.append(_plural(len(r.findings), "finding"), "bold")
        if r.findings:
            text.append(": ")
            for k, (sev, n) in enumerate((s, n) for s, n in sorted(counts.items(), reverse=True) if n):
                if k:
                    text.append(", ")
                text.append(f"{n} {sev.label}", SEVERITY_STYLE[sev])
        if r.suppressed:
            text.append(self.dot, "dim")
            text.append(f"{len(r.suppressed)} suppressed")
        if r.errors:
            text.append(self.dot, "dim")
            text.append(_plural(len(self.fatal), "engine error"), "bold red" if self.fatal else "dim")
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
        self.emit(text, hang=INDENT)
        if self.options.gate is not None:
            code, reason = self.options.gate
            style = "bold green" if code == 0 else "bold red"
            word = "gate passed" if code == 0 else ("gate failed" if code == 1 else "error")
            gate = Text(word, style)
            if reason and reason != "gate passed":
                gate.append(": ")
                gate.append_text(self._t(reason, newlines=True))
            gate.append(f" (exit {code})", "dim")
            self.emit(gate, hang=INDENT)


def _elapsed(stats: Dict) -> Optional[float]:
    for key in ("seconds", "elapsed"):
        value = stats.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None
