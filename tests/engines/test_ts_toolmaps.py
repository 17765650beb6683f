"""Tools dispatched through a name-to-object map (fixtures/typescript/toolmap, toolclasses,
toolmap_unresolved): tool objects or class instances in a list handed to the server, picked by
the requested name (``this.toolsMap[name].execute(args)``, ``tools.find((t) => t.name ===
name).handler(args)``) in a call-tool handler. Each listed definition is a tool whose handler's
parameters are tool inputs; a dispatch to nothing the project lists leaves the inventory
incomplete (mcpaudit/analysis/ts/toolmaps.py)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import audit_group, line_of, only, scan, tools_of


@pytest.mark.parametrize("name", ["toolmap", "toolclasses", "toolmap_unresolved", "toolmap_nested"])
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_listed_definition_objects_are_the_tools_of_a_map_dispatch():
    tools = tools_of("toolmap")
    assert set(tools) == {"run_sql", "count_rows", "table_size", "alter_role", "recent_orders",
                          "order_columns"}  # no call_tool pseudo-tool
    run = tools["run_sql"]
    assert (run.kind, run.framework, run.location.path, run.function) == ("tool", "lowlevel", "tools/sql.ts", "runSqlTool.execute")
    assert run.description == "Execute arbitrary SQL statements against the database."
    assert [(p.name, p.description) for p in run.parameters] == [("sql", "the SQL text")]  # a named schema
    assert [(p.name, p.tainted) for p in tools["table_size"].parameters] == [("table", False)]


def test_a_picked_tools_raw_query_is_its_capability_with_the_flow_through_the_map():
    out, _ = scan("toolmap")
    f = only(out.findings, tool="run_sql")
    assert f.rule_id == "capability-raw-query"
    assert f.location.line == line_of("tools/sql.ts", "await pool.query(sql)", "toolmap")
    notes = [(s.location.path, s.note) for s in f.flow]
    assert ("server.ts", "passed to handleToolCall()") in notes
    assert ("server.ts", "passed to execute()") in notes
    assert notes[-1] == ("tools/sql.ts", "reaches pool.query()")


def test_a_picked_tool_building_sql_from_its_argument_is_an_injection_and_its_enum_twin_is_not():
    out, _ = scan("toolmap")
    f = only(out.findings, tool="count_rows")
    assert f.rule_id == "tool-sql-injection"
    assert f.message.startswith("tool 'count_rows' passes parameter 'arguments['table']' to pool.query(): SQL injection")
    assert not [f for f in out.findings if f.tool == "table_size"]


def test_named_sub_schemas_parsed_data_and_a_literal_quoter_keep_values_clean():
    out, _ = scan("toolmap")
    f = only(out.findings, tool="alter_role")
    assert f.location.line == line_of("tools/sql.ts", "ALTER ROLE ${role} NOINHERIT", "toolmap")
    assert f.message.startswith("tool 'alter_role' passes parameter 'arguments['role']' to pool.query()")
    # limit: z.object({ limit: LimitSchema.optional() }) read from safeParse(args).data is a number;
    # quoteLiteral returns a number as is (typeof) or the string with its quotes doubled: both
    # paths are clean for SQL, so their meet is
    tools = tools_of("toolmap")
    assert [(p.name, p.tainted) for p in tools["alter_role"].parameters] == [
        ("role", True), ("limit", False), ("note", True)]


def test_a_parsed_value_passed_whole_keeps_its_schema_and_a_length_is_a_number():
    # recentOrders(Schema.parse(args)) reads input.order (an enum) into ORDER BY and numbers a
    # bind placeholder with params.length: neither is an injection
    out, _ = scan("toolmap")
    assert not [f for f in out.findings if f.tool == "recent_orders"]


def test_a_list_mapped_through_a_validator_by_reference_is_clean_and_through_a_trim_is_not():
    out, _ = scan("toolmap")
    f = only(out.findings, tool="order_columns")
    assert f.location.line == line_of("tools/sql.ts", "SELECT ${named} FROM orders", "toolmap")
    assert f.message.startswith("tool 'order_columns' passes parameter 'arguments['labels']'")
    assert "passed to label()" in [s.note for s in f.flow]


def test_listed_class_instances_found_by_name_aretools_of():
    tools = tools_of("toolclasses")
    assert set(tools) == {"read_share_file", "list_share"}
    assert tools["read_share_file"].function == "ReadShareFileTool.handler"
    assert tools["read_share_file"].description == "Read a file of the share."
    out, _ = scan("toolclasses")
    f = only(out.findings, tool="read_share_file")
    assert (f.rule_id, f.location.line) == ("tool-path-traversal", line_of("tools.ts", "readFileSync(path.join(ROOT", "toolclasses"))
    assert not [f for f in out.findings if f.tool == "list_share"]


def test_a_dispatch_to_a_registry_filled_at_run_time_is_unfollowed():
    _, project = scan("toolmap_unresolved")
    assert [(u["path"], u["line"], u["callee"], u["kind"]) for u in project.unfollowed] == [
        ("server.ts", line_of("server.ts", "await plugin.run(", "toolmap_unresolved"), "registry[name].run", "dispatch")]
    _, followed = scan("toolmap")
    assert followed.unfollowed == []


def test_an_unfollowed_map_dispatch_marks_the_surface_incomplete(tmp_path):
    res = audit_group(tmp_path, "toolmap_unresolved")
    line = line_of("server.ts", "await plugin.run(", "toolmap_unresolved")
    assert res.surface["complete"] is False and res.surface["evidence"] == f"server.ts:{line}"
    assert res.surface["reason"] == "a call_tool dispatch the analysis could not follow (registry[name].run)"


def test_a_handler_wrapping_the_sdks_own_over_registered_tools_leaves_the_surface_complete():
    _, project = scan("toolmap_sdk")
    assert {t.name for t in project.tools if t.kind == "tool"} == {"echo"}
    assert project.unfollowed == []


def test_entries_whose_handler_is_under_a_field_are_the_tools_of_a_find_by_name():
    """``{ type, tool: { name: Names.X, call } }`` entries in lists, a map filled at run time,
    found by ``t.tool.name === name || ...`` after the name lost a client's prefix
    (``name = parts[parts.length - 1]``), called as ``(entry.tool as T).call(...)``."""
    tools = tools_of("toolmap_nested")
    assert set(tools) == {"fetch-docs-page", "fetch-docs-page-strict", "read-note"}  # enum member names
    t = tools["fetch-docs-page"]
    assert (t.kind, t.framework, t.location.path, t.function) == ("tool", "lowlevel", "tools/docs.ts", "fetchDocsTool.tool.call")
    assert t.description == "Fetch a page of the product documentation by its URL."
    assert scan("toolmap_nested")[1].unfollowed == []  # entry.tool.ajvValidate-style calls are no dispatch


def test_a_picked_entrys_fetch_behind_a_prefix_ending_at_the_host_is_reported_with_the_flow_through_the_map():
    out, _ = scan("toolmap_nested")
    f = only(out.findings, tool="fetch-docs-page")
    assert (f.rule_id, f.location.path) == ("tool-ssrf", "tools/docs.ts")
    assert f.location.line == line_of("tools/docs.ts", "const res = await fetch(url);  // expect", "toolmap_nested")
    assert "startsWith('https://docs.example.com') without a '/' after the host" in f.message
    notes = [(s.location.path, s.note) for s in f.flow]
    assert ("server.ts", "passed to call()") in notes
    assert ("tools/docs.ts", "checked: URL prefix") in notes
    assert notes[-1] == ("tools/docs.ts", "reaches fetch()")
    # the twin with the '/' after the host is no default finding: the host is pinned, and the
    # path it still fills is fetched with no credential of the server's (an audit result, ts16b);
    # the enum-typed note stays quiet
    assert not [f for f in out.findings if f.tool == "read-note"]
    strict = [f for f in out.findings if f.tool == "fetch-docs-page-strict"]
    assert [(f.rule_id, f.confidence.label) for f in strict] == [("tool-ssrf", "low")]
    assert strict[0].message.endswith("but the request carries no credential of the server's: nothing the caller "
                                      "could not fetch itself")
