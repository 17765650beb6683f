"""The thirtieth TypeScript holdout's general causes (ts30b, ``fixtures/typescript/ts30b``).

* modules no entry point imports are no authentication evidence, and a non-tool finding there
  goes to the audit view (``analysis/ts/entrygraph.py``); the twin imports and mounts the same
  middleware;
* a token check that runs only when the request sends an Authorization header is optional
  authentication (``analysis/ts/headerauth.py``); the twin refuses a request without one;
* the SDK's transports built without ``enableDnsRebindingProtection: true`` leave a loopback
  server open to web pages (``analysis/ts/barerebind.py``); the twin sets it;
* ``@chatmcp/sdk``'s ``RestServerTransport`` serves MCP over HTTP (a catalog row); the twin runs
  over stdio;
* a lookup in the server's store refused when nothing is found narrows the key
  (``analysis/ts/lookupguard.py``); the twin deletes without it;
* ``new Date(x)`` carries nothing of ``x`` (a builtins sanitizer row); the twin uses ``x``;
* an open transport whose tools reach no file, command, code or database and which holds no
  credential is reported at low confidence (``analysis/ts/barrentools.py``); the twin's requests
  carry a key.
"""

from __future__ import annotations

from test_ts_engine import audit_low as audit_group, line_of

from mcpaudit.models import Confidence

G = "ts30b"


def _rule(res, rule):
    return sorted((f for f in res.findings if f.rule_id == rule), key=lambda f: f.location.line)


def test_auth_in_a_module_no_entry_point_imports_guards_nothing(tmp_path):
    res = audit_group(tmp_path, f"{G}/deadauth")
    [open_] = _rule(res, "http-transport-no-auth")
    line = line_of("src/index.ts", "const transport = new StreamableHTTPServerTransport(", f"{G}/deadauth")
    assert (open_.location.path, open_.location.line, open_.confidence) == ("src/index.ts", line, Confidence.MEDIUM)
    assert open_.message.startswith("new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication "
                                    "is configured anywhere in the project (bound to all interfaces)")
    [log] = _rule(res, "secret-in-log")
    assert (log.location.path, log.confidence) == ("src/api/auth.ts", Confidence.LOW)
    assert "not reachable from any entry point of the server" in log.message


def test_auth_the_entry_point_imports_and_mounts_counts(tmp_path):
    res = audit_group(tmp_path, f"{G}/liveauth")
    assert not _rule(res, "http-transport-no-auth")
    [log] = _rule(res, "secret-in-log")
    assert log.confidence == Confidence.MEDIUM and "entry point" not in log.message


def test_a_token_checked_only_when_sent_is_optional_auth(tmp_path):
    res = audit_group(tmp_path, f"{G}/headerauth")
    [open_] = _rule(res, "http-transport-no-auth")
    check = line_of("server.ts", "if (authHeader) {", f"{G}/headerauth")
    served = line_of("server.ts", "const transport = new StreamableHTTPServerTransport(", f"{G}/headerauth")
    assert (open_.location.line, open_.confidence) == (served, Confidence.MEDIUM)
    assert (f"authentication is optional: if (authHeader) at server.ts:{check} checks the credential only when the "
            "request sends one, so a request with no Authorization header is let through") in open_.message
    assert "anyone who reaches it can call: restart" in open_.message


def test_a_request_without_a_header_refused_is_auth(tmp_path):
    res = audit_group(tmp_path, f"{G}/headerauth_required")
    assert not _rule(res, "http-transport-no-auth")


def test_a_loopback_sdk_transport_without_rebinding_protection_is_open_to_web_pages(tmp_path):
    res = audit_group(tmp_path, f"{G}/rebinding")
    [open_] = _rule(res, "http-transport-no-auth")
    line = line_of("server.ts", "const transport = new StreamableHTTPServerTransport({", f"{G}/rebinding")
    assert (open_.location.line, open_.confidence) == (line, Confidence.MEDIUM)
    assert ("(bound to localhost by default: reachable from this machine and, through DNS rebinding, from web pages, "
            "since nothing checks Host or Origin: the mcp SDK's new StreamableHTTPServerTransport() with no "
            f"enableDnsRebindingProtection: true at server.ts:{line} leaves DNS-rebinding protection off") in open_.message


def test_a_loopback_sdk_transport_with_rebinding_protection_stays_low(tmp_path):
    res = audit_group(tmp_path, f"{G}/rebinding_protected")
    [open_] = _rule(res, "http-transport-no-auth")
    assert open_.confidence == Confidence.LOW
    assert "reachable from this machine only; the SDK's StreamableHTTPServerTransport" in open_.message


def test_chatmcp_rest_transport_serves_http(tmp_path):
    res = audit_group(tmp_path, f"{G}/restsdk")
    [open_] = _rule(res, "http-transport-no-auth")
    line = line_of("server.ts", "const transport = new RestServerTransport(", f"{G}/restsdk")
    assert (open_.location.line, open_.confidence) == (line, Confidence.MEDIUM)
    assert open_.message.startswith("new RestServerTransport() serves MCP over HTTP and no authentication is configured")
    assert open_.message.endswith("anyone who reaches it can call: save_text")


def test_the_same_server_over_stdio_is_not_http(tmp_path):
    res = audit_group(tmp_path, f"{G}/restsdk_stdio")
    assert not _rule(res, "http-transport-no-auth")


def test_a_key_found_in_the_servers_store_is_not_traversal(tmp_path):
    res = audit_group(tmp_path, f"{G}/lookup")
    paths = [f for f in _rule(res, "tool-path-traversal") if f.confidence > Confidence.LOW]
    line = line_of("server.ts", "await unlink(`/var/lib/docs/${id}.md`);", f"{G}/lookup")
    assert [(f.location.line, f.tool, f.parameter) for f in paths] == [(line, "delete_unchecked", "id")]
    assert paths[0].message.startswith("tool 'delete_unchecked' passes parameter 'id' to fs/promises.unlink(): path traversal")


def test_a_date_built_from_the_value_carries_nothing_of_it(tmp_path):
    res = audit_group(tmp_path, f"{G}/dates")
    ssrf = [f for f in _rule(res, "tool-ssrf") if f.confidence > Confidence.LOW]
    line = line_of("server.ts", "const res = await fetch(`${BASE}/api/history/period/${start_time}`", f"{G}/dates")
    assert [(f.location.line, f.tool, f.parameter) for f in ssrf] == [(line, "history_raw", "start_time")]
    assert ssrf[0].message.startswith("tool 'history_raw' passes parameter 'start_time' to fetch(): server-side request forgery")


def test_an_open_transport_in_front_of_tools_that_reach_nothing_is_low(tmp_path):
    res = audit_group(tmp_path, f"{G}/barren")
    [open_] = _rule(res, "http-transport-no-auth")
    line = line_of("server.ts", 'transport = new SSEServerTransport("/messages", res);', f"{G}/barren")
    assert (open_.location.line, open_.confidence) == (line, Confidence.LOW)
    assert ("its tools reach no file, command, code or database and the server reads no secret from its environment "
            "(they only send requests)") in open_.message


def test_an_open_transport_whose_requests_carry_a_key_stays(tmp_path):
    res = audit_group(tmp_path, f"{G}/barren_keyed")
    [open_] = _rule(res, "http-transport-no-auth")
    assert open_.confidence == Confidence.MEDIUM and "reach no file" not in open_.message


def test_an_open_transport_in_front_of_a_private_service_stays(tmp_path):
    res = audit_group(tmp_path, f"{G}/barren_private")
    [open_] = _rule(res, "http-transport-no-auth")
    assert open_.confidence == Confidence.MEDIUM and "reach no file" not in open_.message
