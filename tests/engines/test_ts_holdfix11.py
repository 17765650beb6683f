"""General causes read from the eleventh TypeScript holdout (issue 14), each on a fixture of our
own with a safe twin: a zod field refined by a named anchored regex that cannot start with '-'
is no option, and a path made absolute (``path.resolve``, ``realpath``, the true arm of
``path.isAbsolute(p) ? p : ...``) never is (``zodregex``); a read-only tool writing and deleting
files it names itself in its own temporary folder does no write its caller directs
(``scratchfiles``); tool objects built by factory functions, merged into one list and picked
by ``tools.find((t) => t.name === name).handler(args)`` are the tools, and InfluxDB 3's client
runs SQL (``toollists``); authentication added in one arm of an ``if`` while the other serves the
same routes open is optional, and the transport is reported where the open arm serves it
(``authbranch``); a caller's file name handed to a program that writes the file its operand names
(``xcrun simctl io <device> screenshot <file>``), directly or through the project's runner, is a
path sink (``argvwrites``)."""

from __future__ import annotations


import test_ts_engine
from mcpaudit.models import Confidence
from test_ts_engine import audit_group, by_rule, line_of, scan, steps

GROUPS = ["zodregex", "scratchfiles", "toollists", "argvwrites"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_named_anchored_regex_in_a_zod_object_keeps_options_out():
    arg = by_rule("zodregex", "tool-argument-injection")
    assert {f.tool for f in arg.values()} == {"wipe_device", "install_bundle"}
    f = arg[("server.ts", line_of("server.ts", '["erase", device]', "zodregex"))]
    assert f.message == ("tool 'wipe_device' passes parameter 'device' to child_process.execFile(): argument "
                         "injection (a value starting with '-' is read as an option (no '--' before it))")


def test_an_absolute_path_is_no_option_a_normalised_one_can_be():
    arg = by_rule("zodregex", "tool-argument-injection")
    lines = {line for (_, line), f in arg.items() if f.tool == "install_bundle"}
    assert lines == {line_of("server.ts", "path.normalize(bundle)", "zodregex")}
    f = arg[("server.ts", line_of("server.ts", "path.normalize(bundle)", "zodregex"))]
    assert ("server.ts", line_of("server.ts", "async ({ bundle })", "zodregex"),
            "parameter 'bundle' of MCP tool 'install_bundle' (caller-controlled)") in steps(f)


def test_the_servers_own_scratch_files_are_no_write():
    ro = by_rule("scratchfiles", "tool-read-only-bypass")
    assert {f.tool for f in ro.values()} == {"show_last", "drop_preview"}
    f = ro[("server.ts", line_of("server.ts", "fs.unlinkSync(STATE_FILE)", "scratchfiles"))]
    assert f.message == "tool 'show_last' is annotated readOnlyHint=True but deletes files (fs.unlinkSync())"
    trav = by_rule("scratchfiles", "tool-path-traversal")
    g = trav[("server.ts", line_of("server.ts", "fs.unlinkSync(file)", "scratchfiles"))]
    assert g.tool == "drop_preview" and "parameter 'name'" in g.message


def test_tools_from_factory_lists_picked_by_find_are_followed():
    out, project = scan("toollists")
    tools = {t.name: t for t in project.tools}
    assert {"health_check", "describe_table", "count_rows"} <= set(tools)
    assert "call_tool" not in tools and "weekly_report" not in tools
    assert [p.name for p in tools["describe_table"].parameters] == ["table"]
    assert tools["describe_table"].location.path == "tools/query.ts"
    assert not project.unfollowed
    sql = by_rule("toollists", "tool-sql-injection")
    f = sql[("services/metrics.ts", line_of("services/metrics.ts", "this.client.queryPoints(sql", "toollists"))]
    assert f.tool == "describe_table"
    assert f.message == ("tool 'describe_table' passes parameter 'arguments['table']' to this.client.queryPoints(): "
                         "SQL injection (the query text is built from the value)")
    assert ("tools/query.ts", line_of("tools/query.ts", "metrics.describe(args.table)", "toollists"),
            "passed to describe()") in steps(f)
    # the prompt dispatch picks from the prompt list only: no tool handler is reached from it
    assert not [g for g in out.findings if g.tool in ("count_rows", "get_prompt", "health_check")]


def _transport(tmp_path, name):
    res = audit_group(tmp_path, f"authbranch/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_auth_in_one_arm_of_a_flag_is_optional_and_the_open_arm_is_reported(tmp_path):
    [f] = _transport(tmp_path, "flagged")
    arms = [i for i, ln in enumerate((test_ts_engine.FIXTURES / "authbranch/flagged/server.ts")
                                     .read_text().splitlines(), 1) if 'new SSEServerTransport("/messages"' in ln]
    assert (f.location.path, f.location.line) == ("server.ts", arms[1])
    guard = line_of("flagged/server.ts", "const bearer = requireBearerAuth(", "authbranch")  # the call, not the import (rev52t)
    other = line_of("flagged/server.ts", "} else {", "authbranch")
    assert f.message == (
        "new SSEServerTransport() serves MCP over HTTP and authentication is optional, off unless configured: "
        f"requireBearerAuth at server.ts:{guard} is added conditionally (if withAuth; else the same routes are "
        f"served without it, line {other}) (and 3 more places alike) (bound to all interfaces); anyone who reaches "
        "it can call: read_note")
    assert f.confidence == Confidence.MEDIUM


def test_auth_in_both_arms_is_authentication(tmp_path):
    assert _transport(tmp_path, "always") == []


def test_an_output_file_operand_of_a_writing_program_is_a_path_sink():
    trav = by_rule("argvwrites", "tool-path-traversal")
    assert {f.tool for f in trav.values()} == {"capture", "record"}
    f = trav[("server.ts", line_of("server.ts", "target, // expect", "argvwrites"))]
    assert f.message == ("tool 'capture' passes parameter 'name' to child_process.execFile() through run() at "
                         f"server.ts:{line_of('server.ts', 'await execFileAsync(cmd, args)', 'argvwrites')}: path "
                         "traversal / arbitrary file access (an operand of 'xcrun simctl io', which changes the file "
                         "it names; write)")
    g = trav[("server.ts", line_of("server.ts", 'spawn("xcrun", [', "argvwrites"))]
    assert ("server.ts", line_of("server.ts", "    path.join(SHOTS, name),", "argvwrites"),
            "an operand of 'xcrun simctl io', which changes the file it names") in steps(g)
