"""Issue 12, branch py58a: a pipeline runner that splits the caller's line into stages and runs
each stage's words (``[shlex.split(s) for s in stages]``, then ``run(*parts[0])`` and ``for argv
in parts[1:]: run(*argv)``) lets the caller choose each stage's program: a shell injection, as
``run(shlex.split(line))`` is (argvsplits.py). Behind a validator whose program allow-list holds
launchers (xargs, find, awk) it is reported at default confidence; behind a launcher-free
allow-list it stays in the audit view (``fixtures/py58a``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "analysis"))

from pyflowgroups import TAINT_FIXTURES, copied_rule_rows, line_in  # noqa: E402

PROJECTS = TAINT_FIXTURES.parent / "py58a"
SPLIT = ("tool 'cloud_pipeline' passes parameter 'command' to asyncio.create_subprocess_exec(): OS command "
         "injection (the caller's text is split into the argv (shlex.split): it chooses the program and its "
         "arguments); only a weak check on the way: checked by validate_pipeline() (not verified by mcpaudit)")
FIRST = "proc = await asyncio.create_subprocess_exec(*first, stdout=asyncio.subprocess.PIPE)"
LATER = "proc = await asyncio.create_subprocess_exec(*argv, stdin=asyncio.subprocess.PIPE"


def test_pipeline_stages_behind_a_launcher_allow_list_are_shell_injection(tmp_path):
    server = PROJECTS / "pipe_launchers" / "server.py"
    found = copied_rule_rows(PROJECTS, "pipe_launchers", tmp_path, "tool-shell-injection")
    note = (": its program allow-list holds programs that run other programs (awk, find, xargs), so the "
            "caller runs any program through them")
    assert sorted(found) == sorted([
        ("server.py", line_in(server, FIRST), "medium", "cloud_pipeline", SPLIT + note),
        ("server.py", line_in(server, LATER), "medium", "cloud_pipeline", SPLIT + note),
    ])
    assert copied_rule_rows(PROJECTS, "pipe_launchers", tmp_path / "again", "tool-argument-injection") == []


def test_pipeline_stages_behind_a_filter_allow_list_stay_in_the_audit_view(tmp_path):
    server = PROJECTS / "pipe_filters" / "server.py"
    found = copied_rule_rows(PROJECTS, "pipe_filters", tmp_path, "tool-shell-injection")
    assert sorted(found) == sorted([
        ("server.py", line_in(server, FIRST), "low", "cloud_pipeline", SPLIT),
        ("server.py", line_in(server, LATER), "low", "cloud_pipeline", SPLIT),
    ])


def test_a_validator_that_fixes_the_program_leaves_argument_injection(tmp_path):
    # ``if parts[0].lower() != "cloud": raise`` then a startswith deny-list of the raw line: the
    # program is the validator's, the caller's words are its options (a global option before the
    # service word passes the prefix test)
    server = PROJECTS / "fixed_program" / "server.py"
    sink = "result = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=60)"
    found = [r for r in copied_rule_rows(PROJECTS, "fixed_program", tmp_path, "tool-argument-injection")]
    assert found == [("server.py", line_in(server, sink), "medium", "cloud_cli",
                      "tool 'cloud_cli' passes parameter 'command' to subprocess.run(): argument injection (the "
                      "validator fixes the program to 'cloud'; the caller's other words are its arguments and "
                      "options, past a check on the raw text); only a weak check on the way: checked by "
                      "validate_cloud_command() (not verified by mcpaudit)")]
    shell = copied_rule_rows(PROJECTS, "fixed_program", tmp_path / "again", "tool-shell-injection")
    assert [r[2] for r in shell] == ["low"] and all("not traced to an MCP tool parameter" in r[4] for r in shell)


def test_a_fixed_program_with_one_operand_after_dashes_is_quiet(tmp_path):
    for rule in ("tool-argument-injection", "tool-shell-injection"):
        assert copied_rule_rows(PROJECTS, "fixed_program_operand", tmp_path / rule, rule) == []


def test_sql_given_to_a_query_program_on_its_command_line_is_sql_injection(tmp_path):
    # psql -c <sql> run here; bq query [flags] <sql> built here and run by a wrapper
    server = PROJECTS / "sql_programs" / "server.py"
    found = copied_rule_rows(PROJECTS, "sql_programs", tmp_path, "tool-sql-injection")
    psql = 'result = subprocess.run(["psql", "-X", "-c", sql, "analytics"], capture_output=True, text=True, timeout=60)'
    bq = 'return run_command(["bq", "query", "--format=json", "--use_legacy_sql=false", query])'
    assert sorted(found) == sorted([
        ("server.py", line_in(server, psql), "high", "table_rows",
         "tool 'table_rows' passes parameter 'table' to subprocess.run(['psql', ...]): SQL injection (run as SQL by "
         "psql -c)"),
        ("server.py", line_in(server, bq), "high", "dataset_tables",
         f"tool 'dataset_tables' passes parameter 'dataset' to subprocess.run() through the argument list built at "
         f"line {line_in(server, bq)}: SQL injection (run as SQL by bq query)"),
    ])


def test_values_bound_as_client_variables_or_options_are_no_sql(tmp_path):
    # psql -v tbl=<value> ... :"tbl", bq query --parameter=ds::<value>: an option of its own, no statement
    for rule in ("tool-sql-injection", "tool-argument-injection", "tool-read-only-bypass"):
        found = copied_rule_rows(PROJECTS, "sql_programs_bound", tmp_path / rule, rule)
        assert [r for r in found if r[2] != "low"] == []


def test_a_keyword_deny_list_before_a_query_program_is_a_read_only_bypass(tmp_path):
    # bq query <sql> behind ``if is_destructive(sql): ask`` (DELETE, DROP, ... without MERGE, EXPORT DATA, GRANT, CALL)
    server = PROJECTS / "sql_program_denylist" / "server.py"
    found = copied_rule_rows(PROJECTS, "sql_program_denylist", tmp_path, "tool-read-only-bypass")
    assert len(found) == 1
    path, line, conf, tool, msg = found[0]
    assert (path, line, conf, tool) == ("server.py", line_in(server, 'result = subprocess.run(["bq", "query",'),
                                        "high", "run_query")
    assert msg.startswith("tool 'run_query' lets caller query text 'sql' reach subprocess.run(['bq', ...]) behind a "
                          "read-only check by keyword deny-list")
    assert "(in is_destructive())" in msg
