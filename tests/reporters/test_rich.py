import io
import os
import re
from io import StringIO

import pytest
from rich.console import Console

from mcpaudit.models import (
    AuditResult,
    ChecklistItemResult,
    ChecklistResult,
    Confidence,
    EngineError,
    Finding,
    FlowStep,
    Location,
    Parameter,
    Severity,
    SkippedFile,
    Suppression,
    ToolInfo,
)
from mcpaudit.reporters import rich as rich_reporter
from mcpaudit.reporters.rich import render, source_reader, split_source_lines

HOSTILE = (
    "[red]boom[/red] [link=http://x]click[/link] \x1b[31mRED\x1b[0m "
    "\x1b]8;;http://evil\x07evil\x1b]8;;\x07 \u202eevil\u202c :smile: [/bold]"
)
HOSTILE_PATH = "evil\n[red]x[/red]\x1b[2J.py"

SERVER = [
    "import subprocess",
    "",
    "from mcp.server.fastmcp import FastMCP",
    "mcp = FastMCP('x')",
    "",
    "",
    "",
    "",
    "@mcp.tool()",
    "def run_cmd(cmd: str) -> str:",
    '    """Run it."""',
    "    subprocess.run(cmd, shell=True)",
    "    return 'ok'",
    "",
]
SOURCES = {
    "server.py": SERVER,
    HOSTILE_PATH: ["import logging", "log = logging.getLogger()", 'log.info("' + HOSTILE + '")\t# \u202e tab'],
}


def shell_finding(**kw):
    base = dict(
        rule_id="tool-shell-injection",
        engine="cst",
        severity=Severity.CRITICAL,
        confidence=Confidence.HIGH,
        message="Tool `run_cmd` passes parameter `cmd` to subprocess.run(shell=True)",
        location=Location("server.py", 12, 5, 12, 36),
        cwe=["CWE-78"],
        tool="run_cmd",
        parameter="cmd",
        flow=[
            FlowStep(Location("server.py", 10, 13), "parameter `cmd` of tool `run_cmd`"),
            FlowStep(Location("server.py", 12, 5), "reaches subprocess.run(shell=True)"),
        ],
        fix="Pass an argument list and keep shell=False",
        snippet="    subprocess.run(cmd, shell=True)",
        fingerprint="fp-shell",
        context="run_cmd",
        also_reported_by=["semgrep:subprocess-shell-true", "bandit:B602"],
    )
    base.update(kw)
    return Finding(**base)


def sample():
    hostile = Finding(
        rule_id="secret-in-log",
        engine="semgrep",
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        message="Hostile " + HOSTILE,
        location=Location(HOSTILE_PATH, 3, 1),
        cwe=["CWE-532"],
        snippet="log.info(" + HOSTILE + ")",
        fingerprint="fp-log",
    )
    low = Finding(
        rule_id="tls-verify-off",
        engine="bandit",
        severity=Severity.LOW,
        confidence=Confidence.LOW,
        message="requests call with verify=False",
        location=Location("client.py", 40, 20),
        fingerprint="fp-tls",
    )
    suppressed = Finding(
        rule_id="sql-fstring",
        engine="cst",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        message="SQL built with an f-string",
        location=Location("db.py", 7, 9),
        suppression=Suppression("inline", "table name is a constant enum"),
        fingerprint="fp-sql",
    )
    checklist = ChecklistResult(
        id="mcp-best-practices",
        title="MCP Server Security: Best Practices",
        source="seeds/000_fdc5d07e002e5884.txt",
        score=62.5,
        items=[
            ChecklistItemResult("AUTH-1", "HTTP transports require authentication", "fail",
                                ["server.py:30 streamable-http transport without auth"], "high"),
            ChecklistItemResult("INJ-1", "Validate tool inputs", "partial",
                                ["server.py:12 tool-shell-injection", "db.py:7 sql-fstring (suppressed)"],
                                "critical", "1 of 3 tools"),
            ChecklistItemResult("LOG-2", "No secrets in logs", "not-assessed", [], None, "semgrep failed"),
            ChecklistItemResult("MON-1", "Monitor in production", "manual"),
            ChecklistItemResult("MON-2", "Incident response plan", "manual"),
            ChecklistItemResult("TLS-1", "TLS verification stays on", "pass", ["no verify=False"]),
            ChecklistItemResult("OAUTH-1", "OAuth flows", "not-applicable"),
        ],
    )
    return AuditResult(
        root="/home/u/proj",
        findings=[low, hostile, shell_finding()],
        suppressed=[suppressed],
        errors=[
            EngineError("semgrep", "semgrep exited 2:\nerror: \x1b[31mboom\x1b[0m"),
            EngineError("cst", "could not parse bad.py", "bad.py", fatal=False),
        ],
        skipped=[SkippedFile("big.py", "larger than 10 MB")],
        tools=[ToolInfo("run_cmd", "tool", "run_cmd", Location("server.py", 10, 1), [Parameter("cmd", "str")])],
        checklists=[checklist],
        score=62.5,
        grade="D",
        engines_run=["cst", "semgrep", "bandit"],
        warnings=["baseline has 2 stale entries"],
        fixed=[{"rule_id": "secret-in-log", "path": "old.py", "fingerprint": "zz"}],
        stats={"files": 12, "lines": 3456, "seconds": 4.23, "engine_seconds": {"cst": 1.2, "semgrep": 3.9}},
    )


def run(result, width=100, **kw):
    buf = StringIO()
    console = Console(no_color=True, width=width, file=buf)
    kw.setdefault("source_lines", SOURCES.get)
    render(result, console, **kw)
    return buf.getvalue()


def run_tty(result, **kw):
    buf = StringIO()
    console = Console(force_terminal=True, color_system="truecolor", width=100, file=buf)
    kw.setdefault("source_lines", SOURCES.get)
    render(result, console, **kw)
    return buf.getvalue()


SGR = re.compile(r"\x1b\[[0-9;]*m")


# --------------------------------------------------------------------------- content


def test_finding_details():
    out = run(sample())
    assert "tool-shell-injection" in out
    assert "also: bandit:B602, semgrep:subprocess-shell-true" in out
    assert "server.py:12:5" in out
    assert "Tool `run_cmd` passes parameter `cmd` to subprocess.run(shell=True)" in out
    assert re.search(r"tool run_cmd .* parameter cmd .* confidence high .* cwe CWE-78", out)
    assert "fix: Pass an argument list and keep shell=False" in out
    # flow steps: path:line  note
    assert "1. server.py:10  parameter `cmd` of tool `run_cmd`" in out
    assert "2. server.py:12  reaches subprocess.run(shell=True)" in out
    # the other findings
    assert "client.py:40:20" in out and "tls-verify-off" in out and "bandit" in out


def test_code_frame_from_source_lines():
    out = run(sample())
    lines = out.splitlines()
    idx = next(i for i, l in enumerate(lines) if "> 12 |     subprocess.run(cmd, shell=True)" in l)
    assert "10 | def run_cmd(cmd: str) -> str:" in lines[idx - 2]
    assert '11 |     """Run it."""' in lines[idx - 1]
    # caret under columns 5..35 (end column exclusive)
    caret = lines[idx + 1]
    assert caret.index("^") == lines[idx].index("subprocess")
    assert caret.count("^") == len("subprocess.run(cmd, shell=True)")
    assert "13 |     return 'ok'" in lines[idx + 2]


def test_code_frame_falls_back_to_snippet():
    result = AuditResult(root=".", findings=[shell_finding()])
    out = run(result, source_lines=None)
    assert "> 12 |     subprocess.run(cmd, shell=True)" in out
    assert "11 |" not in out  # no context without the file


def test_code_frame_with_unreadable_source_and_no_snippet():
    result = AuditResult(root=".", findings=[shell_finding(snippet=None)])

    def broken(path):
        raise OSError("gone")

    out = run(result, source_lines=broken)
    assert "server.py:12:5" in out and "> 12" not in out


def test_code_frame_long_line_scrolls_to_the_finding():
    long = "x = [" + ", ".join(str(i) for i in range(60)) + "]; eval(payload)"
    col = long.index("eval") + 1
    f = shell_finding(location=Location("long.py", 1, col, 1, col + len("eval(payload)")), flow=[])
    out = run(AuditResult(root=".", findings=[f]), source_lines={"long.py": [long]}.get)
    row = next(l for l in out.splitlines() if "> 1 |" in l)
    caret = out.splitlines()[out.splitlines().index(row) + 1]
    assert "eval(payload)" in row and "…" in row
    assert caret.index("^") == row.index("eval(payload)")
    assert caret.count("^") == len("eval(payload)")


def test_scorecard_comes_first_with_evidence():
    out = run(sample())
    assert out.index("Checklists") < out.index("Findings (3)")
    assert "Overall score 62.5/100" in out and "grade D" in out
    assert "MCP Server Security: Best Practices" in out and "[mcp-best-practices]" in out
    assert "1 fail · 1 partial · 1 not assessed · 2 manual · 1 pass · 1 n/a" in out
    assert re.search(r"FAIL\s+AUTH-1 HTTP transports require authentication\s+server.py:30 streamable-http", out)
    assert re.search(r"PARTIAL\s+INJ-1 Validate tool inputs\s+server.py:12", out)
    assert "db.py:7 sql-fstring (suppressed)" in out
    assert re.search(r"NOT ASSESSED\s+LOG-2 No secrets in logs", out)
    assert "semgrep failed" in out
    assert "2 items need manual review (static analysis cannot decide them): MON-1, MON-2" in out
    # passing and n/a items are counted, not listed
    assert "TLS-1" not in out and "OAUTH-1" not in out


def test_findings_grouped_by_severity_in_order():
    out = run(sample())
    crit, med, low = out.index("CRITICAL (1)"), out.index("MEDIUM (1)"), out.index("LOW (1)")
    assert crit < med < low
    assert "HIGH (" not in out  # no empty groups


def test_header_and_summary():
    out = run(sample())
    head = out[: out.index("Checklists")]
    assert "root     /home/u/proj" in head
    assert "engines  cst, semgrep (FAILED), bandit" in head
    assert "files    12 (3,456 lines), 1 skipped" in head
    assert "surface  1 MCP handler: run_cmd" in head
    assert "results are INCOMPLETE" in head
    last = " ".join(out.strip().splitlines()[-2:])
    assert "INCOMPLETE" in last
    assert "3 findings: 1 critical, 0 high, 1 medium, 1 low, 0 info" in last
    assert "1 suppressed" in last
    assert "1 engine error" in last
    assert "score 62.5/100 (D)" in last
    assert "4.2s" in last


def test_errors_warnings_skipped_fixed_sections():
    out = run(sample())
    assert out.index("Errors: results are INCOMPLETE") > out.index("LOW (1)")
    assert "semgrep: semgrep exited 2:" in out
    assert "error: \\x1b[31mboom\\x1b[0m" in out
    assert "Warnings (2)" in out
    assert "cst bad.py: could not parse bad.py" in out
    assert "warning: baseline has 2 stale entries" in out
    assert "Skipped files (1)" in out and "big.py  larger than 10 MB" in out
    assert "Fixed since the baseline (1)" in out and "secret-in-log  old.py" in out


def test_suppressed_hidden_by_default_and_shown_on_request():
    out = run(sample())
    assert "Suppressed (" not in out
    assert "table name is a constant enum" not in out
    out = run(sample(), show_suppressed=True)
    assert "Suppressed (1)" in out
    assert "HIGH sql-fstring  db.py:7:9  [inline] table name is a constant enum" in out
    assert "SQL built with an f-string" in out


def test_no_findings_with_failed_engine_is_not_clean():
    result = AuditResult(root=".", errors=[EngineError("bandit", "bandit not installed")], engines_run=["cst", "bandit"])
    out = run(result)
    assert "not a clean result" in out
    assert "No findings." not in out
    assert "bandit (FAILED)" in out
    assert "bandit: bandit not installed" in out


def test_clean_result():
    result = AuditResult(root=".", engines_run=["cst"], stats={"files": 1})
    out = run(result)
    assert "No findings." in out
    assert "INCOMPLETE" not in out
    assert out.strip().splitlines()[-1].startswith("0 findings: 0 critical, 0 high, 0 medium, 0 low, 0 info")
    assert "score n/a" in out


def test_no_engines_is_loud():
    out = run(AuditResult(root="."))
    assert "engines  none" in out


# --------------------------------------------------------------------------- hostile text


def test_hostile_text_is_literal_without_colour():
    out = run(sample(), show_suppressed=True)
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "[red]boom[/red]" in out
    assert "[link=http://x]click[/link]" in out
    assert "\\x1b[31mRED\\x1b[0m" in out
    assert "\\x1b]8;;http://evil\\x07evil" in out
    assert "<U+202E>evil<U+202C>" in out
    assert ":smile:" in out and "\U0001f604" not in out
    # a path with a newline and escapes stays on one line
    assert "evil\\n[red]x[/red]\\x1b[2J.py:3:1" in out
    # the code frame of the hostile file shows the escaped line, tab and bidi made visible
    assert '> 3 | log.info("[red]boom[/red] [link=http://x]click[/link] \\x1b[31mRED' in out


def test_hostile_text_with_colour_emits_only_our_sgr_codes():
    out = run_tty(sample(), show_suppressed=True)
    assert "\x1b]" not in out  # no OSC (hyperlinks, titles)
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "\x1b[2J" not in out
    stripped = SGR.sub("", out)
    assert "\x1b" not in stripped  # only colour codes, no cursor movement, no OSC
    assert "[red]boom[/red]" in stripped
    assert "\\x1b]8;;http://evil\\x07evil" in stripped
    assert "\\x1b[31mRED" in stripped


def _all_hostile_result(h):
    loc = Location(h, 2, 1)
    f = Finding(
        rule_id=h, engine=h, severity=Severity.HIGH, confidence=Confidence.HIGH, message=h, location=loc,
        cwe=[h], tool=h, parameter=h, flow=[FlowStep(loc, h)], fix=h, snippet=h, context=h,
        also_reported_by=[h],
    )
    s = Finding(
        rule_id=h, engine=h, severity=Severity.LOW, confidence=Confidence.LOW, message=h, location=loc,
        suppression=Suppression(h, h),
    )
    return AuditResult(
        root=h, findings=[f], suppressed=[s], errors=[EngineError(h, h, h), EngineError(h, h, h, fatal=False)],
        skipped=[SkippedFile(h, h)], tools=[ToolInfo(h, h, h, loc)],
        checklists=[ChecklistResult(h, h, h, 10.0, [ChecklistItemResult(h, h, "fail", [h], h, h),
                                                   ChecklistItemResult(h, h, "manual"),
                                                   ChecklistItemResult(h, h, h, [h])])],
        score=10.0, grade=h, engines_run=[h], warnings=[h], fixed=[{"rule_id": h, "path": h}, {"x": h}],
        stats={"files": 1},
    )


@pytest.mark.parametrize("tty", [False, True])
def test_every_field_is_treated_as_hostile(tty):
    # unbalanced closing tags would raise rich.errors.MarkupError if anything were parsed as markup
    h = "[/]x[/link][bold red]B\x1b[2J\x1b]0;title\x07\u202e:thumbs_up:\r\nY"
    result = _all_hostile_result(h)
    out = run_tty(result, show_suppressed=True, source_lines=lambda p: [h, h, h]) if tty else run(
        result, show_suppressed=True, source_lines=lambda p: [h, h, h]
    )
    stripped = SGR.sub("", out)
    assert "\x1b" not in stripped and "\x07" not in stripped and "\r" not in stripped
    assert "\u202e" not in stripped
    assert "[/]x[/link][bold red]B\\x1b[2J" in stripped
    assert "\U0001f44d" not in stripped


# --------------------------------------------------------------------------- misc


def test_deterministic():
    assert run(sample(), show_suppressed=True) == run(sample(), show_suppressed=True)
    assert run_tty(sample()) == run_tty(sample())


def test_non_utf8_console_does_not_crash():
    result = sample()
    result.findings[0].message = "café 中 \u202e"
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    console = Console(file=stream, width=100)
    render(result, console, source_lines=SOURCES.get)
    stream.flush()
    text = raw.getvalue().decode("ascii")
    assert "caf\\xe9 \\u4e2d <U+202E>" in text


def test_split_source_lines_matches_python_numbering():
    assert split_source_lines("a\x0cb\nc\r\nd\re\u2028f\n") == ["a\x0cb", "c", "d", "e\u2028f"]
    assert split_source_lines("") == []


def test_source_reader(tmp_path):
    root = tmp_path / "root"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "a.py").write_bytes(b"\xef\xbb\xbfx = 1\r\ny = '\xff'\n")
    (tmp_path / "secret.py").write_text("TOKEN = 'x'\n")
    read = source_reader(str(root))
    assert read("pkg/a.py") == ["x = 1", "y = '\ufffd'"]
    assert read("pkg/a.py") is read("pkg/a.py")  # cached
    assert read("../secret.py") is None
    assert read(str(tmp_path / "secret.py")) is None
    assert read("missing.py") is None
    assert read("pkg") is None
    if hasattr(os, "symlink"):
        try:
            os.symlink(tmp_path / "secret.py", root / "link.py")
        except OSError:
            pass
        else:
            assert read("link.py") is None
    big = root / "big.py"
    big.write_text("x\n" * 100)
    assert source_reader(str(root), max_bytes=10)("big.py") is None


def test_module_exports():
    assert rich_reporter.__all__ == ["console", "render", "report", "source_reader"]
