"""General causes the twenty-first TypeScript holdout (reader A) found (ts21a), each on a fixture
of our own with a safe twin (``fixtures/typescript/ts21a``):

* AWS SDK v3 command objects that run a statement (Athena ``StartQueryExecutionCommand``
  ``QueryString``, RDS Data / Redshift Data ``ExecuteStatementCommand`` ``sql``/``Sql``,
  DynamoDB PartiQL ``Statement``) are query sinks, catalog rows keyed on the command class, and
  what an AWS client's ``send()`` answers is the service's (a saved query the caller picks by
  id is not the caller's text) (``awscommands``);
* a tools/list result a class returns from a field its constructor is given (``{ tools:
  this.tools }``, ``new ToolHandlers(root, TOOLS)``, ``TOOLS = createToolDefinitions()`` in
  another module): the definitions' annotations are the tools' (``fieldtools``);
* ``context.registerTool("name", { description, inputSchema }, handler)`` on a registration
  context of a package the scan does not hold is a tool (``registerwrapper``);
* the credential a client field carries is read from its own class's constructor when two
  classes of a module name their fields alike, and a key sent as a default query parameter
  (``axios.create({ params: { key: apiKey } })``) is a credential: a path fill on the keyless
  client is an audit result, on the keyed one a finding (``clientclasses``);
* a web app that cannot route to MCP (a container's internal exec API) is not the MCP HTTP
  transport when nothing serves MCP over stdio; one the entry module mounts the transport on
  still is (``webapps``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of, tools_of

from mcpaudit.models import Confidence

GROUPS = ["ts21a/awscommands", "ts21a/fieldtools", "ts21a/registerwrapper", "ts21a/clientclasses"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_aws_statement_commands_are_query_sinks():
    g = "ts21a/awscommands"
    found = by_rule(g, "tool-sql-injection")
    athena = line_of("server.ts", "user_name = '${user}'` }) // expect", g)
    rds = line_of("server.ts", "new ExecuteStatementCommand({ // expect", g)
    assert sorted((ln, f.tool, f.parameter) for (_p, ln), f in found.items()) == [
        (athena, "user_events", "user"), (rds, "order_rows", "order")]
    assert found[("server.ts", athena)].message == (
        "tool 'user_events' passes parameter 'user' to new @aws-sdk/client-athena.StartQueryExecutionCommand(): "
        "SQL injection (the query is a template literal)")
    raw = by_rule(g, "capability-raw-query")
    line = line_of("server.ts", "new StartQueryExecutionCommand({ // expect: capability-raw-query", g)
    assert [(ln, f.tool, f.parameter) for (_p, ln), f in raw.items()] == [(line, "run_query", "query")]


def test_a_tool_list_held_in_a_constructor_field_carries_its_annotations():
    g = "ts21a/fieldtools"
    tools = tools_of(g)
    assert tools["save_note"].annotations == {"readOnlyHint": True}
    assert tools["save_note"].description == "Export notes to a folder"
    assert [p.name for p in tools["read_note"].parameters] == ["name"]
    found = by_rule(g, "tool-read-only-bypass")
    line = line_of("handlers.ts", "await fs.writeFile(join(args.dir", g)
    assert [(p, ln, f.tool) for (p, ln), f in found.items()] == [("handlers.ts", line, "save_note")]
    assert found[("handlers.ts", line)].message == (
        "tool 'save_note' is annotated readOnlyHint=True but writes files (fs.promises.writeFile())")


def test_a_registration_context_with_the_sdks_shape_registers_tools():
    g = "ts21a/registerwrapper"
    assert sorted(tools_of(g)) == ["list_dir"]  # not the two-argument editor registration
    found = by_rule(g, "tool-shell-injection")
    line = line_of("tools.ts", "exec(`ls -la ${dir}`", g)
    assert [(p, ln, f.tool, f.parameter) for (p, ln), f in found.items()] == [("tools.ts", line, "list_dir", "dir")]


def test_a_client_fields_credential_is_its_own_classes():
    g = "ts21a/clientclasses"
    found = by_rule(g, "tool-ssrf")
    keyed = line_of("server.ts", "this.http.get(`/host/${ip}`)", g)
    keyless = line_of("server.ts", "this.http.get(`/advisory/${id}`)", g)
    assert sorted((ln, f.tool, f.confidence) for (_p, ln), f in found.items()) == [
        (keyed, "host_info", Confidence.MEDIUM), (keyless, "advisory_info", Confidence.LOW)]
    assert found[("server.ts", keyed)].message.endswith(
        "reaches other endpoints of that host with the server's credential (the client's 'params' option)")
    assert found[("server.ts", keyless)].message.endswith(
        "but the request carries no credential of the server's: nothing the caller could not fetch itself")


def _http(tmp_path, name):
    res = audit_group(tmp_path, f"ts21a/webapps/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"], res


def test_a_web_app_that_routes_to_no_mcp_is_not_the_transport(tmp_path):
    found, res = _http(tmp_path, "internal")
    assert found == []
    http = next(f for f in res.facts if f.id == "transport.http")
    assert http.value is not True
    assert "queue_command" in {t.name for t in res.tools}


def test_a_web_app_the_entry_module_mounts_mcp_on_is_the_transport(tmp_path):
    found, _res = _http(tmp_path, "mounted")
    line = line_of("mounted/src/app.ts", "export const app = new Hono();", "ts21a/webapps")
    assert [(f.location.path, f.location.line, f.confidence) for f in found] == [("src/app.ts", line, Confidence.MEDIUM)]
    assert found[0].message.startswith("MCP is served over HTTP")
    assert found[0].message.endswith("anyone who reaches it can call: count_words")


def test_an_app_is_kept_when_no_scanned_module_shows_mcp(tmp_path):
    found, _res = _http(tmp_path, "unseen")
    line = line_of("unseen/src/api.ts", "const app = express();", "ts21a/webapps")
    assert [(f.location.path, f.location.line) for f in found] == [("src/api.ts", line)]
