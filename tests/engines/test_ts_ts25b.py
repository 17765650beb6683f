"""General causes of the misses of the twenty-fifth TypeScript holdout (ts25b), each on a fixture
of our own with a safe twin (``fixtures/typescript/ts25b``):

* the error of a request on an HTTP client instance built with the operator's credential carries
  the instance's config: logged whole, it writes the credential, whether the request is made in
  the try block, in a method the try block calls, or by a helper object built over the instance
  (``clienterrors``);
* the Chrome DevTools Protocol's ``Page.navigate({ url })`` opens ``file:`` URLs as Puppeteer's
  ``page.goto`` does: a caller's URL there reads local files unless its scheme is checked
  (``cdpnavigate``);
* TLS checks off behind a switch off by default but named for another feature (``if
  (this.tokenAuth)``) stay a default finding; only a switch named for the opt-out is one
  (``featuretls``);
* an injection into a sink whose raw form another tool of the server offers (a selector pasted
  into a script beside an ``execute_script`` tool on the same evaluator) goes to the audit view
  (``offered``);
* authentication judged per route: a transport served on a route with no middleware, no guard in
  its handler and none mounted app-wide is unauthenticated, whatever guards the other routes
  (``routeauth``);
* a middleware that hands every request on while an environment switch is unset (``if
  (process.env.AUTH_ENABLED !== "true") return next()``) is optional authentication
  (``envswitch``)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of

from mcpaudit.models import Confidence

GROUPS = ["ts25b/clienterrors", "ts25b/cdpnavigate", "ts25b/offered/raw", "ts25b/offered/alone"]

test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_called_methods_request_error_logged_whole_carries_the_instances_credential():
    g = "ts25b/clienterrors"
    logs = by_rule(g, "secret-in-log")
    switch = logs[("server.ts", line_of("server.ts", 'logger.error("tool failed", { error });', g))]
    request = line_of("server.ts", "private async getTicket(id: string) {", g) + 1
    assert switch.tool is None
    assert switch.message == "secret 'this.api's headers' is written to a log by logger.error()"
    assert [s.note for s in switch.flow] == [
        "the request this.api makes sends the client's 'headers' option",
        f"the axios error of the request on line {request} carries that request, its credential included",
        "reaches logger.error()"]
    assert switch.flow[0].location.line == request


def test_a_helper_built_over_the_instance_fails_with_its_requests_error():
    g = "ts25b/clienterrors"
    f = by_rule(g, "secret-in-log")[("server.ts", line_of("server.ts", 'console.error("listing failed:", error);', g))]
    assert f.tool == "list_tickets"
    assert f.message == "secret 'this.api's headers' is written to a log by console.error()"
    walk = line_of("server.ts", "await this.walker.every(", g)
    assert f.flow[1].note == f"the axios error of the request on line {walk} carries that request, its credential included"


def test_cdp_page_navigate_opens_the_callers_file_url():
    g = "ts25b/cdpnavigate"
    f = by_rule(g, "tool-ssrf")[("server.ts", line_of("server.ts", "await client.Page.navigate({ url });", g))]
    assert f.tool == "open_page"
    assert f.message == ("tool 'open_page' passes parameter 'url' to client.Page.navigate(): server-side request "
                         "forgery (the browser also opens file:// URLs, local files)")
    cap = by_rule(g, "capability-network-request")[("server.ts", line_of("server.ts", "await Page.navigate({ url });", g))]
    assert cap.tool == "open_web_page"


def test_tls_off_behind_a_switch_named_for_another_feature_stays(tmp_path):
    """``if (this.tokenAuth) { this.config.ssl = { rejectUnauthorized: false } }``: the switch is
    off unless set, but it asks for token authentication, not for unchecked certificates; the
    twin ``if (this.acceptSelfSigned)`` is the operator's explicit opt-out (audit view)."""
    import shutil

    from mcpaudit.engines import semgrep

    src = test_ts_engine.FIXTURES / "ts25b" / "featuretls" / "client.ts"
    shutil.copy(src, tmp_path / "client.ts")
    out = semgrep.run([tmp_path / "client.ts"], tmp_path, timeout=600)
    got = sorted((f.location.line, f) for f in out.findings if f.rule_id == "tls-verify-disabled")
    g = "ts25b/featuretls"
    assert [line for line, _ in got] == [line_of("client.ts", "if (this.tokenAuth) {", g) + 1,
                                        line_of("client.ts", "if (this.acceptSelfSigned) {", g) + 1]
    (_, feature), (_, opted) = got
    assert feature.confidence > Confidence.LOW
    assert "audit view" not in feature.message
    assert opted.confidence == Confidence.LOW
    assert opted.message.endswith(
        "; certificate checking is off only where this.acceptSelfSigned holds, a switch that is off unless set "
        "(this.acceptSelfSigned = options.acceptSelfSigned ?? false at line 13): an explicit opt-out, not the "
        "default (audit view)")


def test_an_injection_into_the_evaluator_a_sibling_offers_raw_is_audit_only():
    g = "ts25b/offered/raw"
    f = by_rule(g, "tool-code-injection")[("server.ts", line_of("server.ts", "document.querySelector('${selector}')", g))]
    assert f.tool == "click_button" and f.confidence == Confidence.LOW
    assert f.message == (
        "tool 'click_button' passes parameter 'selector' to page.evaluate(): code injection (run as script in the "
        "browser page); tool 'run_page_script' already hands its caller's own input to page.evaluate() as is (its "
        "capability): nothing beyond it (audit view)")
    alone = by_rule("ts25b/offered/alone", "tool-code-injection")
    [kept] = alone.values()
    assert kept.confidence == Confidence.HIGH and "audit view" not in kept.message


def _no_auth(tmp_path, group):
    res = audit_group(tmp_path, group, engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_transport_on_a_route_nothing_guards_is_unauthenticated(tmp_path):
    g = "ts25b/routeauth"
    [f] = _no_auth(tmp_path, f"{g}/open")
    route = line_of("open/server.ts", 'app.get("/sse", async (req, res) => {', g)
    built = line_of("open/server.ts", 'const transport = new SSEServerTransport("/messages", res);', g)
    guarded = line_of("open/server.ts", 'app.post("/mcp", requireApiKey', g)  # its middleware is named (ts50a hookauth)
    assert (f.location.path, f.location.line) == ("server.ts", route)
    assert f.message.startswith(
        f"new SSEServerTransport() serves MCP over HTTP and its route GET /sse has no authentication (no middleware "
        f"on it, no guard in its handler, none mounted app-wide; the transport is built at line {built}): the "
        f"project's authentication (app.post(\"/mcp\", requireApiKey, async (req, res) => {{ at server.ts:{guarded}) "
        f"guards other routes only")
    assert f.properties["open_route"] == "GET /sse"


def test_authentication_mounted_app_wide_guards_every_route(tmp_path):
    assert _no_auth(tmp_path, "ts25b/routeauth/mounted") == []


def test_a_middleware_an_unset_environment_switch_turns_off_is_optional(tmp_path):
    g = "ts25b/envswitch"
    [f] = _no_auth(tmp_path, f"{g}/optin")
    gate = line_of("optin/server.ts", 'if (process.env.AUTH_ENABLED !== "true"', g)
    assert f.location.line == line_of("optin/server.ts", "new StreamableHTTPServerTransport(", g)
    assert f.message.startswith(
        "new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional, off unless "
        f'configured: if (process.env.AUTH_ENABLED !== "true" || req.method === "GET") return next() at server.ts:{gate}')
    assert _no_auth(tmp_path / "twin", f"{g}/optout") == []
