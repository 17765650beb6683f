"""The command line as a new user meets it: the terminal report's shape at 80 columns, refusal of
unknown rule ids, the usual flags (-q, -v, --checklists, --compact, --color, --no-progress,
'-' for standard input), `rules`, `explain` and the gate's words."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from mcpaudit import cli as cli_module
from mcpaudit.cli import main

# A one-file server with three findings (the measure: 270 lines, first finding at 216).
THREE = '''\
import sqlite3
import subprocess
from pathlib import Path

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("notes")
DB = sqlite3.connect("notes.db")
ROOT = Path("/srv/notes")


@mcp.tool()
def archive(name: str) -> str:
    """Archive a note directory as a tarball."""
    return subprocess.check_output(f"tar czf /tmp/{name}.tgz {ROOT / name}", shell=True).decode()


@mcp.tool()
def read_note(path: str) -> str:
    """Read a note."""
    with open(ROOT / path) as fh:
        return fh.read()


@mcp.tool()
def find_notes(owner: str) -> list:
    """Notes of one owner."""
    return DB.execute(f"SELECT title FROM notes WHERE owner = '{owner}'").fetchall()


if __name__ == "__main__":
    mcp.run()
'''

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;)[0-9;]*m")


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("three")
    (root / "server.py").write_text(THREE)
    return root


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


def invoke(args, cache=None, input=None, **env):
    env.setdefault("COLUMNS", "80")
    env.setdefault("NO_COLOR", None)
    env.setdefault("FORCE_COLOR", None)
    if cache is not None:
        args = [*args, "--cache-dir", str(cache)] if args and args[0] == "scan" else args
    return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def three_report(three, cache):
    old = os.getcwd()
    os.chdir(three.parent)  # the target as a user types it: a short relative path
    try:
        res = invoke(["scan", three.name], cache)
    finally:
        os.chdir(old)
    assert res.exit_code == 1, res.output
    return res.stdout


# -------------------------------------------------------------------------- the report at 80 columns


def test_three_finding_server_fits_one_80x60_screen_findings_first(three_report):
    lines = three_report.splitlines()
    assert len(lines) <= 60, three_report
    first = next(i for i, l in enumerate(lines) if re.match(r"(CRITICAL|HIGH|MEDIUM|LOW) ", l))
    assert first <= 4, three_report  # the header line, a blank and the tool's rule come before it
    assert lines[first] == "CRITICAL tool-shell-injection  server.py:15"
    # the header names the target, the engines, the tools and the score and grade in one line
    assert re.fullmatch(r".*three\S* · cst, semgrep, bandit · 3 MCP tools · score \d+(\.\d)?/100 \([A-F]\)", lines[0])
    # every finding, grouped by tool, with a code frame that keeps the start of its line
    for rule, where in (("tool-shell-injection", "server.py:15"), ("tool-sql-injection", "server.py:28"),
                        ("tool-path-traversal", "server.py:21")):
        assert any(rule in l and where in l for l in lines), rule
    assert any(l.endswith('| return subprocess.check_output(f"tar czf /tmp/{name}.tgz {ROOT / name}…') or
               "| return subprocess.check_output(" in l for l in lines)
    assert not any("…ef " in l or "| …" in l for l in lines)
    assert "  flow  13  parameter 'name' of MCP tool 'archive' (caller-controlled)" in lines
    # then the tools, one line per checklist, the summary and the gate
    tools, checklists = three_report.index("MCP tools (3)"), three_report.index("Checklists · score")
    assert three_report.index("tool-path-traversal") < tools < checklists
    assert sum(1 for l in lines if re.match(r"  mcp-\S+ +(\d+(\.\d)?/100|n/a)  ", l)) == 5
    assert lines[-1] == "gate failed: 3 finding(s) at or above high (exit 1)"
    assert lines[-2].startswith("3 findings: 1 critical, 2 high · score ")


def test_nothing_breaks_mid_word_at_80_columns(three_report):
    lines = three_report.splitlines()
    assert all(cell_len(l) <= 80 for l in lines), [l for l in lines if cell_len(l) > 80]
    text = " ".join(lines)
    for token in ("tool-shell-injection", "tool-sql-injection", "tool-path-traversal", "server.py:15",
                  "server.py:21", "server.py:28", "mcp-prod-000", "mcp-fundamentals-004", "caller-controlled"):
        assert any(token in l for l in lines), token
    words = set(text.split())
    assert not {"injecti", "tool-shell-", "server.p"} & words


def test_quiet_prints_the_summary_and_the_gate(three, cache):
    res = invoke(["scan", "-q", str(three)], cache)
    lines = res.stdout.strip().splitlines()
    assert res.exit_code == 1 and len(lines) == 2, res.stdout
    assert lines[0].startswith("3 findings: 1 critical, 2 high · score")
    assert lines[1] == "gate failed: 3 finding(s) at or above high (exit 1)"


def test_verbose_and_checklists_list_every_item(three, cache, three_report):
    for flag in ("-v", "--checklists"):
        res = invoke(["scan", flag, str(three)], cache)
        assert res.exit_code == 1
        assert "000-T1 (high) Credential theft and abuse" in res.stdout
        assert len(res.stdout.splitlines()) > len(three_report.splitlines()) + 50
    assert "000-T1 (high)" not in three_report


def test_compact_is_findings_and_summary(three, cache):
    res = invoke(["scan", "--compact", str(three)], cache)
    assert "tool-shell-injection" in res.stdout and "gate failed" in res.stdout
    assert "MCP tools (" not in res.stdout and "Checklists" not in res.stdout


def test_quiet_and_verbose_together_is_a_usage_error(three):
    res = invoke(["scan", "-q", "-v", str(three)])
    assert res.exit_code == 2 and "cannot be used together" in res.stderr


def test_color_flag_and_no_color(three, cache):
    always = invoke(["scan", "--color", "always", "--engines", "cst", str(three)], cache, NO_COLOR="1")
    assert ANSI_COLOUR.search(always.stdout)  # the flag wins over NO_COLOR
    never = invoke(["scan", "--color", "never", "--engines", "cst", str(three)], cache, FORCE_COLOR="1")
    assert "\x1b[" not in never.stdout
    auto = invoke(["scan", "--engines", "cst", str(three)], cache)  # a pipe: no colour
    assert "\x1b[" not in auto.stdout
    forced = invoke(["scan", "--engines", "cst", str(three)], cache, FORCE_COLOR="1")
    assert ANSI_COLOUR.search(forced.stdout)
    honoured = invoke(["scan", "--engines", "cst", str(three)], cache, FORCE_COLOR="1", NO_COLOR="1")
    assert not ANSI_COLOUR.search(honoured.stdout)


def test_no_progress(three, cache, monkeypatch):
    seen = []
    real = cli_module._audit

    def spy(paths, cfg, show_progress, color):
        seen.append(show_progress)
        return real(paths, cfg, False, color)

    monkeypatch.setattr(cli_module, "_audit", spy)
    monkeypatch.setattr(cli_module, "_stderr_is_terminal", lambda: True)
    invoke(["scan", "--engines", "cst", str(three)], cache)
    invoke(["scan", "--engines", "cst", "--no-progress", str(three)], cache)
    invoke(["scan", "--engines", "cst", "-q", str(three)], cache)
    assert seen == [True, False, False]


# -------------------------------------------------------------------------- standard input


def test_scan_standard_input_under_the_given_name(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = invoke(["scan", "-", "--stdin-filename", "src/notes/server.py", "--engines", "cst", "-f", "json"],
                 cache, input=THREE)
    assert res.exit_code == 1, res.output
    doc = json.loads(res.stdout)
    assert {f["path"] for f in doc["findings"]} == {"src/notes/server.py"}
    assert doc["root"] == str(tmp_path)
    text = invoke(["scan", "-", "--stdin-filename", "server.py", "--engines", "cst"], cache, input=THREE)
    assert "CRITICAL tool-shell-injection  server.py:15" in text.stdout
    assert "> 15 | return subprocess.check_output(" in text.stdout  # the frame comes from what was read
    assert text.stdout.splitlines()[0].startswith("server.py · cst · 3 MCP tools")
    default = invoke(["scan", "-", "--engines", "cst", "-q"], cache, input="x = 1\n")
    assert default.exit_code == 0 and "0 findings" in default.stdout


def test_standard_input_uses_the_config_of_the_named_file(cache, tmp_path, monkeypatch):
    (tmp_path / "mcpaudit.toml").write_text('ignore = ["tool-shell-injection"]\n')
    monkeypatch.chdir(tmp_path)
    res = invoke(["scan", "-", "--stdin-filename", "server.py", "--engines", "cst", "-f", "json"], cache, input=THREE)
    assert "tool-shell-injection" not in {f["rule_id"] for f in json.loads(res.stdout)["findings"]}


@pytest.mark.parametrize("args, message", [
    (["scan", "-", "."], "cannot be combined"),
    (["scan", "--stdin-filename", "x.py", "."], "needs '-'"),
    (["scan", "-", "--diff", "main"], "--diff"),
])
def test_standard_input_usage_errors(args, message):
    res = invoke(args, input="")
    assert res.exit_code == 2 and message in res.stderr


# -------------------------------------------------------------------------- strict ids


@pytest.mark.parametrize("option, value, hint", [
    ("--select", "tool-shel-injection", "did you mean 'tool-shell-injection'"),
    ("--ignore", "nope", "'mcpaudit rules' lists"),
    ("--select", "sql-fstring", "did you mean 'sql-string-built'"),
    ("--ignore", "secret-in-log,injecton", "did you mean 'injection'"),
])
def test_unknown_rule_ids_or_tags_on_the_command_line_are_refused(three, option, value, hint):
    res = invoke(["scan", "--engines", "cst", option, value, str(three)])
    assert res.exit_code == 2, res.output
    assert f"command line {option}: unknown rule id or tag" in res.stderr and hint in res.stderr
    assert res.stdout == ""  # no report, and certainly no "gate passed"


@pytest.mark.parametrize("config, key, hint", [
    ('select = ["tool-shel-injection"]\n', "select", "tool-shell-injection"),
    ('ignore = ["secret-in-logs"]\n', "ignore", "secret-in-log"),
    ('[severity]\n"tool-sql-injektion" = "low"\n', "severity", "tool-sql-injection"),
    ('[severity]\ninjection = "low"\n', "severity", ""),  # severity takes rule ids, not tags
])
def test_unknown_rule_ids_in_the_config_are_refused(tmp_path, config, key, hint):
    (tmp_path / "server.py").write_text(THREE)
    (tmp_path / "mcpaudit.toml").write_text(config)
    res = invoke(["scan", "--engines", "cst", str(tmp_path)])
    assert res.exit_code == 2, res.output
    assert f"mcpaudit.toml: key '{key}': unknown rule id" in res.stderr and hint in res.stderr


def test_known_ids_tags_cwes_and_bandit_tests_are_accepted(three, cache):
    res = invoke(["scan", "--engines", "cst", "--ignore", "B101,cwe-89,tool-poisoning", "-f", "json", str(three)], cache)
    assert res.exit_code == 1, res.stderr
    rules = {f["rule_id"] for f in json.loads(res.stdout)["findings"]}
    assert rules == {"tool-shell-injection", "tool-path-traversal"}  # CWE-89 selected the SQL rule
    res = invoke(["scan", "--engines", "cst", "--select", "CWE-78", "-f", "json", str(three)], cache)
    assert {f["rule_id"] for f in json.loads(res.stdout)["findings"]} == {"tool-shell-injection"}


# -------------------------------------------------------------------------- the gate's words


@pytest.mark.parametrize("word", ["none", "never", "off", "NEVER"])
def test_fail_on_accepts_the_config_words(three, cache, word):
    res = invoke(["scan", "--engines", "cst", "-q", "--fail-on", word, str(three)], cache)
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1] == "gate passed (exit 0)"


def test_min_score_message_shows_the_real_score(three, cache):
    res = invoke(["scan", "--engines", "cst", "-q", "--fail-on", "none", "--min-score", "99.95", str(three)], cache)
    assert res.exit_code == 1
    m = re.search(r"gate failed: score (\S+) is below --min-score 99.95", res.stdout)
    assert m and float(m.group(1)) < 99.95, res.stdout


def test_gate_reason_rounds_without_lying():
    from mcpaudit.api import gate
    from mcpaudit.config import Config
    from mcpaudit.models import AuditResult

    for score, words in ((14.8, "score 14.8 is below --min-score 15"), (14.96, "score 14.96 is below --min-score 15"),
                         (14.99999, "score 14.99999 is below --min-score 15")):
        code, reason = gate(AuditResult(root=".", score=score), Config(fail_on=None, min_score=15))
        assert (code, reason) == (1, words)


# -------------------------------------------------------------------------- rules and explain


def test_rules_piped_keeps_ids_whole_and_lists_tags():
    res = invoke(["rules"])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert all(cell_len(l) <= 80 for l in lines)
    for rid in ("tool-description-sensitive-request", "tool-shell-injection", "ts-sql-readonly-prefix-check", "B602"):
        assert any(l.startswith(rid + "  ") for l in lines), rid
    assert "Tags (select or ignore every rule that has one: --select injection)" in res.stdout
    assert re.search(r"\binjection \(\d+\)", res.stdout)
    doc = json.loads(invoke(["rules", "--format", "json"]).stdout)
    shell = next(r for r in doc if r["id"] == "tool-shell-injection")
    assert shell["tags"] == ["security", "injection", "command"] and shell["cwe"] == ["CWE-78"]


def test_explain_a_checklist_item_names_the_document_section_and_link():
    res = invoke(["explain", "000-T1"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert out.startswith("000-T1  Credential theft and abuse")
    assert "document  MCP Server Security: Best Practices for Production Deployment" in out
    assert "section   threats: unauthorized access" in out
    assert "fails on findings of: hardcoded-credential (semgrep)" in out
    assert "seeds/" not in out
    linked = invoke(["explain", "002-D1"]).stdout
    assert "link      https://bitatlas.com/blog/mcp-server-security-best-practices" in linked
    lower = invoke(["explain", "004-1"])
    assert lower.exit_code == 0 and "https://www.mcpgee.com/tutorials/security-fundamentals" in lower.stdout


def test_explain_unknown_id_suggests_and_exits_2():
    res = invoke(["explain", "tool-shel-injection"])
    assert res.exit_code == 2 and "Did you mean: tool-shell-injection" in res.stderr


def test_explain_semgrep_rule_keeps_its_metavariables():
    res = invoke(["explain", "subprocess-shell-true"])
    assert "subprocess.<fn>() runs a command string" in " ".join(res.stdout.split())
    assert "subprocess.() " not in res.stdout
