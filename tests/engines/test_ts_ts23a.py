"""General causes of the twenty-third TypeScript holdout, reader A (ts23a), each on a fixture of
our own with a safe twin (``fixtures/typescript/ts23a``):

* a simple ``{name}`` of an SDK resource template holds no ``/`` (``[^/,]+``, never decoded):
  one segment of a URL path, one component of a file path (``templatevars``);
* ``GOOGLE_APPLICATION_CREDENTIALS`` names the key file, not the key (``keypath``);
* names read from the database's own catalog are not the caller's text (``catalognames``);
* a read-only mode that hides tools from ``ListTools`` while ``CallTool`` still runs them
  (``listmode``, twin ``listmode_checked``);
* a generated (openapi-typescript-codegen) client: ``{ url: "/tasks/{id}", path: { id } }`` fills
  the URL path through ``encodeURI``, which keeps "../" (``codegen``; a number id is quiet);
* SQL drivers that take the statement in an options object, snowflake-sdk's one statement per
  call (``sqloptions``)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import by_rule, line_of, scan

from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence

GROUPS = ["ts23a/templatevars", "ts23a/keypath", "ts23a/catalognames", "ts23a/listmode", "ts23a/listmode_checked",
          "ts23a/sqloptions", "ts23a/codegen"]

test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def _default(group: str, rule: str):
    return {ln: f for (_p, ln), f in by_rule(group, rule).items() if f.confidence >= Confidence.MEDIUM}


def test_a_simple_template_variable_is_one_url_segment():
    g = "ts23a/templatevars"
    found = _default(g, "tool-ssrf")
    plus = line_of("server.ts", "/v1/files/${filePath}`", g)
    decoded = line_of("server.ts", "decodeURIComponent(String(name))", g)
    tool = line_of("server.ts", "}, async ({ projectId }) => {", g) + 1
    path_part = line_of("server.ts", "const res = await fetch(url, { headers }); // expect", g)
    assert sorted((ln, f.tool, f.parameter) for ln, f in found.items()) == [
        (path_part, "project-entry", "variables"), (plus, "project-file", "filePath"),
        (decoded, "project-decoded", "name"), (tool, "project_summary", "projectId")]
    assert found[plus].message.startswith(
        "tool 'project-file' passes parameter 'filePath' to fetch(): server-side request forgery; only a weak check "
        "on the way: it fills the path under the fixed host api.ledger.example; '../' reaches other endpoints")
    quiet = [line_of("server.ts", '"project-summary"', g) + 2]
    assert not set(quiet) & {ln for (_p, ln) in by_rule(g, "tool-ssrf")}


def test_a_template_variable_is_one_file_path_component():
    g = "ts23a/templatevars"
    joined = line_of("server.ts", 'join("/srv/docs", String(name))', g)
    found = _default(g, "tool-path-traversal")
    assert list(found) == [joined] and found[joined].tool == "doc"
    assert found[joined].message.endswith(
        "only a weak check on the way: a resource-template value holds no '/', but '..' alone names the folder "
        "above the one it is joined to")


def test_the_sdk_template_frameworks_are_catalog_data():
    assert "mcp" in catalog().typescript.one_segment_frameworks
    assert "fastmcp" not in catalog().typescript.one_segment_frameworks  # punkpeye fastmcp decodes


def test_a_key_files_path_is_no_secret():
    g = "ts23a/keypath"
    assert {ln: f.message for (_p, ln), f in by_rule(g, "secret-in-log").items()} == {
        line_of("server.ts", "billing key:", g): "secret 'process.env.BILLING_API_KEY' is written to a log by console.error()"}
    M = catalog().typescript
    assert not M.is_secret_env("GOOGLE_APPLICATION_CREDENTIALS") and M.is_secret_env("GOOGLE_CREDENTIALS")


def test_names_from_the_database_catalog_are_not_caller_input():
    g = "ts23a/catalognames"
    found = by_rule(g, "tool-sql-injection")
    line = line_of("server.ts", "// expect: tool-sql-injection", g)
    assert [(ln, f.tool, f.parameter) for (_p, ln), f in found.items()] == [(line, "count_table", "table")]


def test_a_list_only_read_only_mode_is_a_bypass():
    g = "ts23a/listmode"
    found = _default(g, "tool-read-only-bypass")
    delete = line_of("server.ts", "result = await deleteRows.run(args);", g)
    trunc = line_of("server.ts", "result = await truncate.run();", g)
    assert sorted((ln, f.tool) for ln, f in found.items()) == [(delete, "delete_rows"), (trunc, "truncate_items")]
    assert found[delete].message == (
        "tool 'delete_rows' is hidden from the tools list when readOnly (a read-only mode), but the call handler "
        "never checks that mode and still runs it when a caller names it")
    out, _ = scan(g)
    f = next(f for f in out.findings if f.location.line == delete)
    assert [(s.location.line, s.note) for s in f.flow] == [
        (line_of("server.ts", "tools: readOnly ? READERS", g), "the tools list leaves 'delete_rows' out when readOnly"),
        (delete, "the call handler dispatches 'delete_rows' whatever the mode")]


def test_a_call_handler_that_keeps_the_mode_is_quiet():
    assert not by_rule("ts23a/listmode_checked", "tool-read-only-bypass")


def test_sql_in_an_options_object():
    g = "ts23a/sqloptions"
    found = _default(g, "tool-sql-injection")
    snow = line_of("server.ts", "connection.execute({ // expect", g)
    click = line_of("server.ts", "clickhouse.query({ query: `SELECT", g)
    assert sorted((ln, f.tool, f.parameter) for ln, f in found.items()) == [
        (snow, "orders_by_region", "region"), (click, "events_of_user", "user")]
    assert found[snow].message == ("tool 'orders_by_region' passes parameter 'region' to connection.execute(): "
                                   "SQL injection (the query text is built from the value)")
    assert "describe_table" not in str(found[snow].properties.get("other_flows", ""))


def test_a_generated_clients_path_fill_through_encode_uri():
    g = "ts23a/codegen"
    found = _default(g, "tool-ssrf")
    assert [(p, ln, f.tool, f.parameter) for (p, ln), f in by_rule(g, "tool-ssrf").items()] == [
        ("generated/core/request.ts", line_of("generated/core/request.ts", "// expect: tool-ssrf", g), "get_task", "taskId")]
    f = next(iter(found.values()))
    assert f.message == (
        "tool 'get_task' passes parameter 'taskId' to fetch(): server-side request forgery; only a weak check on the "
        "way: it fills the path under the host its base URL fixes; '../' reaches other endpoints of that host with "
        "the server's credential (the 'headers' option)")
    assert ("generated/services/TasksService.ts", line_of("generated/services/TasksService.ts", "getTaskById(taskId", g) + 1) in {
        (s.location.path, s.location.line) for s in f.flow}
