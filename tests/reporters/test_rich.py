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
from rich.cells import cell_len

from mcpaudit.reporters import ReportOptions
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


def run(result, width=100, options=None, **kw):
    buf = StringIO()
    console = Console(no_color=True, width=width, file=buf)
    kw.setdefault("source_lines", SOURCES.get)
    render(result, console, options, **kw)
    return buf.getvalue()


def run_tty(result, options=None, **kw):
    buf = StringIO()
    console = Console(force_terminal=True, color_system="truecolor", width=100, file=buf)
    kw.setdefault("source_lines", SOURCES.get)
    render(result, console, options, **kw)
    return buf.getvalue()


SGR = re.compile(r"\x1b\[[0-9;]*m")


# --------------------------------------------------------------------------- content


def test_finding_details():
    out = run(sample())
    assert "CRITICAL tool-shell-injection  server.py:12" in out
    assert "  Tool `run_cmd` passes parameter `cmd` to subprocess.run(shell=True)" in out
    assert "  fix   Pass an argument list and keep shell=False" in out
    # the flow, step by step: the line (the path only when the file changes) and what happened
    assert "  flow  10  parameter `cmd` of tool `run_cmd`" in out
    assert "        12  reaches subprocess.run(shell=True)" in out
    # the other findings; low confidence is said
    assert "LOW tls-verify-off  client.py:40  (low confidence)" in out
    # details only with -v
    assert "also reported by" not in out
    verbose = " ".join(run(sample(), options=ReportOptions(verbose=True)).split())
    assert "also reported by bandit:B602, semgrep:subprocess-shell-true" in verbose
    assert "tool run_cmd · parameter cmd · confidence high · cwe CWE-78 · in run_cmd" in verbose


def test_flow_names_the_file_when_it_changes():
    f = shell_finding(location=Location("helpers.py", 4, 5), flow=[
        FlowStep(Location("server.py", 10, 13), "parameter `cmd` of tool `run_cmd`"),
        FlowStep(Location("server.py", 12, 5), "passed to run()"),
        FlowStep(Location("helpers.py", 2, 1), "parameter `command`"),
        FlowStep(Location("helpers.py", 4, 5), "reaches subprocess.run(shell=True)")])
    out = run(AuditResult(root=".", findings=[f]), source_lines=None)
    assert "  flow  server.py:10  parameter `cmd` of tool `run_cmd`" in out
    assert "        12  passed to run()" in out
    assert "        helpers.py:2  parameter `command`" in out
    assert "        4  reaches subprocess.run(shell=True)" in out


def test_code_frame_from_source_lines_keeps_the_start_of_each_line():
    out = run(sample())
    lines = out.splitlines()
    idx = next(i for i, l in enumerate(lines) if "> 12 | subprocess.run(cmd, shell=True)" in l)
    # one line of context each side, dedented together (the frame keeps relative indentation)
    assert lines[idx - 1].endswith('11 | """Run it."""')
    caret = lines[idx + 1]
    assert caret.index("^") == lines[idx].index("subprocess")
    assert caret.count("^") == len("subprocess.run(cmd, shell=True)")
    assert lines[idx + 2].endswith("13 | return 'ok'")
    # -v: two lines of context
    verbose = run(sample(), options=ReportOptions(verbose=True)).splitlines()
    idx = next(i for i, l in enumerate(verbose) if "> 12 |     subprocess.run(cmd, shell=True)" in l)
    assert verbose[idx - 2].endswith("10 | def run_cmd(cmd: str) -> str:")


def test_code_frame_falls_back_to_snippet():
    result = AuditResult(root=".", findings=[shell_finding()])
    out = run(result, source_lines=None)
    assert "> 12 | subprocess.run(cmd, shell=True)" in out
    assert "11 |" not in out  # no context without the file


def test_code_frame_with_unreadable_source_and_no_snippet():
    result = AuditResult(root=".", findings=[shell_finding(snippet=None)])

    def broken(path):
        raise OSError("gone")

    out = run(result, source_lines=broken)
    assert "server.py:12" in out and "> 12" not in out


def test_code_frame_long_line_wraps_to_show_the_finding_and_keeps_its_start():
    long = "x = [" + ", ".join(str(i) for i in range(60)) + "]; eval(payload)"
    col = long.index("eval") + 1
    f = shell_finding(location=Location("long.py", 1, col, 1, col + len("eval(payload)")), flow=[])
    lines = run(AuditResult(root=".", findings=[f]), width=80, source_lines={"long.py": [long]}.get).splitlines()
    first = next(i for i, l in enumerate(lines) if "> 1 |" in l)
    assert lines[first].split("| ", 1)[1].startswith("x = [0, 1, 2")  # the start of the line is kept
    row = next(i for i in range(first, first + 8) if "eval(payload)" in lines[i])
    caret = lines[row + 1]
    assert caret.index("^") == lines[row].index("eval(payload)")
    assert caret.count("^") == len("eval(payload)")
    assert all(cell_len(l) <= 80 for l in lines)


def test_code_frame_crops_context_and_long_lines_whose_range_is_in_view():
    long = "result = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30, check=False)"
    f = shell_finding(location=Location("a.py", 2, 10), flow=[], fix=None)
    lines = run(AuditResult(root=".", findings=[f]), width=60,
                source_lines={"a.py": ["import subprocess", long, long]}.get).splitlines()
    row = next(l for l in lines if "> 2 |" in l)
    assert row.endswith("…") and cell_len(row) <= 60
    assert sum("> 2 |" in l for l in lines) == 1  # cropped, not wrapped
    assert next(l for l in lines if "  3 |" in l).endswith("…")


def test_findings_grouped_by_tool_most_severe_first():
    out = run(sample())
    tool, other = out.index("tool run_cmd · 1 critical"), out.index("not tied to one tool · 1 medium, 1 low")
    assert tool < other
    assert out.index("MEDIUM secret-in-log") < out.index("LOW tls-verify-off")
    # a tool with a high finding comes before one with a medium, whatever the names
    fs = [shell_finding(tool="aaa", severity=Severity.MEDIUM, fingerprint="1"),
          shell_finding(tool="zzz", severity=Severity.HIGH, fingerprint="2")]
    out = run(AuditResult(root=".", findings=fs))
    assert out.index("tool zzz · 1 high") < out.index("tool aaa · 1 medium")


def test_header_is_one_line_and_summary_ends_with_the_gate():
    out = run(sample(), options=ReportOptions(targets=("src",), gate=(2, "1 engine error(s): semgrep: boom")))
    lines = out.splitlines()
    assert lines[0] == "src · cst, semgrep (FAILED), bandit · 1 file skipped · 1 MCP tool · score 62.5/100 (D)"
    assert "results are INCOMPLETE" in lines[1]
    summary = " ".join(lines[-3:])
    assert "INCOMPLETE 3 findings: 1 critical, 1 medium, 1 low" in summary
    assert "1 suppressed" in summary and "1 engine error" in summary
    assert "score 62.5/100 (D)" in summary and "4.2s" in summary
    assert lines[-1] == "error: 1 engine error(s): semgrep: boom (exit 2)"
    passed = run(AuditResult(root="."), options=ReportOptions(gate=(0, "gate passed")))
    assert passed.splitlines()[-1] == "gate passed (exit 0)"
    failed = run(AuditResult(root="."), options=ReportOptions(gate=(1, "score 14.8 is below --min-score 15")))
    assert failed.splitlines()[-1] == "gate failed: score 14.8 is below --min-score 15 (exit 1)"


def test_tools_table():
    out = run(sample())
    section = out[out.index("MCP tools (1)"):out.index("Checklists")]
    assert re.search(r"run_cmd\s+cmd: str\s+1 critical", section)  # the kind shows only when not "tool"
    assert "annotations" not in section  # no tool has any: no empty column
    tools = [ToolInfo("q", "tool", "q", Location("s.py", 1), [Parameter("sql", "str"), Parameter("limit", "int", default="10")],
                      annotations={"readOnlyHint": True, "destructiveHint": False, "title": "Query"})]
    out = run(AuditResult(root=".", tools=tools))
    assert re.search(r"q\s+sql: str, limit: int = 10\s+not destructive, readOnly\s+-", out)
    empty = run(AuditResult(root="."))
    assert "No MCP tool handler found" in empty


def test_one_line_per_checklist_with_its_failed_items():
    out = run(sample())
    assert "Checklists · score 62.5/100 (D)" in out
    assert re.search(r"^  mcp-best-practices  62\.5/100  1 failed: AUTH-1$", out, re.M)
    assert "--checklists: every item" in out
    # items are not listed one by one by default
    assert "INJ-1" not in out and "MON-1" not in out


def test_checklist_line_lists_failed_items_that_fit_and_counts_the_rest():
    items = [ChecklistItemResult(f"ITEM-{n}", "x", "fail") for n in range(30)]
    result = AuditResult(root=".", checklists=[ChecklistResult("doc", "Doc", "", 10.0, items)], score=10.0)
    line = next(l for l in run(result, width=80).splitlines() if l.startswith("  doc "))
    assert re.match(r"  doc +10/100  30 failed: ITEM-0, ITEM-1, ", line)
    assert re.search(r"ITEM-\d+ \+\d+ more$", line) and cell_len(line) <= 80


def test_every_checklist_item_with_checklists_or_verbose():
    for options in (ReportOptions(checklists=True), ReportOptions(verbose=True)):
        out = run(sample(), options=options)
        assert "MCP Server Security: Best Practices [mcp-best-practices]  62.5/100" in out
        assert "1 fail · 1 partial · 1 not assessed · 2 manual · 1 pass · 1 n/a" in out
        assert re.search(r"FAIL\s+AUTH-1 \(high\) HTTP transports require authentication\n\s+server.py:30 "
                         r"streamable-http transport without auth", out)
        assert re.search(r"PARTIAL\s+INJ-1 \(critical\) Validate tool inputs", out)
        assert "db.py:7 sql-fstring (suppressed)" in out and "semgrep failed" in out
        assert re.search(r"NOT ASSESSED LOG-2 No secrets in logs", out)
        assert "MANUAL   MON-1 Monitor in production" in out
        assert "PASS     TLS-1 TLS verification stays on" in out and "N/A      OAUTH-1 OAuth flows" in out


def test_quiet_and_compact():
    quiet = run(sample(), options=ReportOptions(quiet=True, gate=(1, "3 finding(s) at or above high")))
    lines = quiet.strip().splitlines()
    assert len(lines) <= 3 and lines[-1] == "gate failed: 3 finding(s) at or above high (exit 1)"
    assert lines[0].startswith("INCOMPLETE 3 findings")
    compact = run(sample(), options=ReportOptions(compact=True))
    assert "tool-shell-injection" in compact and "Errors: results are INCOMPLETE" in compact
    assert "MCP tools (" not in compact and "Checklists" not in compact


def test_errors_warnings_skipped_fixed_sections():
    out = run(sample())
    assert out.index("Errors: results are INCOMPLETE") > out.index("LOW tls-verify-off")
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
    assert "HIGH sql-fstring  db.py:7  [inline] table name is a constant enum" in out
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
    assert out.strip().splitlines()[-1].startswith("0 findings · score n/a")


def test_no_engines_is_loud():
    out = run(AuditResult(root="."))
    assert "no engine ran" in out


def test_nothing_breaks_mid_word_at_80_columns():
    long_path = "src/" + "/".join(["very_long_directory_name"] * 2) + "/module_with_a_long_name.py"
    f = shell_finding(location=Location(long_path, 12, 5), message="word " * 40 + "end", flow=[
        FlowStep(Location(long_path, 10, 1), "parameter " * 12 + "end")])
    result = sample()
    result.findings.append(f)
    out = run(result, width=80)
    lines = out.splitlines()
    assert all(cell_len(l) <= 80 for l in lines if long_path not in l)
    assert any(f"{long_path}:12" in l for l in lines)  # a path longer than the line is kept whole
    for word in ("tool-shell-injection", "secret-in-log", "tls-verify-off", "server.py:12", "client.py:40",
                 "mcp-best-practices", "AUTH-1", "run_cmd"):
        assert any(word in l for l in lines), word
    words = set(" ".join(lines).split())
    assert "wor" not in words and "rd" not in words  # prose wraps between words


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
    assert "evil\\n[red]x[/red]\\x1b[2J.py:3" in out
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
