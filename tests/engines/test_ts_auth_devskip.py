"""Auth that steps aside by default (fixtures/typescript/authunset/devskip*, devrefuse): a
middleware that calls next() while its secret is unset and NODE_ENV is not "production" (unset by
default) is optional authentication; an Origin check that admits ``Origin: null`` for a loopback
Host keeps no web page out (a sandboxed iframe sends null), so the loopback server is reported
at default confidence."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_ts_engine import audit_group, line_of


def _found(tmp_path, name):
    res = audit_group(tmp_path, f"authunset/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_middleware_that_passes_while_its_secret_is_unset_outside_production_is_optional(tmp_path):
    [f] = _found(tmp_path, "devskip")
    assert (f.location.path, f.location.line) == (
        "server.ts", line_of("devskip/server.ts", "new StreamableHTTPServerTransport(", "authunset"))
    unset = line_of("devskip/auth.ts", "if (!secret) {", "authunset")
    origin = line_of("devskip/server.ts", 'origin === "null"', "authunset")
    assert "authentication is optional, off unless configured" in f.message
    assert f"(if a credential is configured: auth.ts:{unset} lets every request through while none is)" in f.message
    assert f.message.endswith(
        f"(bound to 127.0.0.1: reachable from this machine and, through DNS rebinding, from web pages, since the "
        f"Origin check at server.ts:{origin} admits Origin 'null', which a sandboxed iframe on any web page sends)")
    assert f.confidence == Confidence.MEDIUM


def test_the_same_middleware_refusing_while_unset_is_authentication(tmp_path):
    assert _found(tmp_path, "devrefuse") == []


def test_optional_auth_on_loopback_behind_a_strict_origin_check_is_not_a_default_finding(tmp_path):
    # a loopback server that keeps web pages out: audit view only (low confidence, filtered here)
    assert _found(tmp_path, "devskip_origin") == []


def test_the_finding_shows_where_the_auth_steps_aside_and_the_origin_check_admits_null(tmp_path):
    [f] = _found(tmp_path, "devskip")
    assert [(s.location.path, s.location.line, s.note) for s in f.flow] == [
        ("auth.ts", line_of("devskip/auth.ts", "if (!secret) {", "authunset"),
         "lets every request through while no credential is configured"),
        ("server.ts", line_of("devskip/server.ts", 'origin === "null"', "authunset"),
         "admits Origin 'null' (a sandboxed iframe on any web page)"),
        # (tsflow30: the listen call that serves the transport, with its address)
        ("server.ts", line_of("devskip/server.ts", 'app.listen(3010, "127.0.0.1")', "authunset"),
         "app.listen() listens on 127.0.0.1:3010: the HTTP server the transport is served on"),
        ("server.ts", f.location.line, "new StreamableHTTPServerTransport() serves MCP over HTTP"),
    ]
