"""General causes of wrong findings and hidden tools read from the twelfth TypeScript holdout
(SaaS, devops, payments, messaging; issue 14), each on a fixture of our own with a safe twin: an
origin fixed by a constant of another module (ES import, re-export, namespace, CommonJS) or by a
variable built on a literal origin whose path segment is not the caller's, with the caller's text
in the path or query only (``hostconsts``); a call-tool handler that answers one tool inline and
hands the rest to a helper's switch serves both, and a helper's conditional default
(``if (!params.arguments) params.arguments = {}``) keeps the caller's arguments on the other path
(``inlinedispatch``); a secret-named variable whose every value is a number or a boolean (a
cookie file's mtime, a reload count) is no secret (``secretnumbers``); a file name and a folder
refused by failed shape tests (no separator, no '..' segment, not absolute) written as arrow
functions in the handler are confined, also in a later block under the same action test
(``localpredicates``); a bearer check that passes while its token is unset is no optional
authentication when start-up validation refuses to serve without that token, and the transport
finding names the evidence of its own file, not a login command's OAuth client (``startupauth``)."""

from __future__ import annotations


from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of, steps, tools_of

GROUPS = ["hostconsts", "inlinedispatch", "secretnumbers", "localpredicates"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_an_origin_constant_of_another_module_fixes_the_host():
    ssrf = by_rule("hostconsts", "tool-ssrf")
    shown = {f.tool for f in ssrf.values() if f.confidence >= Confidence.MEDIUM}
    assert shown == {"get_bare_item", "get_legacy_bare_item", "find_tenant", "get_rooted", "get_item"}
    # the origin fixes the host: the caller's text fills its path; with the server's token that is
    # the path-only finding (reqcreds.py), without one an audit result
    f = ssrf[("src/api.ts", line_of("src/api.ts", "fetch(`${API_BASE}${endpoint}`", "hostconsts"))]
    assert f.message.endswith("it fills the path under the fixed host api.example.com; '../' reaches other endpoints "
                              "of api.example.com with the server's credential (the 'headers' option)")
    assert {f.tool for f in ssrf.values() if f.confidence == Confidence.LOW} == {
        "get_item_v2", "get_item_again", "get_legacy_item"}
    f = ssrf[("src/api.ts", line_of("src/api.ts", "fetch(`${BARE_HOST}${endpoint}`)", "hostconsts"))]
    assert f.message == "tool 'get_bare_item' passes parameter 'path' to fetch(): server-side request forgery"
    assert ("src/server.ts", line_of("src/server.ts", "await bareFetch(path)", "hostconsts"),
            "passed to bareFetch()") in steps(f)


def test_a_literal_origin_is_not_undone_by_a_segment_the_caller_does_not_choose():
    ssrf = by_rule("hostconsts", "tool-ssrf")
    assert ("src/api.ts", line_of("src/api.ts", "fetch(`${baseUrl}?${params}`)", "hostconsts")) not in ssrf
    # after a '?' the caller's text is a query whatever the code put first (a project function's root)
    assert ("src/api.ts", line_of("src/api.ts", "/projects?${params.toString()}", "hostconsts")) not in ssrf
    f = ssrf[("src/api.ts", line_of("src/api.ts", "fetch(`${baseUrl}?api-version=7.1`)", "hostconsts"))]
    assert f.message == "tool 'find_tenant' passes parameter 'tenant' to fetch(): server-side request forgery"


def test_an_inline_tool_does_not_hide_the_helpers_switch():
    tools = tools_of("inlinedispatch")
    assert set(tools) == {"discover_tools", "read_note", "run_check", "list_notes", "search_notes", "search_fixed"}
    assert tools["read_note"].framework == "lowlevel"


def test_a_conditional_default_of_the_arguments_keeps_their_taint():
    trav = by_rule("inlinedispatch", "tool-path-traversal")
    f = trav[("server.ts", line_of("server.ts", 'fs.readFileSync(file, "utf8")', "inlinedispatch"))]
    assert f.tool == "read_note"
    assert f.message == ("tool 'read_note' passes parameter 'arguments['file']' to fs.readFileSync(): path "
                         "traversal / arbitrary file access")
    shell = by_rule("inlinedispatch", "tool-shell-injection")
    g = shell[("server.ts", line_of("server.ts", "exec(`check ${target}`)", "inlinedispatch"))]
    assert g.tool == "run_check"
    arg = by_rule("inlinedispatch", "tool-argument-injection")
    assert {f.tool for f in arg.values()} == {"search_notes"}  # not search_fixed: replaced, not defaulted


def test_a_secret_named_number_is_no_secret():
    logs = by_rule("secretnumbers", "secret-in-log")
    assert set(logs) == {("server.ts", line_of("server.ts", "console.error(`cookie: ${cookie}`)", "secretnumbers")),
                         ("server.ts", line_of("server.ts", 'console.error("session", sessionToken)', "secretnumbers"))}
    f = logs[("server.ts", line_of("server.ts", "console.error(`cookie: ${cookie}`)", "secretnumbers"))]
    assert f.message == "secret 'cookie' is written to a log by console.error()"


def test_local_arrow_predicates_that_refuse_a_path_shape_are_guards(tmp_path):
    trav = by_rule("localpredicates", "tool-path-traversal")
    assert {f.tool for f in trav.values()} == {"save_report", "save_copy"}
    # refusing absolute paths is no check since ts27b (as for Python): save_note's write is its capability
    caps = by_rule("localpredicates", "capability-file-access")
    note = caps[("server.ts", line_of("server.ts", 'writeFileSync(resolve(file), "note")', "localpredicates"))]
    assert note.tool == "save_note"
    assert note.message.startswith("tool 'save_note' reads and writes any file the caller names: parameter 'file' "
                                   "reaches fs.writeFileSync() as is")
    f = trav[("server.ts", line_of("server.ts", 'writeFileSync(join("/srv/reports", name)', "localpredicates"))]
    assert f.message == ("tool 'save_report' passes parameter 'name' to fs.writeFileSync(): path traversal / "
                         "arbitrary file access (write)")
    res = audit_group(tmp_path, "localpredicates")
    assert not [c for c in res.capabilities if c.tool == "save_artifact"]
    assert not [g for g in res.findings if g.tool == "save_artifact"]


def _transports(tmp_path, name):
    res = audit_group(tmp_path, f"startupauth/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_start_up_validation_that_requires_the_token_enforces_it(tmp_path):
    assert _transports(tmp_path, "enforced") == []


def test_an_optional_token_is_named_where_the_server_is(tmp_path):
    [f] = _transports(tmp_path, "open")
    assert (f.location.path, f.location.line) == (
        "server.ts", line_of("open/server.ts", 'new SSEServerTransport("/messages", res)', "startupauth"))
    check = line_of("open/server.ts", "if (!sseAuthToken) return next();", "startupauth")
    assert f.message.startswith(
        "new SSEServerTransport() serves MCP over HTTP and authentication is optional, off unless configured: "
        f"if (!sseAuthToken) return next() at server.ts:{check} is added conditionally (if a credential is "
        f"configured: server.ts:{check} lets every request through while none is)")
    assert "cli.ts" not in f.message
