import re

import pytest
from markdown_it import MarkdownIt

from mcpaudit.models import (
    AuditResult,
    ChecklistItemResult,
    ChecklistResult,
    Confidence,
    EngineError,
    Finding,
    Location,
    Severity,
    SkippedFile,
    Suppression,
    ToolInfo,
)
from mcpaudit.reporters.markdown import md_code, md_message, md_text, render

HOSTILE = (
    "a|b || `tick` ``` <script>alert(1)</script> <img src=x onerror=alert(1)> "
    "[click](http://evil.example/x) ![img](http://evil.example/i.png) http://bare.example www.evil.example "
    "@octocat @org/team #123 owner/repo#9 victim@mail.example $x^2$ *bold* _em_ ~~del~~ &amp; "
    "\x1b[31mred\x1b]8;;http://evil\x07 \u202eevil\nnewline\r\n| injected | row |"
)

# HTML our reporter emits itself; anything else in the rendered HTML came from scanned text
ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "strong", "em", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
    "br", "sub", "details", "summary", "ul", "li", "blockquote",
}


def md_html(text):
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)


def finding(rule, path, line, sev=Severity.HIGH, **kw):
    base = dict(
        rule_id=rule, engine="cst", severity=sev, confidence=Confidence.HIGH,
        message=f"Tool `run_cmd` passes parameter `cmd` to {rule}", location=Location(path, line, 1),
        cwe=["CWE-78"], tool="run_cmd", parameter="cmd", fingerprint=f"{rule}-{path}-{line}",
    )
    base.update(kw)
    return Finding(**base)


def sample():
    shell = finding("tool-shell-injection", "server.py", 12, Severity.CRITICAL,
                    also_reported_by=["semgrep:subprocess-shell-true"])
    hostile = finding("secret-in-log", HOSTILE + ".py", 3, Severity.MEDIUM, message="Hostile " + HOSTILE,
                      tool=HOSTILE, parameter=HOSTILE, cwe=["CWE-532"])
    low = finding("tls-verify-off", "client.py", 40, Severity.LOW, tool=None, parameter=None, cwe=[],
                  message="requests with verify=False")
    sup = finding("sql-fstring", "db.py", 7, suppression=Suppression("inline", "constant " + HOSTILE))
    checklist = ChecklistResult(
        id="mcp-best-practices", title="MCP Server Security: Best Practices", source="seeds/000.txt", score=62.5,
        items=[
            ChecklistItemResult("AUTH-1", "HTTP transports require authentication", "fail",
                                ["server.py:30 streamable-http without auth", HOSTILE], "high"),
            ChecklistItemResult("INJ-1", "Validate tool inputs", "partial", ["server.py:12 tool-shell-injection"],
                                "critical", "1 of 3 tools"),
            ChecklistItemResult("LOG-2", "No secrets in logs", "not-assessed", [], None, "semgrep failed"),
            ChecklistItemResult("MON-1", "Monitoring", "manual"),
            ChecklistItemResult("TLS-1", "TLS verification on", "pass", ["ok"]),
        ],
    )
    return AuditResult(
        root="/home/u/proj",
        findings=[low, hostile, shell],
        suppressed=[sup],
        errors=[EngineError("semgrep", "semgrep exited 2\n```\n" + HOSTILE),
                EngineError("cst", "could not parse " + HOSTILE, HOSTILE, fatal=False)],
        skipped=[SkippedFile(HOSTILE, "binary " + HOSTILE)],
        tools=[ToolInfo("run_cmd", "tool", "run_cmd", Location("server.py", 10))],
        checklists=[checklist],
        score=62.5,
        grade="D",
        engines_run=["cst", "semgrep", "bandit"],
        warnings=["# " + HOSTILE],
        fixed=[{"rule_id": "x"}],
        stats={"files": 12, "lines": 3456, "elapsed": 4.2},
    )


def unescaped_pipes(line):
    n, escaped = 0, False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            n += 1
    return n


def tables(text):
    """Lines of each pipe table."""
    out, cur = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


# --------------------------------------------------------------------------- content


def test_headline_checklists_findings_errors():
    out = render(sample())
    assert out.startswith("## mcpaudit report\n")
    assert "**Score: 62.5/100 · Grade D**" in out
    assert "**3 findings** (1 critical, 0 high, 1 medium, 1 low, 0 info) · 1 suppressed" in out
    assert "`semgrep` ❌ failed" in out
    assert "results are incomplete" in out
    # checklist overview and detail
    assert "| MCP Server Security: Best Practices | 62.5/100 | 1 | 1 | 1 | 1 | 1 | 0 |" in out
    assert "#### MCP Server Security: Best Practices — 62.5/100" in out
    assert ("| ❌ fail (high) | **AUTH-1** HTTP transports require authentication | "
            "server.py:30 streamable-http without auth<br>") in out
    assert "| ⚠️ partial (critical) | **INJ-1** Validate tool inputs | server.py:12 tool-shell-injection<br>_1 of 3 tools_ |" in out
    assert "| ❔ not assessed | **LOG-2** No secrets in logs | _semgrep failed_ |" in out
    assert "📝 1 item needs manual review: `MON-1`" in out
    # findings, most severe first
    rows = [l for l in out.splitlines() if l.startswith("| 🔴") or l.startswith("| 🟡") or l.startswith("| 🔵")]
    assert rows[0].startswith("| 🔴 critical | `tool-shell-injection`<br><sub>also `semgrep:subprocess-shell-true`</sub> | `server.py:12` | `run_cmd` / `cmd` | Tool `run_cmd` passes parameter `cmd` to tool-shell-injection<br><sub>high confidence · CWE-78</sub> |")
    assert rows[1].startswith("| 🟡 medium | `secret-in-log`")
    assert rows[2].startswith("| 🔵 low | `tls-verify-off` | `client.py:40` |")
    # errors
    assert "### ⛔ Errors" in out and "**semgrep**:" in out
    assert "### ⚠️ Warnings" in out
    assert "1 suppressed finding" in out and "1 skipped file" in out
    assert "1 baseline entry no longer found" in out
    assert out.rstrip().endswith("<sub>mcpaudit 0.1.0 · 3,456 lines · 4.2s</sub>")


def test_clean_and_incomplete_empty_results():
    out = render(AuditResult(root=".", engines_run=["cst"]))
    assert "No findings. ✅" in out and "Errors" not in out
    out = render(AuditResult(root=".", errors=[EngineError("bandit", "not installed")]))
    assert "not a clean result" in out and "Engines: **none**" in out
    assert "### ⛔ Errors" in out and "not installed" in out


def test_findings_table_is_capped():
    findings = [finding("rule-%03d" % i, "f.py", i + 1) for i in range(250)]
    out = render(AuditResult(root=".", findings=findings))
    (table,) = [t for t in tables(out) if t[0].startswith("| Severity | Rule")]
    assert len(table) == 2 + 200
    assert "_…and 50 more findings not shown here (see the JSON or SARIF report)._" in out
    assert "`f.py:200`" in out and "`f.py:201`" not in out
    out = render(AuditResult(root=".", findings=findings), max_findings=10)
    assert "_…and 240 more findings" in out


def test_deterministic():
    assert render(sample()) == render(sample())
    result = sample()
    result.findings.reverse()
    result.errors.reverse()
    assert render(result) == render(sample())


# --------------------------------------------------------------------------- hostile text


def test_hostile_text_cannot_break_tables():
    out = render(sample())
    for table in tables(out):
        widths = {unescaped_pipes(line) for line in table}
        assert len(widths) == 1, table
    html = md_html(out)
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<t[dh][ >]", row)
        assert len(cells) in (3, 5, 6, 8), row


def test_hostile_text_cannot_inject_html_links_or_mentions():
    out = render(sample())
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\r" not in out
    html = md_html(out)  # raw "<script" may sit inside code spans; what matters is what renders
    tags = {t.lower() for t in re.findall(r"</?([a-zA-Z0-9]+)", html)}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert "<a " not in html and "<img" not in html and "<script" not in html
    # everything GitHub would autolink sits inside a code span
    text_outside_code = re.sub(r"<code[^>]*>.*?</code>", "", html, flags=re.S)
    for needle in ("http://", "www.", "@octocat", "@org", "#123", "repo#9", "victim@"):
        assert needle not in text_outside_code, needle
    # GitHub renders $...$ as math unless the dollar is escaped
    prose = re.sub(r"(`{3,})text\n.*?\n\1\n", "", out, flags=re.S)
    prose = re.sub(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", "", prose)
    assert "$x" in out and re.search(r"(?<!\\)\$", prose) is None
    # the text is still all there, visibly
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\\x1b[31mred\\x1b]8;;http://evil\\x07" in html
    assert "&lt;U+202E&gt;evil\\nnewline\\r\\n" in html


def test_error_message_fence_cannot_be_closed_from_inside():
    out = render(sample())
    html = md_html(out)
    pre = re.findall(r"<pre><code[^>]*>(.*?)</code></pre>", html, re.S)
    assert len(pre) == 1
    assert "semgrep exited 2\n```\n" in pre[0]
    assert "&lt;script&gt;" in pre[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a|b", "a\\|b"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("[x](y)", "\\[x\\](y)"),
        ("*a* _b_ ~c~ $d$ `e` \\f #g &h", "\\*a\\* \\_b\\_ \\~c\\~ \\$d\\$ \\`e\\` \\\\f \\#g &amp;h"),
        ("see https://x.example/a", "see `https://x.example/a`"),
        ("ping @someone", "ping `@someone`"),
        ("fixes #12", "fixes `#12`"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("line\nbreak", "line\\\\nbreak"),
    ],
)
def test_md_text(text, expected):
    assert md_text(text) == expected


def test_md_code():
    assert md_code("a|b") == "`a\\|b`"
    assert md_code("a|b", table=False) == "`a|b`"
    assert md_code("x ` y") == "``x ` y``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_code("") == ""
    assert md_code("\x1b[2J") == "`\\x1b[2J`"
    html = md_html("| h |\n| --- |\n| " + md_code("a|b ``` <i>") + " |\n")
    assert "<td><code>a|b ``` &lt;i&gt;</code></td>" in html


def test_md_message_keeps_quoted_symbols_as_code():
    assert md_message("Tool `run` uses `a|b`") == "Tool `run` uses `a\\|b`"
    assert md_message("unpaired ` tick") == "unpaired \\` tick"
    assert md_message("x" * 400).endswith("…")
    assert len(md_message("x" * 400)) == 300


def test_findings_come_first_then_the_tools_then_the_checklists():
    from mcpaudit.models import ChecklistResult, Parameter

    result = sample()
    result.tools = [ToolInfo("run_cmd", "tool", "run_cmd", Location("server.py", 10), [Parameter("cmd", "str")],
                             annotations={"destructiveHint": True}),
                    ToolInfo("[x](http://evil)", "tool", "x", Location("server.py", 20))]
    result.checklists.append(ChecklistResult("doc-b", "Doc B", "Doc B, as published", 50.0, [],
                                             url="https://example.org/doc-b"))
    out = render(result)
    assert out.index("### Findings") < out.index("### MCP tools (2)") < out.index("### Checklists")
    assert "| `run_cmd` | tool | `cmd: str` | \u2014 | destructive | 1 critical |" in out  # no capability
    assert "| `[x](http://evil)` | tool |" in out  # a hostile tool name stays a code span
    assert "Source: Doc B, as published \u2014 <https://example.org/doc-b>" in out
