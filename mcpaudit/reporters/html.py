"""HTML report: one self-contained page to share with people who will not read a terminal log.

The page holds everything it needs: the stylesheet and the script are inlined from
``html_assets/`` and the chart is inline SVG. A Content-Security-Policy in the page allows only
those two blocks (by their SHA-256 hashes), no other script, style, frame, font, image or request
— so the report never loads anything from the network, and text that escaped our escaping still
could not run.

Sections: the header (target, engines, counts, score and grade), the score per checklist as a
bar chart, the findings grouped by MCP tool with filters by severity (at or above), tool and rule,
each with its code frame and its flow step by step (every step with its line of code), the tool
inventory, every checklist item with its evidence, and the problems (engine errors, warnings,
skipped and suppressed findings).

Every string from the scanned project goes through :func:`mcpaudit.textsafe.literal` (control,
bidi and invisible characters made visible) and then :func:`html.escape` with quotes, and only
into element text or double-quoted attributes — never into the script, the stylesheet or a URL.
The filters compare index keys mcpaudit wrote (``t3``, ``r5``), not names from the scan.
"""

from __future__ import annotations

import base64
import hashlib
import html as _html
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional

from .. import __version__
from ..models import AuditResult, ChecklistResult, Finding, Severity
from ..textsafe import literal
from . import ReportOptions
from ._common import capabilities_text, exposure_text
from ._common import STATUS_WORDS, STATUSES, annotations_text, confidence_of, counts_text, fmt_score
from ._common import group_by_tool, parameters_text, severity_counts, status_counts
from ._common import plural as _plural
from ._common import severity_of as _severity
from ._source import SourceLines, code_frame, safe_lines, source_line, source_reader

__all__ = ["render", "report", "csp"]

ASSETS = Path(__file__).resolve().parent / "html_assets"
CONTEXT_LINES = 2
MAX_DESCRIPTION = 300
MAX_SKIPPED = 200


def report(result: AuditResult, options: ReportOptions) -> str:
    """The page as text, for :func:`mcpaudit.reporters.render`."""
    return render(result, source_lines=source_reader(options.source_root or result.root),
                  targets=options.targets)


@lru_cache(maxsize=1)
def _assets() -> tuple:
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    js = (ASSETS / "report.js").read_text(encoding="utf-8")
    return css, js


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def csp() -> str:
    """The page's Content-Security-Policy: our one stylesheet and one script, nothing else."""
    css, js = _assets()
    return (f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")



def e(text: object) -> str:
    """Scanned text made safe for element text or a double-quoted attribute."""
    return _html.escape(literal("" if text is None else str(text)), quote=True)


def e_block(text: object) -> str:
    """Like :func:`e`, keeping line breaks (for ``white-space: pre-wrap`` blocks)."""
    return _html.escape(literal("" if text is None else str(text), newlines=True), quote=True)


def render(result: AuditResult, *, source_lines: Optional[SourceLines] = None, targets: Iterable[str] = ()) -> str:
    """The HTML page (ends with a newline)."""
    return _Page(result, source_lines, tuple(targets)).render()


def _band(score: Optional[float]) -> str:
    if score is None:
        return "poor"
    return "good" if score >= 80 else "fair" if score >= 60 else "poor"


class _Page:
    def __init__(self, result: AuditResult, source_lines: Optional[SourceLines], targets: tuple) -> None:
        self.r = result
        self.source_lines = source_lines
        self.targets = targets or (result.root,)
        self.fatal = [x for x in result.errors if x.fatal]
        self.groups = group_by_tool(result.findings, result.tools)
        self.tool_keys: Dict[str, str] = {}
        for g in self.groups:
            if g.tool is not None:
                self.tool_keys.setdefault(g.tool, f"t{len(self.tool_keys)}")
        for t in sorted(result.tools, key=lambda t: (t.location.path, t.location.line, t.name)):
            self.tool_keys.setdefault(t.name, f"t{len(self.tool_keys)}")
        self.rule_keys = {rid: f"r{k}" for k, rid in enumerate(sorted({f.rule_id for f in result.findings}))}

    def render(self) -> str:
        css, js = _assets()
        title = f"mcpaudit: {' '.join(self.targets)} · score {fmt_score(self.r.score)}"
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{csp()}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f'<meta name="generator" content="mcpaudit {e(__version__)}">',
            f"<title>{e(title)}</title>",
            f"<style>{css}</style>",
            "</head>",
            "<body>",
            self.header(),
            self.toc(),
            "<main>",
            self.scores(),
            self.findings(),
            self.tools(),
            self.checklists(),
            self.problems(),
            "</main>",
            f'<footer>mcpaudit {e(__version__)}{self.footer_stats()}</footer>',
            f"<script>{js}</script>",
            "</body>",
            "</html>",
        ]
        return "\n".join(p for p in parts if p) + "\n"

    # -- header -------------------------------------------------------------------------

    def header(self) -> str:
        r = self.r
        grade = (r.grade or "")[:1].upper()
        failed = {x.engine for x in self.fatal}
        engines = ", ".join(e(n) + (" (failed)" if n in failed else "") for n in r.engines_run) or "no engine ran"
        stats = r.stats or {}
        facts = [f"<li>engines: {engines}</li>"]
        if isinstance(stats.get("files"), int):
            files = _plural(stats["files"], "file")
            if isinstance(stats.get("lines"), int):
                files += f" ({stats['lines']:,} lines)"
            facts.append(f"<li>{files}</li>")
        facts.append(f"<li>{_plural(len(r.tools), 'MCP tool')}</li>")
        if r.skipped:
            facts.append(f"<li>{_plural(len(r.skipped), 'file')} skipped</li>")
        chips = [f'<li class="chip sev-{s.label}">{n} {s.label}</li>'
                 for s, n in sorted(severity_counts(r.findings).items(), reverse=True) if n]
        if not chips:
            chips = ['<li class="chip">no findings</li>']
        if r.suppressed:
            chips.append(f'<li class="chip">{len(r.suppressed)} suppressed</li>')
        out = [
            '<header class="top">',
            f'<h1>mcpaudit report <span class="target">{e(" ".join(self.targets))}</span></h1>',
            f'<div class="grade grade-{e(grade) if grade else "none"}" title="overall checklist score">'
            f'{e(r.grade) if r.grade else "–"}<small>{fmt_score(r.score)}</small></div>',
            f'<ul class="facts">{"".join(facts)}</ul>',
            f'<ul class="chips">{"".join(chips)}</ul>',
        ]
        if self.fatal:
            names = ", ".join(e(n) for n in sorted(failed))
            out.append(f'<p class="banner">{_plural(len(self.fatal), "engine error")} ({names}): results are '
                       "incomplete. Missing findings are not a pass; see Problems.</p>")
        out.append("</header>")
        return "\n".join(out)

    def toc(self) -> str:
        return ('<nav class="toc"><a href="#scores">Scores</a>'
                f'<a href="#findings">Findings ({len(self.r.findings)})</a>'
                f'<a href="#tools">MCP tools ({len(self.r.tools)})</a>'
                '<a href="#checklists">Checklists</a><a href="#problems">Problems</a></nav>')

    def footer_stats(self) -> str:
        elapsed = (self.r.stats or {}).get("seconds")
        return f" · scan took {float(elapsed):.1f}s" if isinstance(elapsed, (int, float)) else ""

    # -- the chart ----------------------------------------------------------------------

    def scores(self) -> str:
        rows = [("Overall", self.r.score, True)] + [(c.title or c.id, c.score, False) for c in self.r.checklists]
        label_w, bar_w, row_h = 330, 460, 30
        height = row_h * len(rows) + 10
        svg = [f'<svg class="chart" viewBox="0 0 {label_w + bar_w + 70} {height}" role="img" '
               'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
               '<title id="chart-title">Score per checklist (0-100)</title>']
        for k, (label, score, overall) in enumerate(rows):
            y = 6 + k * row_h
            short = label if len(label) <= 46 else label[:45].rstrip() + "…"
            width = 0 if score is None else round(bar_w * max(0.0, min(100.0, float(score))) / 100, 1)
            value = "n/a" if score is None else fmt_score(score).split("/")[0]
            svg.append(f'<g class="{"overall" if overall else "doc"}">'
                       f'<title>{e(label)}: {fmt_score(score)}</title>'
                       f'<text class="label" x="0" y="{y + 17}">{e(short)}</text>'
                       f'<rect class="track" x="{label_w}" y="{y + 3}" width="{bar_w}" height="20" rx="3"/>'
                       f'<rect class="bar band-{_band(score)}" x="{label_w}" y="{y + 3}" width="{width}" '
                       f'height="20" rx="3"/>'
                       f'<text class="value" x="{label_w + width + 8}" y="{y + 18}">{value}</text></g>')
        svg.append("</svg>")
        grade = f" · grade {e(self.r.grade)}" if self.r.grade else ""
        if self.r.grade and getattr(self.r, "grade_note", ""):
            grade += f" ({e(self.r.grade_note)})"
        return ('<section id="scores"><h2>Score per checklist</h2>'
                f'<p class="meta">Overall {fmt_score(self.r.score)}{grade}. Each document scores its items that '
                'static analysis can decide; manual, not-applicable and not-assessed items never count.</p>'
                + "".join(svg) + "</section>")

    # -- findings -----------------------------------------------------------------------

    def findings(self) -> str:
        r = self.r
        out = ['<section id="findings">', f"<h2>Findings ({len(r.findings)})</h2>"]
        if not r.findings:
            words = ("No findings reported, but an engine failed: this is not a clean result."
                     if self.fatal else "No findings.")
            out.append(f"<p>{words}</p>")
        out.append(self.filters())
        n = 0
        for g in self.groups:
            key = self.tool_keys.get(g.tool, "") if g.tool is not None else "-"
            kind = g.info.kind if g.info is not None else "tool"
            head = (f'<span class="kind">{e(kind)}</span> <code>{e(g.tool)}</code>' if g.tool is not None
                    else "not tied to one tool")
            out.append(f'<div class="group" data-tool="{key}"><h3>{head} '
                       f'<span class="counts">{e(counts_text(severity_counts(g.findings)))}</span></h3>')
            for f in g.findings:
                n += 1
                out.append(self.finding(f, n, key))
            out.append("</div>")
        out.append('<p id="f-none" hidden>No finding matches these filters.</p>')
        out.append("</section>")
        return "\n".join(out)

    def filters(self) -> str:
        present = sorted({_severity(f.severity) for f in self.r.findings}, reverse=True)
        sev = ['<option value="">all</option>'] + [
            f'<option value="{s.label}">{s.label}{"" if s == Severity.CRITICAL else " and above"}</option>'
            for s in present]
        tools = ['<option value="">all</option>'] + [
            f'<option value="{self.tool_keys[g.tool]}">{e(g.tool)}</option>'
            for g in sorted((g for g in self.groups if g.tool is not None), key=lambda g: g.tool)]
        if any(g.tool is None for g in self.groups):
            tools.append('<option value="-">not tied to one tool</option>')
        rules = ['<option value="">all</option>'] + [f'<option value="{k}">{e(rid)}</option>'
                                                      for rid, k in self.rule_keys.items()]
        disabled = "" if self.r.findings else " disabled"
        return ('<form class="filters" id="filters" aria-label="Filter the findings">'
                f'<label for="f-severity">Severity <select id="f-severity"{disabled}>{"".join(sev)}</select></label>'
                f'<label for="f-tool">Tool <select id="f-tool"{disabled}>{"".join(tools)}</select></label>'
                f'<label for="f-rule">Rule <select id="f-rule"{disabled}>{"".join(rules)}</select></label>'
                '<button type="button" id="f-reset">Reset</button>'
                f'<output id="f-count">{len(self.r.findings)} of {len(self.r.findings)} findings</output></form>')

    def finding(self, f: Finding, n: int, tool_key: str) -> str:
        sev = _severity(f.severity)
        loc = f.location
        meta = [f"{confidence_of(f.confidence).label} confidence"]
        if f.cwe:
            meta.append(e(", ".join(f.cwe)))
        meta.append(e(f.engine))
        out = [f'<article class="finding sev-{sev.label}" id="f{n}" data-severity="{sev.label}" '
               f'data-tool="{tool_key}" data-rule="{self.rule_keys[f.rule_id]}">',
               f'<header><span class="sev">{sev.label}</span> <code class="rule">{e(f.rule_id)}</code> '
               f'<a class="loc mono" href="#f{n}">{e(loc.path)}:{int(loc.line)}</a> '
               f'<span class="meta">{" · ".join(meta)}</span></header>',
               f'<p class="msg">{e_block(f.message)}</p>',
               self.frame(f)]
        if f.flow:
            steps = []
            for step in f.flow:
                code = source_line(self.source_lines, step.location.path, step.location.line)
                pre = f'<pre class="step-code">{e(code.strip())}</pre>' if code and code.strip() else ""
                steps.append(f'<li><span class="loc mono">{e(step.location.path)}:{int(step.location.line)}</span> '
                             f"{e(step.note)}{pre}</li>")
            out.append(f'<ol class="flow" aria-label="taint flow">{"".join(steps)}</ol>')
        if f.fix:
            out.append(f'<p class="fix"><b>Fix</b> {e_block(f.fix)}</p>')
        if f.also_reported_by:
            out.append(f'<p class="meta">also reported by {e(", ".join(sorted(f.also_reported_by)))}</p>')
        out.append("</article>")
        return "\n".join(x for x in out if x)

    def frame(self, f: Finding) -> str:
        lines = code_frame(f.location, f.snippet, safe_lines(self.source_lines, f.location.path),
                           before=CONTEXT_LINES, after=CONTEXT_LINES)
        if not lines:
            return ""
        texts = [fl.text.expandtabs(4) for fl in lines]
        cut = min((len(t) - len(t.lstrip(" ")) for t in texts if t.strip()), default=0)
        rows = []
        for fl, text in zip(lines, texts):
            text = text[cut:] if text.strip() else ""
            if fl.span is not None:
                a = max(0, len(fl.text[: fl.span[0]].expandtabs(4)) - cut)
                b = max(a, len(fl.text[: fl.span[1]].expandtabs(4)) - cut)
                code = f"{e(text[:a])}<mark>{e(text[a:b])}</mark>{e(text[b:])}"
            else:
                code = e(text)
            rows.append(f'<tr{" class=hl" if fl.highlighted else ""}><td class="n">{fl.number}</td>'
                        f"<td>{code}</td></tr>")
        return f'<table class="frame mono" aria-label="code">{"".join(rows)}</table>'

    # -- tools --------------------------------------------------------------------------

    def tools(self) -> str:
        r = self.r
        out = ['<section id="tools">', f"<h2>MCP tools ({len(r.tools)})</h2>"]
        if not r.tools:
            out.append("<p>No MCP tool handler was found, so no parameter was treated as caller-controlled.</p>")
            return "\n".join(out + ["</section>"])
        found: Dict[str, List[Finding]] = {}
        for f in r.findings:
            if f.tool:
                found.setdefault(f.tool, []).append(f)
        rows = []
        for t in sorted(r.tools, key=lambda t: (0 if t.capabilities else 1, t.location.path, t.location.line, t.name)):
            desc = (t.description or "").strip()
            if len(desc) > MAX_DESCRIPTION:
                desc = desc[: MAX_DESCRIPTION - 1].rstrip() + "…"
            hits = found.get(t.name)
            cell = (f'<button type="button" class="filter-tool" data-tool="{self.tool_keys[t.name]}">'
                    f"{e(counts_text(severity_counts(hits)))}</button>" if hits else "–")
            rows.append(f"<tr><td><code>{e(t.name)}</code></td><td>{e(t.kind)}</td>"
                        f"<td><code>{e(parameters_text(t.parameters))}</code></td>"
                        f"<td>{e(capabilities_text(t, r.exposure)) or '–'}</td>"
                        f"<td>{e(annotations_text(t.annotations)) or '–'}</td>"
                        f'<td class="mono path">{e(t.location.path)}:{int(t.location.line)}</td>'
                        f'<td class="note">{e_block(desc)}</td><td class="nowrap">{cell}</td></tr>')
        if r.exposure:
            out.append(f'<p class="meta">Exposure: {e(exposure_text(r.exposure))}.</p>')
        out.append('<table class="grid"><thead><tr><th>tool</th><th>kind</th><th>parameters</th>'
                   "<th>capabilities</th><th>annotations</th><th>defined at</th><th>description</th><th>findings</th></tr></thead>"
                   f"<tbody>{''.join(rows)}</tbody></table>")
        out.append("</section>")
        return "\n".join(out)

    # -- checklists ---------------------------------------------------------------------

    def checklists(self) -> str:
        out = ['<section id="checklists">', "<h2>Checklists</h2>"]
        if not self.r.checklists:
            out.append("<p>No checklist was scored.</p>")
        order = {s: k for k, s in enumerate(STATUSES)}
        for c in self.r.checklists:
            out.append(self.checklist(c, order))
        out.append("</section>")
        return "\n".join(out)

    def checklist(self, c: ChecklistResult, order: Dict[str, int]) -> str:
        counts = status_counts(c)
        words = " · ".join(f"{counts[s]} {STATUS_WORDS.get(s, s)}" for s in list(STATUSES) + sorted(set(counts) - set(STATUSES))
                           if counts.get(s))
        url = getattr(c, "url", "") or ""
        link = (f' — <a href="{e(url)}" rel="noopener noreferrer">{e(url)}</a>'
                if url.startswith("https://") else "")
        rows = []
        for item in sorted(c.items, key=lambda i: order.get(i.status, -1)):
            status = item.status if item.status in order else "other"
            evidence = "".join(f"<li>{e(x)}</li>" for x in item.evidence)
            note = f'<div class="note">{e_block(item.note)}</div>' if item.note else ""
            rows.append(f'<tr><td class="status st-{status}">{e(STATUS_WORDS.get(item.status, item.status))}</td>'
                        f'<td class="nowrap"><code>{e(item.id)}</code></td><td>{e(item.text)}</td><td>{e(item.severity or "")}</td>'
                        f'<td>{"<ul class=evidence>" + evidence + "</ul>" if evidence else ""}{note}</td></tr>')
        return (f'<details class="checklist" open><summary>{e(c.title or c.id)} <code>{e(c.id)}</code>'
                f'<span class="score st-{"pass" if _band(c.score) == "good" else "fail" if _band(c.score) == "poor" else "partial"}">'
                f" {fmt_score(c.score)}</span> <span class=\"counts\">{e(words)}</span></summary>"
                f'<p class="meta">Source: {e(c.source)}{link}</p>'
                '<table class="grid"><thead><tr><th>status</th><th>item</th><th>text</th><th>weight</th>'
                f"<th>evidence</th></tr></thead><tbody>{''.join(rows)}</tbody></table></details>")

    # -- problems -----------------------------------------------------------------------

    def problems(self) -> str:
        r = self.r
        out = ['<section id="problems">', "<h2>Problems</h2>"]
        if not (r.errors or r.warnings or r.skipped or r.suppressed or r.fixed):
            out.append("<p>None: every engine ran and no file was skipped.</p>")
        if self.fatal:
            out.append("<h3>Engine errors: results are incomplete</h3>")
            for x in self.fatal:
                where = f" {e(x.path)}" if x.path else ""
                out.append(f'<pre class="error">{e(x.engine)}{where}: {e_block(x.message)}</pre>')
        warnings = [x for x in r.errors if not x.fatal]
        if warnings or r.warnings:
            items = [f"<li>{e(x.engine)}{' ' + e(x.path) if x.path else ''}: {e_block(x.message)}</li>" for x in warnings]
            items += [f"<li>{e_block(w)}</li>" for w in sorted(r.warnings)]
            out.append(f"<h3>Warnings ({len(items)})</h3><ul>{''.join(items)}</ul>")
        if r.skipped:
            items = [f'<li><span class="mono">{e(s.path)}</span>: {e(s.reason)}</li>'
                     for s in sorted(r.skipped, key=lambda s: (s.path, s.reason))[:MAX_SKIPPED]]
            more = f"<li>and {len(r.skipped) - MAX_SKIPPED} more</li>" if len(r.skipped) > MAX_SKIPPED else ""
            out.append(f"<details><summary>{_plural(len(r.skipped), 'skipped file')}</summary>"
                       f"<ul>{''.join(items)}{more}</ul></details>")
        if r.suppressed:
            rows = []
            for f in sorted(r.suppressed, key=Finding.sort_key):
                s = f.suppression
                rows.append(f"<tr><td>{_severity(f.severity).label}</td><td><code>{e(f.rule_id)}</code></td>"
                            f'<td class="mono">{e(f.location.path)}:{int(f.location.line)}</td>'
                            f"<td>{e(s.kind) if s else ''}</td><td>{e(s.justification) if s else ''}</td></tr>")
            out.append(f"<details><summary>{_plural(len(r.suppressed), 'suppressed finding')}</summary>"
                       '<table class="grid"><thead><tr><th>severity</th><th>rule</th><th>location</th>'
                       f"<th>suppressed by</th><th>reason</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
                       "</details>")
        if r.fixed:
            out.append(f"<p>{_plural(len(r.fixed), 'baseline entry', 'baseline entries')} no longer found.</p>")
        out.append("</section>")
        return "\n".join(out)
