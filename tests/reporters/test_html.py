"""The HTML report as a file: self-contained, complete, and inert whatever the scanned code says.
(tests/reporters/test_html_browser.py opens it in a real browser.)"""

from __future__ import annotations

import re

from html_check import assert_self_contained_and_inert, parse

from mcpaudit.models import (AuditResult, ChecklistItemResult, ChecklistResult, Confidence, EngineError, Finding,
                             FlowStep, Location, Parameter, Severity, Suppression, ToolInfo)
from mcpaudit.reporters import ReportOptions
from mcpaudit.reporters import render as render_report
from mcpaudit.reporters.html import render

SERVER = [
    "import subprocess",
    "from mcp.server.fastmcp import FastMCP",
    "mcp = FastMCP('x')",
    "",
    "@mcp.tool()",
    "def run_cmd(cmd: str) -> str:",
    '    """Run it."""',
    "    out = subprocess.run(cmd, shell=True)",
    "    return 'ok'",
]


def finding(**kw) -> Finding:
    base = dict(rule_id="tool-shell-injection", engine="cst", severity=Severity.CRITICAL, confidence=Confidence.HIGH,
                message="tool 'run_cmd' passes parameter 'cmd' to subprocess.run(shell=True)",
                location=Location("server.py", 8, 11, 8, 42), cwe=["CWE-78"], tool="run_cmd", parameter="cmd",
                flow=[FlowStep(Location("server.py", 6, 13), "parameter 'cmd' of MCP tool 'run_cmd'"),
                      FlowStep(Location("server.py", 8, 11), "reaches subprocess.run(shell=True)")],
                fix="Pass an argument list.", fingerprint="a", also_reported_by=["bandit:B602"])
    base.update(kw)
    return Finding(**base)


def sample() -> AuditResult:
    return AuditResult(
        root="/proj",
        findings=[finding(),
                  finding(rule_id="secret-in-log", severity=Severity.MEDIUM, tool=None, parameter=None, flow=[],
                          location=Location("app.py", 3, 1), message="secret written to a log", fingerprint="b"),
                  finding(rule_id="tool-ssrf", severity=Severity.HIGH, tool="fetch", flow=[], fingerprint="c",
                          location=Location("server.py", 9, 5), message="fetch url")],
        suppressed=[finding(rule_id="tool-sql-injection", severity=Severity.HIGH, fingerprint="d",
                            suppression=Suppression("inline", "constant table"))],
        errors=[EngineError("bandit", "bandit crashed", fatal=True)],
        tools=[ToolInfo("run_cmd", "tool", "run_cmd", Location("server.py", 6), [Parameter("cmd", "str")],
                        description="Run a command.", annotations={"destructiveHint": True}),
               ToolInfo("fetch", "tool", "fetch", Location("server.py", 12), [Parameter("url", "str")]),
               ToolInfo("notes://{id}", "resource", "note", Location("server.py", 20), [Parameter("id", "int")])],
        checklists=[ChecklistResult("doc-a", "Document A", "Document A, as published", 42.5, [
            ChecklistItemResult("A-1", "No shell injection", "fail", ["server.py:8 (tool-shell-injection)"], "critical"),
            ChecklistItemResult("A-2", "TLS stays on", "pass", ["no verify=False"], "high"),
            ChecklistItemResult("A-3", "Backups", "manual", [], "low", "check the backup plan")],
            url="https://example.org/doc-a"),
            ChecklistResult("doc-b", "Document B", "Document B", None, [])],
        score=42.5, grade="F", engines_run=["cst", "semgrep", "bandit"],
        stats={"files": 3, "lines": 120, "seconds": 1.5})


def page(result=None, **kw) -> str:
    return render(result or sample(), source_lines={"server.py": SERVER}.get, **kw)


def test_the_page_is_self_contained_and_allows_only_its_own_script_and_style():
    text = page()
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    assert_self_contained_and_inert(text)


def test_header_chart_and_counts():
    text = page(targets=("src",))
    assert '<h1>mcpaudit report <span class="target">src</span></h1>' in text
    assert 'class="grade grade-F"' in text and "42.5/100" in text
    assert "engines: cst, semgrep, bandit (failed)" in text
    assert '<li class="chip sev-critical">1 critical</li>' in text and "1 suppressed" in text
    assert "results are incomplete" in text
    # one bar per checklist plus the overall one; a score of n/a draws an empty bar
    bars = re.findall(r'<rect class="bar band-(\w+)" x="\d+" y="\d+" width="([\d.]+)"', text)
    assert len(bars) == 3 and bars[0] == ("poor", str(round(460 * 0.425, 1))) and bars[2] == ("poor", "0")
    assert ">Document A</text>" in text and ">n/a</text>" in text


def test_findings_grouped_by_tool_with_filters_over_index_keys():
    doc = parse(page())
    articles = [a for t, a in doc.tags if t == "article"]
    assert [a["data-severity"] for a in articles] == ["critical", "high", "medium"]
    assert {a["data-rule"] for a in articles} == {"r0", "r1", "r2"}  # keys, never names from the scan
    assert articles[2]["data-tool"] == "-"  # not tied to a tool
    options = {(a.get("value")) for t, a in doc.tags if t == "option"}
    assert {"", "critical", "high", "medium", "t0", "t1", "-", "r0", "r1", "r2"} <= options
    text = page()
    assert "high and above" in text and "medium and above" in text
    groups = text[text.index("</form>"):]
    assert groups.index("<code>run_cmd</code>") < groups.index("<code>fetch</code>") < groups.index("not tied to one tool")


def test_a_finding_has_its_code_frame_and_its_flow_step_by_step_with_code():
    text = page()
    first = text[text.index('<article class="finding sev-critical"'):text.index("</article>")]
    assert '<a class="loc mono" href="#f1">server.py:8</a>' in first
    assert "high confidence · CWE-78 · cst" in first
    # the frame: context around the line, the range marked, common indentation removed
    assert "<tr class=hl><td class=\"n\">8</td><td>    out = <mark>subprocess.run(cmd, shell=True)</mark></td></tr>" in first
    assert '<td class="n">6</td><td>def run_cmd(cmd: str) -&gt; str:</td>' in first
    steps = re.findall(r"<li><span class=\"loc mono\">([^<]+)</span> ([^<]+)<pre class=\"step-code\">([^<]+)</pre></li>",
                       first)
    assert steps == [("server.py:6", "parameter &#x27;cmd&#x27; of MCP tool &#x27;run_cmd&#x27;",
                      "def run_cmd(cmd: str) -&gt; str:"),
                     ("server.py:8", "reaches subprocess.run(shell=True)", "out = subprocess.run(cmd, shell=True)")]
    assert "<b>Fix</b> Pass an argument list." in first and "also reported by bandit:B602" in first


def test_tool_inventory():
    text = page()
    table = text[text.index('<section id="tools">'):text.index('<section id="checklists">')]
    assert "<h2>MCP tools (3)</h2>" in table
    assert ("<tr><td><code>run_cmd</code></td><td>tool</td><td><code>cmd: str</code></td><td>–</td><td>destructive</td>"
            '<td class="mono path">server.py:6</td><td class="note">Run a command.</td>') in table
    assert '<button type="button" class="filter-tool" data-tool="t0">1 critical</button>' in table
    assert "<code>notes://{id}</code></td><td>resource</td>" in table


def test_checklist_items_with_evidence_and_the_document_link():
    text = page()
    section = text[text.index('<section id="checklists">'):text.index('<section id="problems">')]
    assert 'Source: Document A, as published — <a href="https://example.org/doc-a" rel="noopener noreferrer">' in section
    assert '<td class="status st-fail">fail</td><td class="nowrap"><code>A-1</code></td><td>No shell injection</td>' in section
    assert "<li>server.py:8 (tool-shell-injection)</li>" in section
    assert '<div class="note">check the backup plan</div>' in section
    assert section.index("A-1") < section.index("A-3") < section.index("A-2")  # fail, manual, pass


def test_problems_list_errors_and_suppressed_findings():
    text = page()
    problems = text[text.index('<section id="problems">'):]
    assert '<pre class="error">bandit: bandit crashed</pre>' in problems
    assert "1 suppressed finding" in problems and "constant table" in problems


def test_empty_result_still_renders():
    text = page(AuditResult(root="."))
    assert_self_contained_and_inert(text)
    assert "<p>No findings.</p>" in text and "No MCP tool handler was found" in text


def test_hostile_text_everywhere_is_escaped():
    h = '"><script>window.__pwned=1</script><img src=x onerror=alert(1)>\x1b[2J\u202e&amp;'
    loc = Location(h, 1, 1)
    result = AuditResult(
        root=h, findings=[Finding(rule_id=h, engine=h, severity=Severity.HIGH, confidence=Confidence.HIGH, message=h,
                                  location=loc, cwe=[h], tool=h, parameter=h, flow=[FlowStep(loc, h)], fix=h,
                                  snippet=h, also_reported_by=[h])],
        suppressed=[Finding(rule_id=h, engine=h, severity=Severity.LOW, confidence=Confidence.LOW, message=h,
                            location=loc, suppression=Suppression(h, h))],
        errors=[EngineError(h, h, h), EngineError(h, h, h, fatal=False)], tools=[ToolInfo(h, h, h, loc, [Parameter(h, h)],
                                                                                         description=h, annotations={h: h})],
        checklists=[ChecklistResult(h, h, h, 10.0, [ChecklistItemResult(h, h, "fail", [h], h, h),
                                                   ChecklistItemResult(h, h, h, [h])], url=h)],
        score=10.0, grade=h, engines_run=[h], warnings=[h], stats={"files": 1})
    text = render(result, source_lines=lambda p: [h], targets=(h,))
    assert_self_contained_and_inert(text)
    assert "\x1b" not in text and "\u202e" not in text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text and "\\x1b[2J&lt;U+202E&gt;&amp;amp;" in text


def test_registered_as_a_format():
    text = render_report("html", sample(), ReportOptions(targets=("x",)))
    assert text.startswith("<!DOCTYPE html>")
