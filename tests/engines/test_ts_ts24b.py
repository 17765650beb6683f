"""General causes the twenty-fourth TypeScript holdout (part B) found (ts24b), each on a fixture
of our own with a safe twin (``fixtures/typescript/ts24b``):

* a bearer check that steps aside while its token parameter is unset is authentication when
  every caller of the function passes a token that is always set (the operator's, or a generated
  one) (``authparam``);
* a Fastify route whose auth hook exists only when a value is handed in (``preHandler: auth ?
  [auth] : undefined``) is optional authentication, unless every caller hands one in
  (``authhook``);
* Cloudflare's ``createMcpHandler`` (agents/mcp) in a Worker's fetch handler serves MCP over HTTP
  at the platform's public address (``worker``);
* npm-check-updates' ``doctorInstall``/``doctorTest`` options are command lines, also when the
  options object is built by spreading a parameter (``optcommands``)."""

from __future__ import annotations

from test_ts_engine import audit_group, line_of, scan

from mcpaudit.models import Confidence


def _transport(tmp_path, group):
    res = audit_group(tmp_path, group, engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"], res


def test_a_token_every_caller_passes_makes_the_unset_skip_dead(tmp_path):
    found, _ = _transport(tmp_path, "ts24b/authparam/given")
    assert found == []


def test_a_token_the_caller_may_leave_unset_keeps_the_auth_optional(tmp_path):
    [f], _ = _transport(tmp_path, "ts24b/authparam/optional")
    g = "ts24b/authparam"
    skip = line_of("optional/server.ts", "if (!bearerToken) {", g)
    assert (f.location.path, f.location.line) == (
        "server.ts", line_of("optional/server.ts", "new StreamableHTTPServerTransport(", g))
    assert f.tool is None and f.confidence == Confidence.MEDIUM
    assert f.message.startswith(
        f"new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional, off unless "
        f"configured: if (!bearerToken) {{ ... next() }} at server.ts:{skip} is added conditionally")


def test_a_fastify_auth_hook_present_only_when_configured_is_optional(tmp_path):
    [f], _ = _transport(tmp_path, "ts24b/authhook/optional")
    g = "ts24b/authhook"
    hook = line_of("optional/routes.ts", "preHandler: authHook ? [authHook] : undefined,", g)
    assert (f.location.path, f.location.line) == (
        "routes.ts", line_of("optional/routes.ts", "new StreamableHTTPServerTransport(", g))
    assert (f"authentication is optional, off unless configured: preHandler: authHook ? [authHook] : undefined at "
            f"routes.ts:{hook} is added conditionally") in f.message
    assert f.message.endswith("; anyone who reaches it can call: count_books")
    assert [(s.location.path, s.location.line, s.note) for s in f.flow] == [
        ("routes.ts", hook, "lets every request through while no credential is configured"),
        ("routes.ts", f.location.line, "new StreamableHTTPServerTransport() serves MCP over HTTP"),
    ]


def test_a_fastify_auth_hook_every_caller_fills_is_authentication(tmp_path):
    found, _ = _transport(tmp_path, "ts24b/authhook/given")
    assert found == []


def test_a_workers_mcp_handler_serves_http_at_a_public_address(tmp_path):
    [f], res = _transport(tmp_path, "ts24b/worker/open")
    line = line_of("open/worker.ts", "createMcpHandler(server", "ts24b/worker")
    assert (f.location.path, f.location.line) == ("worker.ts", line)
    assert f.message == (
        "createMcpHandler() in the Worker's fetch handler serves MCP over HTTP and no authentication is "
        "configured anywhere in the project (bound to all interfaces); anyone who reaches it can call: lookup_word")
    facts = {x.id: x.value for x in res.facts}
    assert facts["transport.streamable_http"] is True and facts["http.bind_all"] is True


def test_a_workers_mcp_handler_behind_a_bearer_check_is_authenticated(tmp_path):
    found, res = _transport(tmp_path, "ts24b/worker/guarded")
    assert found == []
    facts = {x.id: x.value for x in res.facts}
    assert facts["transport.streamable_http"] is True and facts["http.auth"] is True


def test_the_doctor_options_of_npm_check_updates_are_commands():
    out, _ = scan("ts24b/optcommands")
    [f] = [f for f in out.findings if f.rule_id == "tool-shell-injection"]
    g = "ts24b/optcommands"
    assert (f.location.path, f.location.line, f.tool, f.parameter) == (
        "server.ts", line_of("server.ts", "return (await ncu.run(settings))", g), "probe_upgrades", "installWith")
    assert f.message == (
        "tool 'probe_upgrades' passes parameter 'installWith' to npm-check-updates.run(): OS command injection "
        "(npm-check-updates' doctor mode runs it as an install or test command through a shell)")
    assert [s.location.line for s in f.flow] == [
        line_of("server.ts", "async ({ folder, installWith, verifyWith }) => {", g),
        line_of("server.ts", "const found = await runUpdates({", g),
        line_of("server.ts", "async function runUpdates(", g),
        f.location.line]


def test_fixed_doctor_commands_and_a_caller_filter_run_nothing_the_caller_writes():
    out, _ = scan("ts24b/optcommands")
    assert [f for f in out.findings if f.tool == "probe_fixed"] == []
