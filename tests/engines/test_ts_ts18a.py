"""General causes read from the eighteenth TypeScript holdout (ts18a), each on a fixture of our
own with a safe twin (``fixtures/typescript/ts18a``):

* authentication evidence by name is code, not prose: "to authenticate:" in a log string, a
  middleware named in a comment, or an Authorization header the module *sets* on its own outgoing
  requests does not make an unauthenticated Streamable HTTP transport authenticated
  (``authwords``);
* a credential word followed by a word naming whom or where it is about (``bearerIdentity``,
  ``authorization_servers``) is no secret by name, in both languages' catalogs; object-rest
  destructuring that splits a secret-named key off (``const { accessToken: _r, ...safe } =
  options``) leaves the rest without that secret (``secretnames``);
* a callback written as a property of an object literal in a typed table (``const TOOLS:
  readonly UtilityTool[] = [{ execute: async (params, { client }) => ... }]``) takes its
  parameters' types from the interface's property, so a method called on a destructured
  dependency resolves (``tabletools``);
* MCP Apps' ``registerAppTool(server, name, config, handler)`` registers a tool like
  ``server.registerTool`` (``apptools``); the Dynatrace SDK's ``queryExecute({ body })`` runs the
  DQL of ``body.query``, followed into a variable's property of a nested option name
  (``dqlquery``)."""

from __future__ import annotations

import pytest

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of

GROUPS = ["ts18a/secretnames", "ts18a/apptools", "ts18a/dqlquery"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def _http(tmp_path, group):
    res = audit_group(tmp_path, group, engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"], res


def test_auth_words_in_strings_comments_and_header_writes_are_no_authentication(tmp_path):
    found, res = _http(tmp_path, "ts18a/authwords/open")
    line = line_of("open/src/server.ts", "new StreamableHTTPServerTransport(", "ts18a/authwords")
    assert [(f.location.path, f.location.line, f.confidence) for f in found] == [
        ("src/server.ts", line, Confidence.MEDIUM)]
    assert found[0].message == (
        "new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication is configured anywhere "
        "in the project (bound to all interfaces); anyone who reaches it can call: list_mail")
    assert res.exposure["auth"] is False


def test_a_middleware_that_reads_the_header_and_answers_401_is_authentication(tmp_path):
    found, res = _http(tmp_path, "ts18a/authwords/guarded")
    assert found == []
    assert res.exposure["auth"] is True


def test_auth_names_are_kept_only_in_code():
    from mcpaudit.analysis.ts.module import analyze_module
    from mcpaudit.analysis.ts.parse import parse

    src = (b'const a = "use requireBearerAuth";\n'
           b"// checkAuth is not called\n"
           b"console.log(`to authenticate: ${u}`);\n"
           b'headers["Authorization"] = `Bearer ${t}`;\n'
           b"const h = req.headers.authorization;\n"
           b"app.use(requireBearerAuth({ verifier }));\n"
           b"const cfg = { authenticate: async () => true };\n"
           b"const s = `${checkAuth(req)}`;\n")
    summary = analyze_module("a.ts", src, parse(src, "a.ts"))
    assert [(a["pos"][0], a["detail"]) for a in summary.auth] == [
        (5, "headers.authorization"), (6, "requireBearerAuth"), (7, "authenticate:"), (8, "checkAuth")]


@pytest.mark.parametrize("lang", ["python", "typescript"])
def test_a_credential_word_before_an_identity_or_place_word_is_no_secret_name(lang):
    from mcpaudit.catalog import catalog

    models = getattr(catalog(), lang)
    for name in ("bearerIdentity", "bearer_identity", "authorization_servers", "authorizationServers",
                 "authorizationServerMetadata",
                 "apiKeyId", "token_user", "cookieDomain", "jwtSubject"):
        assert not models.is_secret_name(name), name
    for name in ("bearerToken", "BEARER_TOKEN", "authorization", "accessToken", "api_key", "AUTH_SERVER_TOKEN",
                 "password", "jwt", "credentials"):
        assert models.is_secret_name(name), name


def test_rest_destructuring_that_splits_the_token_off_is_not_logged():
    logs = by_rule("ts18a/secretnames", "secret-in-log")
    kept = line_of("server.ts", "(${method}) with ${JSON.stringify(rest)}", "ts18a/secretnames")
    assert list(logs) == [("server.ts", kept)]
    assert logs[("server.ts", kept)].message == (
        "secret 'process.env.GRAPH_TOKEN' is written to a log by console.error()")
    results = by_rule("ts18a/secretnames", "secret-in-tool-result")
    assert [(k, f.tool) for k, f in results.items()] == [
        (("server.ts", line_of("server.ts", "token ${bearerToken}", "ts18a/secretnames")), "session_token")]


def test_a_table_callback_takes_its_parameter_types_from_the_tables_interface():
    out, _ = test_ts_engine.scan("ts18a/tabletools")
    group = "ts18a/tabletools"
    caps = sorted((f.location.line, f.tool, f.rule_id) for f in out.findings)
    opened = line_of("server.ts", 'await open(destinationPath, "wx"', group)
    written = line_of("server.ts", "writeFileSync(String(params.outputPath)", group)
    assert caps == [(opened, "download_to_file", "capability-file-access"),
                    (written, "save_bytes", "capability-file-access")]
    f = next(f for f in out.findings if f.tool == "download_to_file")
    assert f.parameter == "outputPath"
    assert "parameter 'outputPath' reaches fs/promises.open() as is" in f.message


def test_contextual_parameter_types_read_the_declared_element_type():
    from mcpaudit.analysis.ts.module import TsModule
    from mcpaudit.analysis.ts import nodes as N
    from mcpaudit.analysis.ts.ctxtypes import contextual_param_types
    from mcpaudit.analysis.ts.parse import parse

    src = (b"interface U { execute: (p: Params, c: Context) => void; run(a: A, b: B): void; }\n"
           b"const T: readonly U[] = [{ execute: async (p, c) => 1 }];\n"
           b"const R: Record<string, U> = { a: { run: (x, y) => 1 } };\n"
           b"const S = [{ execute: (p, c) => 1 }] satisfies U[];\n"
           b"const V: U = { execute: function (p, c) { return 1; } };\n"
           b"const W = [{ execute: (p, c) => 1 }];\n")
    mod = TsModule("a.ts", src, parse(src, "a.ts"))
    fns = [n for n in N.descendants(mod.tree.root_node, "arrow_function")] + list(
        N.descendants(mod.tree.root_node, "function_expression"))
    got = sorted((f.start_point[0], contextual_param_types(mod, f)) for f in fns)
    assert got == [(1, ["Params", "Context"]), (2, ["A", "B"]), (3, ["Params", "Context"]),
                   (4, ["Params", "Context"]), (5, [])]


def test_an_app_with_no_route_listened_on_for_its_port_is_no_web_server(tmp_path):
    found, res = _http(tmp_path, "ts18a/idleapp/idle")
    assert found == []
    assert res.exposure["http"] is False and res.exposure["transports"] == ["stdio"]
    assert res.exposure["bind_all"] is not True  # its listen(0) binds nothing that serves


def test_an_app_with_a_route_is_a_web_server_of_the_projects_own(tmp_path):
    found, _ = _http(tmp_path, "ts18a/idleapp/open")
    line = line_of("open/src/server.ts", "const app = express();", "ts18a/idleapp")
    assert [(f.location.path, f.location.line) for f in found] == [("src/server.ts", line)]
    assert found[0].message.startswith(
        f"a web server of the project's own listens on every interface (src/server.ts:{line})")


def test_register_app_tool_registers_a_tool():
    tools = test_ts_engine.tools_of("ts18a/apptools")
    assert sorted(tools) == ["disk_report", "uptime_chart"]
    disk = tools["disk_report"]
    assert disk.kind == "tool" and disk.description == "Show the disk usage of a folder as a chart"
    assert [(p.name, p.tainted) for p in disk.parameters] == [("folder", True), ("depth", False)]
    shell = by_rule("ts18a/apptools", "tool-shell-injection")
    line = line_of("server.ts", "execSync(`du -d", "ts18a/apptools")
    assert shell[("server.ts", line)].tool == "disk_report"
    assert shell[("server.ts", line)].parameter == "folder"


def test_a_nested_option_given_as_a_variable_reaches_the_query_sink_as_is():
    caps = by_rule("ts18a/dqlquery", "capability-raw-query")
    line = line_of("server.ts", "queryExecutionClient.queryExecute({ body", "ts18a/dqlquery")
    assert list(caps) == [("server.ts", line)]
    f = caps[("server.ts", line)]
    assert f.tool == "execute_dql" and f.parameter == "dqlStatement"
    assert f.message == ("tool 'execute_dql' runs query text the caller writes (reads and writes): parameter "
                         "'dqlStatement' reaches queryExecutionClient.queryExecute() as is")
    assert not by_rule("ts18a/dqlquery", "tool-sql-injection")  # error_logs: a number in fixed DQL
