"""Misses of the forty-first TypeScript holdout (ts55a, ``fixtures/typescript/ts55a``; issue 14).

* ``openreader``: an SSE transport with no auth in front of a page reader whose tool opens the
  caller's URL; another module names a public base URL (``https://lookup.example.com/``). The
  "tools only send requests to public services" reading (``analysis/ts/barrentools.py``) no
  longer lowers it: a tool whose caller chooses the host lends the server's network position
  (``analysis/callerhosts.py``). Twin ``openreader_safe``: a bearer check before the routes.
* ``handedserver``: a tool module's default export receives ``{ mcpServer, toolName }`` and calls
  ``mcpServer.tool(toolName, ...)``; the package depends (through its lockfile) on a host library
  that depends on the MCP SDK (``analysis/ts/mcpdeps.py``), so the call is a tool named after the
  module's file. Twin ``handedserver_safe``: the same module where no dependency is MCP.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import audit_low, line_of, scan, steps

from mcpaudit.models import Confidence

G = "ts55a"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/openreader", f"{G}/openreader_safe", f"{G}/handedserver", f"{G}/handedserver_safe",
     f"{G}/pageuploads", f"{G}/pageuploads_safe"])


def _rows(name):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line)) if f.confidence >= Confidence.MEDIUM]


def _rule(res, rule):
    return sorted((f for f in res.findings if f.rule_id == rule), key=lambda f: f.location.line)


# -- 1. a public base URL elsewhere does not lower an open transport of a caller-URL reader --


def test_an_open_transport_of_a_tool_that_opens_caller_urls_stays_in_the_default_view(tmp_path):
    g = f"{G}/openreader"
    res = audit_low(tmp_path, g)
    [open_] = _rule(res, "http-transport-no-auth")
    line = line_of("src/index.ts", 'transport = new SSEServerTransport("/messages", res);', g)
    assert (open_.location.path, open_.location.line) == ("src/index.ts", line)
    assert open_.confidence >= Confidence.MEDIUM  # (low on main: "they only send requests")
    assert open_.message.startswith("new SSEServerTransport() serves MCP over HTTP and no authentication is "
                                    "configured anywhere in the project (bound to all interfaces)")
    assert "they only send requests" not in open_.message
    [ssrf] = [f for f in _rule(res, "tool-ssrf") if f.confidence >= Confidence.MEDIUM]
    assert (ssrf.location.line, ssrf.tool) == (line_of("src/index.ts", "await page.goto(url);", g), "read_page")


def test_the_twin_with_a_bearer_check_has_no_open_transport(tmp_path):
    res = audit_low(tmp_path, f"{G}/openreader_safe")
    assert _rule(res, "http-transport-no-auth") == []


def test_requests_to_fixed_hosts_only_are_still_barren(tmp_path):
    # ts30b's chart server: no tool chooses a host, so the open transport stays low
    res = audit_low(tmp_path, "ts30b/barren")
    [open_] = _rule(res, "http-transport-no-auth")
    assert open_.confidence == Confidence.LOW and "(they only send requests)" in open_.message


# -- 2. a server handed to a tool module's default export ------------------------------------


def test_a_tool_registered_on_a_handed_server_is_named_after_its_module():
    g = f"{G}/handedserver"
    goto = line_of("tools/open-page.mjs", "await page.goto(url);", g)
    assert _rows("handedserver") == [
        ("tool-ssrf", "tools/open-page.mjs", goto, "open-page",
         "tool 'open-page' passes parameter 'url' to page.goto(): server-side request forgery "
         "(the browser also opens file:// URLs, local files)"),
    ]
    out, project = scan(g)
    assert [(t.name, t.kind) for t in project.tools] == [("open-page", "tool")]
    f = next(f for f in out.findings if f.rule_id == "tool-ssrf")
    assert steps(f)[-1] == ("tools/open-page.mjs", goto, "reaches page.goto()")


def test_the_same_module_in_a_package_with_no_mcp_dependency_registers_nothing():
    out, project = scan(f"{G}/handedserver_safe")
    assert project.tools == []
    assert _rows("handedserver_safe") == []


# -- 3. a spread of the caller's paths into a browser upload ----------------------------------


def test_a_spread_of_caller_paths_into_upload_file_is_a_file_read():
    g = f"{G}/pageuploads"
    up = line_of("server.ts", "await input.uploadFile(...documents);", g)
    rows = [r for r in _rows("pageuploads") if r[0] == "tool-path-traversal"]
    assert rows == [("tool-path-traversal", "server.ts", up, "fill_signup_form",
                     "tool 'fill_signup_form' passes parameter 'documents' to input.uploadFile(): "
                     "path traversal / arbitrary file access")]
    out, _ = scan(g)
    f = next(f for f in out.findings if f.rule_id == "tool-path-traversal")
    assert steps(f)[-1] == ("server.ts", up, "reaches input.uploadFile()")


def test_a_document_checked_under_a_fixed_folder_is_no_finding():
    assert [r for r in _rows("pageuploads_safe") if r[0] == "tool-path-traversal"] == []
