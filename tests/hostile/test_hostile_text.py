"""Text aimed at the reader of the report: rich markup, ANSI and OSC escape sequences and bidi
controls in file names, tool descriptions, strings and comments. The terminal report shows them
literally; JSON, SARIF, Markdown and GitHub annotations carry them escaped and inert."""

from __future__ import annotations

import json
import os
import sys

import pytest

from hostile_helpers import cli, write

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="control characters in file names")

# no '/' (a path separator); everything else a terminal or a renderer might act on
HOSTILE_NAME = "evil [red]NAME [link=https:evil]L \x1b[31mX\x1b]8;;u\x07O\u202eR\x9b2J.py"
NEWLINE_NAME = "line\n::error file=x::injected.py"

SOURCE = '''\
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("x")


@mcp.tool(description="[red]RED[/red] [link=http://evil]click[/link] \\x1b[2J\\x1b]0;pwned\\x07 \\u202egnp.exe [bold]B")
def run_cmd(cmd: str) -> str:
    """Doc [bold]B[/bold] \x1b[31mANSI\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 \u202eRLO\u202c"""
    x = "[red]str[/red] \u2066isolate\u2069 \u200bzw"  # comment \u202e [red]c[/red] \x1b[1m
    return subprocess.check_output(cmd + x, shell=True).decode()
'''

RAW_CONTROLS = ["\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u2066", "\u2069", "\u200b", "\r"]


@pytest.fixture()
def hostile_repo(tmp_path):
    repo = tmp_path / "repo"
    write(repo / HOSTILE_NAME, SOURCE)
    write(repo / NEWLINE_NAME, SOURCE)
    return repo


def _assert_inert(text: str, where: str) -> None:
    for ch in RAW_CONTROLS:
        assert ch not in text, f"raw {ch!r} in the {where} output"


def test_rich_report_to_stdout_shows_hostile_text_literally(hostile_repo):
    res = cli(["scan", "--engines", "cst", "--format", "rich", str(hostile_repo)])
    assert res.exit_code == 1, res.output
    out = res.stdout
    _assert_inert(out, "rich")
    assert "[red]" in out  # markup shown, not interpreted
    assert "[link=" in out
    assert "<U+202E>" in out  # bidi override made visible
    assert "\\x1b" in out  # ESC made visible
    assert "tool-shell-injection" in out


def test_rich_report_to_a_file_shows_hostile_text_literally(hostile_repo, tmp_path):
    out_file = tmp_path / "report.txt"
    res = cli(["scan", "--engines", "cst", "--format", "rich", "-o", str(out_file), str(hostile_repo)])
    assert res.exit_code == 1, res.output
    raw = out_file.read_bytes()
    text = raw.decode("utf-8")
    _assert_inert(text, "rich file")
    assert "[red]NAME" in text and "[link=https:evil]" in text
    assert "<U+202E>" in text and "\\x1b" in text
    # the file name with a newline cannot start a line of its own in the report
    assert "\n::error file=x::injected.py" not in text


def test_json_report_escapes_everything_and_round_trips(hostile_repo, tmp_path):
    out_file = tmp_path / "r.json"
    res = cli(["scan", "--engines", "cst", "--format", "json", "-o", str(out_file), str(hostile_repo)])
    assert res.exit_code == 1
    raw = out_file.read_bytes()
    assert all(b < 0x80 for b in raw), "JSON output is ASCII: every non-ASCII character escaped"
    _assert_inert(raw.decode("ascii"), "json")
    doc = json.loads(raw)
    paths = {f["path"] for f in doc["findings"]}
    assert {HOSTILE_NAME, NEWLINE_NAME} <= paths  # exact values after decoding
    tool = next(t for t in doc["tools"] if t["path"] == HOSTILE_NAME)
    assert "\x1b[2J" in tool["description"] and "\u202e" in tool["description"]


def test_sarif_report_escapes_everything(hostile_repo, tmp_path):
    out_file = tmp_path / "r.sarif"
    res = cli(["scan", "--engines", "cst", "--format", "sarif", "-o", str(out_file), str(hostile_repo)])
    assert res.exit_code == 1
    raw = out_file.read_bytes()
    assert all(b < 0x80 for b in raw)
    _assert_inert(raw.decode("ascii"), "sarif")
    doc = json.loads(raw)
    results = doc["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris, "results present"
    for uri in uris:
        assert "\n" not in uri and " " not in uri and "\x1b" not in uri  # percent-encoded
    for r in results:
        _assert_inert(r["message"]["text"], "sarif message")


def test_markdown_report_is_inert(hostile_repo, tmp_path):
    out_file = tmp_path / "r.md"
    res = cli(["scan", "--engines", "cst", "--format", "markdown", "-o", str(out_file), str(hostile_repo)])
    assert res.exit_code == 1
    text = out_file.read_text("utf-8")
    _assert_inert(text, "markdown")
    assert "](http://evil)" not in text and "<a " not in text.lower()


def test_html_report_is_inert(hostile_repo, tmp_path):
    """Every hostile string lands as escaped text: no element, attribute, script or request of its
    own (tests/reporters/test_html_browser.py also opens such a report in a real browser)."""
    from html_check import assert_self_contained_and_inert

    write(hostile_repo / '"><img src=x onerror=alert(1)>.py', SOURCE.replace(
        "[bold]B", "</title><script>alert(1)</script><svg onload=alert(2)>"))
    out_file = tmp_path / "r.html"
    res = cli(["scan", "--engines", "cst", "--format", "html", "-o", str(out_file), str(hostile_repo)])
    assert res.exit_code == 1
    text = out_file.read_text("utf-8")
    _assert_inert(text, "html")
    assert_self_contained_and_inert(text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.py" in text
    assert "[red]NAME" in text and "&lt;U+202E&gt;" in text and "\\x1b" in text


def test_github_annotations_cannot_be_injected(hostile_repo):
    res = cli(["scan", "--engines", "cst", "--format", "github", str(hostile_repo)])
    assert res.exit_code == 1
    out = res.stdout
    _assert_inert(out, "github")
    for line in out.splitlines():
        assert line.startswith("::"), f"a line that is not a workflow command: {line!r}"
    assert "::error file=x::injected" not in out.replace("%0A", "\n").split("\n", 1)[0]
    assert not any(line.startswith("::error file=x::injected") for line in out.splitlines())


def test_hostile_engine_messages_are_inert_in_every_format(tmp_path, monkeypatch):
    """An engine error that quotes hostile text (semgrep echoing a path or a message) is shown
    inert too."""
    from hostile_helpers import install_engine

    from mcpaudit.engines import EngineOutput
    from mcpaudit.models import EngineError

    repo = tmp_path / "repo"
    write(repo / "server.py", "import subprocess\n")

    def run(files, root, **kw):
        return EngineOutput("semgrep", ran=False, errors=[EngineError(
            "semgrep", "boom \x1b]0;title\x07 [red]x[/red] \u202eevil\nsecond line", fatal=True)])

    install_engine(monkeypatch, "semgrep", run)
    for fmt in ("rich", "json", "sarif", "markdown", "github", "html"):
        res = cli(["scan", "--engines", "cst,semgrep", "--format", fmt, str(repo)])
        assert res.exit_code == 2, (fmt, res.output)
        _assert_inert(res.stdout, fmt)
        assert "boom" in res.stdout
