"""A "read-only" command allow-list of program names that ignores writing options
(fixtures/typescript/readonly_commands): a readOnlyHint tool whose commands are classified
read-only by program name alone, while listed programs write through their arguments (the
process models: output-options, writing-commands, writing-uses). Twins: a list of programs that
only read, a list of whole command lines (an exact match), and per-program option rules."""

from __future__ import annotations

from mcpaudit.analysis.argvcommand import entry_writers
from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, expectations, scan

ROOT = FIXTURES / "readonly_commands"


def _line(rel: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, hits
    return hits[0]


def _bypass(name: str):
    out, _ = scan(f"readonly_commands/{name}")
    return [f for f in out.findings if f.rule_id == "tool-read-only-bypass"]


def test_a_name_allow_list_that_admits_programs_with_writing_options_is_reported_at_its_test():
    [f] = _bypass("unsafe")
    assert {(f.location.path, f.location.line, f.rule_id)} == expectations(ROOT / "unsafe")
    assert f.tool == "read_command" and f.parameter == "command" and f.confidence == Confidence.HIGH
    test = _line("unsafe/classify.ts", "if (READ_ONLY_COMMANDS.has(program)")
    assert f.message == (
        "tool 'read_command' is annotated readOnlyHint=True and takes a command line, but the project classifies "
        f"commands read-only by program name alone (READ_ONLY_COMMANDS, tested at classify.ts:{test}), and "
        "programs it lists write through their arguments: 'sort --output FILE', 'uniq INPUT OUTPUT', "
        "'git log --output FILE'")
    handler = _line("unsafe/server.ts", "async ({ command }) => {")
    listed = _line("unsafe/classify.ts", '"sort", "uniq",')
    assert [(s.location.path, s.location.line, s.note) for s in f.flow] == [
        ("server.ts", handler, "parameter 'command' of MCP tool 'read_command' (caller-controlled)"),
        ("classify.ts", listed, "READ_ONLY_COMMANDS admits 'sort' (sort --output FILE writes)"),
        ("classify.ts", listed, "READ_ONLY_COMMANDS admits 'uniq' (uniq INPUT OUTPUT writes)"),
        ("classify.ts", _line("unsafe/classify.ts", '"git status", "git log",'),
         "READ_ONLY_COMMANDS admits 'git log' (git log --output FILE writes)"),
        ("classify.ts", test, "read-only by program name: READ_ONLY_COMMANDS"),
    ]


def test_lists_of_reading_programs_of_whole_commands_or_with_option_rules_are_quiet():
    assert _bypass("names") == []
    assert _bypass("whole") == []
    assert _bypass("argrules") == []


def test_how_an_allow_list_entry_writes_comes_from_the_process_models():
    M = catalog().python
    assert entry_writers("sort", M) == ["sort --output FILE"]
    assert entry_writers("uniq", M) == ["uniq INPUT OUTPUT"]
    assert entry_writers("git diff", M) == ["git diff --output FILE"]
    assert entry_writers("git branch", M) == ["git branch NAME"]
    assert entry_writers("ip route", M) == ["ip route add"]
    assert "ip route add" in entry_writers("ip", M)
    for reads in ("ls", "cat", "git status", "docker ps", "systemctl status", "ps", "df"):
        assert entry_writers(reads, M) == [], reads
