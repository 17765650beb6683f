"""Command lines written to a long-running CLI's standard input (fixtures/typescript/stdincli,
stdinpipe): a line a module writes to the stdin of a spawned program that reads commands there
(rules/models/typescript/process.yaml stdin-programs, here `heroku repl`) is that program's command
line, and a caller value after an option that names a file reaches any path, as in an argv."""

from __future__ import annotations

import pytest

from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, _show, expectations, line_of, only, scan, steps


@pytest.mark.parametrize("name", ["stdincli", "stdinpipe"])
def test_findings_equal_annotations(name):
    out, _ = scan(name)
    got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
    want = expectations(FIXTURES / name)
    assert got == want, f"missing:\n{_show(want - got)}\nextra:\n{_show(got - want, out.findings)}"


def test_a_file_option_in_a_line_written_to_a_repl_is_a_path_sink():
    out, _ = scan("stdincli")
    f = only(out.findings, rule_id="tool-path-traversal")
    assert (f.location.path, f.location.line) == ("lib/repl.ts", line_of("lib/repl.ts", "stdin?.write(", "stdincli"))
    assert f.tool == "ask_model" and f.parameter == "output" and f.confidence == Confidence.HIGH
    assert f.message == (
        "tool 'ask_model' passes parameter 'output' to this.proc.stdin.write(): path traversal / arbitrary file "
        "access (the value of --output of 'ai:agents:call', a file the command writes; a command line of the heroku "
        "repl, written to its standard input) (also reached from tool 'run_sql_file')")
    assert steps(f) == [
        ("server.ts", line_of("server.ts", 'server.tool("ask_model"', "stdincli"),
         "parameter 'output' of MCP tool 'ask_model' (caller-controlled)"),
        ("server.ts", line_of("server.ts", "cli.run(`ai:agents:call ${model} --output", "stdincli"), "passed to run()"),
        ("lib/repl.ts", line_of("lib/repl.ts", "public run(command", "stdincli"), "parameter 'command'"),
        ("lib/repl.ts", f.location.line, "reaches this.proc.stdin.write()"),
    ]


def test_values_after_other_options_or_as_positionals_name_no_file():
    out, _ = scan("stdincli")
    reached = {f.tool for f in out.findings} | {t for f in out.findings for t in ("run_sql_file",) if t in f.message}
    assert not reached & {"ask_model_json", "run_sql"}
    assert not [f for f in out.findings if "'model'" in f.message or "'sql'" in f.message or "'app'" in f.message]


def test_data_piped_to_a_program_that_reads_no_commands_is_no_command_line():
    out, _ = scan("stdinpipe")
    assert not [f for f in out.findings if f.rule_id == "tool-path-traversal"]


def test_an_option_that_names_a_file_the_command_reads_is_told_apart_from_one_it_writes():
    from mcpaudit.analysis.cmdline import file_operands, file_option, option_mark
    from mcpaudit.analysis.taintvalue import Info

    ops = file_operands({"pg:psql": {"read": ("-f", "--file")}, "ai:agents:call": {"write": ("--output",)}})
    assert file_option(Info(clean=frozenset({option_mark("pg:psql", "--file")})), ops) == ("read", "pg:psql", "--file")
    assert file_option(Info(clean=frozenset({option_mark("ai:agents:call", "--output")})), ops) == (
        "write", "ai:agents:call", "--output")
    # the same option name of another command, or a value placed after no option: no file
    assert file_option(Info(clean=frozenset({option_mark("pg:info", "--file")})), ops) is None
    assert file_option(Info(), ops) is None
