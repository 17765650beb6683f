"""General causes read from the seventeenth TypeScript holdout (ts17b), each on a fixture of our
own with a safe twin (``fixtures/typescript/ts17b``):

* an API-key predicate that returns true while its key is unset (``if (!this.config.apiKey) {
  return true; }``, its caller refusing on false) is optional authentication; the finding lands
  on the library's listener (the v2 SDK's ``NodeStreamableHTTPServerTransport``), not on a test
  fixture's server (``src/fixtures/``) (``authpredicate``);
* an ODBC connection string (``odbc.connect(`DSN=${dsn};...`)``) with a caller's value is a
  connection target (``conninfo``);
* a target kept between calls that two routes hand over is reported at each hand-over
  (``handovers``);
* a pattern rule's injection hit in a function that only a command-line command reaches goes to
  the audit view with the reason (``cliscript``)."""

from __future__ import annotations


from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of, steps

GROUPS = ["ts17b/conninfo", "ts17b/handovers"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def _http(tmp_path, name):
    res = audit_group(tmp_path, f"ts17b/authpredicate/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"], res


def test_a_key_predicate_that_accepts_while_unset_is_optional_auth_at_the_librarys_listener(tmp_path):
    found, res = _http(tmp_path, "off")
    group = "ts17b/authpredicate"
    line = line_of("off/src/serve.ts", "new NodeStreamableHTTPServerTransport(", group)
    check = line_of("off/src/auth.ts", "if (!this.config.apiKey) {", group)
    assert [(f.location.path, f.location.line, f.confidence) for f in found] == [
        ("src/serve.ts", line, Confidence.MEDIUM)]
    assert found[0].message.startswith(
        "new NodeStreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional, off "
        f"unless configured: if (!this.config.apiKey) {{ return true; }} at src/auth.ts:{check}")
    assert found[0].message.endswith("anyone who reaches it can call: relay")  # not the fixture's echo
    assert steps(found[0])[0] == ("src/auth.ts", check, "lets every request through while no credential is configured")
    assert res.exposure["auth"] is False


def test_a_key_predicate_that_refuses_while_unset_is_authentication(tmp_path):
    found, res = _http(tmp_path, "on")
    assert found == []
    assert res.exposure["auth"] is True


def test_the_v2_sdk_transports_are_http_transports():
    from mcpaudit.catalog import catalog

    transports = catalog().typescript.surface.http_transports
    assert transports["@modelcontextprotocol/node.NodeStreamableHTTPServerTransport"] == "streamable-http"
    assert transports["@modelcontextprotocol/server.createMcpHandler"] == "streamable-http"
    assert transports["@modelcontextprotocol/server-legacy/sse.SSEServerTransport"] == "sse"


def test_an_odbc_connection_string_with_a_callers_value_is_a_connection_target():
    ssrf = by_rule("ts17b/conninfo", "tool-ssrf")
    line = line_of("server.ts", "odbc.connect(`DSN=${dsn}", "ts17b/conninfo")
    assert list(ssrf) == [("server.ts", line)]
    f = ssrf[("server.ts", line)]
    assert f.tool == "list_schemas" and f.confidence == Confidence.HIGH
    assert f.message == (
        "tool 'list_schemas' passes parameter 'dsn' to connect() connection string: server-side request forgery "
        "(an ODBC connection string; an unquoted value in it can add HOST=, SERVER= or DRIVER= and send the "
        "password to another host)")


def test_each_route_that_hands_over_a_kept_target_is_reported():
    ssrf = by_rule("ts17b/handovers", "tool-ssrf")
    group = "ts17b/handovers"
    sse = line_of("src/transport.ts", "const server = createServer( //", group)
    mcp = line_of("src/transport.ts", "const server = createServer(baseUrl, token);", group)
    assert sorted(ssrf) == [("src/transport.ts", sse), ("src/transport.ts", mcp)]
    assert {f.tool for f in ssrf.values()} == {"GET /sse", "POST /mcp"}
    f = ssrf[("src/transport.ts", mcp)]
    assert f.message == ("tool 'POST /mcp' passes parameter 'params['headers']' to fetch(): server-side request "
                         "forgery (the value is kept as the target of later requests, which reach fetch() at "
                         f"src/client.ts:{line_of('src/client.ts', 'await fetch(url', group)}) (the request carries the "
                         "server's credential 'process.env.API_TOKEN' to the host the caller chooses)")
    assigned = line_of("src/transport.ts", "const baseUrl = (req.headers", group)
    assert ("src/transport.ts", assigned, "assigned to 'baseUrl'") in steps(f)


def test_a_pattern_hit_only_a_command_line_command_reaches_is_audit_view(tmp_path):
    res = audit_group(tmp_path, "ts17b/cliscript", engines=("ts", "semgrep"))
    hits = {(f.location.path, f.location.line): f for f in res.findings if f.rule_id == "ts-exec-template-string"}
    tool_line = line_of("src/scripts/announce.ts", "sudoPrompt.exec(`wall", "ts17b/cliscript")
    assert list(hits) == [("src/scripts/announce.ts", tool_line)]  # reached from the tool: stays
    from mcpaudit import api
    from mcpaudit.config import Config

    low = api.audit([tmp_path / "ts17b-cliscript"], Config(engines=("ts", "semgrep"), cache=False,
                                                           min_confidence=Confidence.LOW))
    cli_line = line_of("src/scripts/register.ts", "sudoPrompt.exec(line", "ts17b/cliscript")
    f = next(f for f in low.findings if f.rule_id == "ts-exec-template-string" and f.location.line == cli_line)
    assert f.confidence == Confidence.LOW and f.properties["taint-verdict"] == "unreached"
    assert f.message.endswith("none reaches the function this is in (only other project code calls it: a "
                              "command-line command, an install or build script), so no tool caller's value "
                              "is behind it (audit view)")


CHALLENGE = """
import http from "http";
import type { IncomingMessage } from "http";
import { McpServer } from "@modelcontextprotocol/server";
import { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";

interface Profile { acceptApiKeys: boolean; apiKey?: string }

// true answers "send the OAuth challenge": a switch about keys, not a key left unset
function requestShouldReceiveChallenge(req: IncomingMessage, profile: Profile): boolean {
  if (!profile.acceptApiKeys) return true;
  const given = req.headers["x-api-key"];
  if (given && given === profile.apiKey) return false;
  return true;
}

export function serve(profile: Profile) {
  const server = new McpServer({ name: "search", version: "1.0.0" });
  http.createServer(async (req, res) => {
    if (requestShouldReceiveChallenge(req, profile)) {
      res.writeHead(401).end();
      return;
    }
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  }).listen(8080, "0.0.0.0");
}
"""


def test_a_switch_about_keys_in_a_challenge_predicate_is_no_optional_auth(tmp_path):
    from test_ts_engine import _audit

    res = _audit(tmp_path, {"src/serve.ts": CHALLENGE}, engines=("ts", "cst"))
    assert [f for f in res.findings if f.rule_id == "http-transport-no-auth"] == []
    assert res.exposure["auth"] is True
