"""The thirty-second TypeScript holdout's general causes, reader A (ts32b, ``fixtures/typescript/ts32b``).

* the tool handlers of a server class nothing in the project creates (no ``new``, import, script
  or package entry names it) while another MCP server is built are reached by no MCP client: their
  findings go to the audit view naming the class (``analysis/ts/unbuiltclass.py``); the vulnerable
  twin's entry creates the class;
* an express middleware that passes the Authorization header to a function of another project
  module answering 401 (``authorizeRequest`` comparing digests with ``timingSafeEqual``), then
  chooses between ``next()`` and its own status, is authentication (``analysis/ts/delegatedauth.py``,
  read by the posture); the vulnerable twin's helper only counts requests (429, never 401);
* a tool URL opened with ``page.goto`` whose page is read back only through fixed selectors
  (``waitForSelector(".card")``, ``evaluate`` of a function reading fixed elements, also in a
  project function the page is handed to) is blind navigation: no ``file://`` clause, audit view
  over stdio (``analysis/ts/blindnav.py``); the vulnerable twin returns ``document.body.innerText``;
* a name whose last words say source code or a definition (``credential_source_code``), or a count
  of things with a credential (``nodesWithCredentials``), names no secret (the TypeScript
  ``secret-names`` row); the vulnerable twin returns ``credential_secret`` and logs ``credentials``.
"""

from __future__ import annotations

from test_ts_engine import line_of
from test_ts_ts31a import _rule, audit_group

from mcpaudit.models import Confidence

G = "ts32b"


def test_handler_of_a_created_server_class_is_reported(tmp_path):
    res = audit_group(tmp_path, f"{G}/builtclass")
    [f] = _rule(res, "tool-path-traversal")
    line = line_of("src/legacy.ts", "const text = await readFile(", f"{G}/builtclass")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        "src/legacy.ts", line, "get_topic", Confidence.HIGH)
    assert f.message.startswith("tool 'get_topic' passes parameter 'arguments['topic']' to fs/promises.readFile()")
    assert "server class" not in f.message


def test_handler_of_a_server_class_nothing_creates_is_audit_only(tmp_path):
    res = audit_group(tmp_path, f"{G}/builtclass_safe")
    [f] = _rule(res, "tool-path-traversal")
    line = line_of("src/legacy.ts", "const text = await readFile(", f"{G}/builtclass_safe")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        "src/legacy.ts", line, "get_topic", Confidence.LOW)
    assert f.message.startswith("tool 'get_topic' passes parameter 'arguments['topic']' to fs/promises.readFile()")
    assert "only server class LegacyDocsServer (src/legacy.ts:8) reaches it, and nothing in the project creates" in f.message
    assert f.message.endswith("while another MCP server is built: no MCP client reaches it (audit view)")
    # the served tool stays a tool; the unserved one is still listed (for the audit)
    assert sorted(t.name for t in res.tools if t.kind == "tool") == ["get_topic", "list_topics"]


def test_credential_named_values_are_secrets(tmp_path):
    res = audit_group(tmp_path, f"{G}/credsecret")
    [r] = _rule(res, "secret-in-tool-result")
    assert (r.location.path, r.location.line, r.tool, r.confidence) == (
        "src/index.ts", line_of("src/index.ts", "row.credential_secret", f"{G}/credsecret"), "get_node_source",
        Confidence.HIGH)
    assert r.message == "tool 'get_node_source' returned a value containing secret 'row.credential_secret' to the caller"
    [g] = _rule(res, "secret-in-log")
    assert (g.location.path, g.location.line, g.tool) == (
        "src/index.ts", line_of("src/index.ts", "console.error(", f"{G}/credsecret"), None)
    assert g.message == "secret 'stats.credentials' is written to a log by console.error()"


def test_credential_source_code_and_counts_are_no_secrets(tmp_path):
    res = audit_group(tmp_path, f"{G}/credsecret_safe")
    assert _rule(res, "secret-in-tool-result") == []
    assert _rule(res, "secret-in-log") == []
    assert [t.name for t in res.tools if t.kind == "tool"] == ["get_node_source"]


def test_middleware_handing_the_header_to_a_helper_that_never_rejects_is_no_auth(tmp_path):
    res = audit_group(tmp_path, f"{G}/delegatedauth")
    [f] = _rule(res, "http-transport-no-auth")
    assert (f.location.path, f.location.line, f.tool) == (
        "src/index.ts", line_of("src/index.ts", "private app = express();", f"{G}/delegatedauth"), None)
    assert f.message.startswith("MCP is served over HTTP (src/index.ts:8: the transport is chosen at run time")
    assert "no authentication is configured anywhere in the project; anyone who reaches it can call: count_notes" in f.message


def test_middleware_delegating_to_a_helper_that_answers_401_is_auth(tmp_path):
    res = audit_group(tmp_path, f"{G}/delegatedauth_safe")
    assert _rule(res, "http-transport-no-auth") == []
    [fact] = [x for x in res.facts if x.id == "http.auth"]
    assert fact.value is True
    line = line_of("src/index.ts", "authHeader: req.headers.authorization", f"{G}/delegatedauth_safe")
    assert [(e.path, e.line) for e in fact.evidence] == [("src/index.ts", line)]


def test_navigation_whose_page_is_returned_whole_keeps_the_file_clause(tmp_path):
    res = audit_group(tmp_path, f"{G}/blindnav")
    [f] = _rule(res, "tool-ssrf")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        "src/index.ts", line_of("src/index.ts", "await page.goto(url);", f"{G}/blindnav"), "get_recipe", Confidence.HIGH)
    assert f.message == ("tool 'get_recipe' passes parameter 'url' to page.goto(): server-side request forgery "
                         "(the browser also opens file:// URLs, local files)")


def test_blind_navigation_over_stdio_is_audit_only(tmp_path):
    res = audit_group(tmp_path, f"{G}/blindnav_safe")
    [f] = _rule(res, "tool-ssrf")
    assert (f.location.path, f.location.line, f.tool, f.confidence) == (
        "src/index.ts", line_of("src/index.ts", "await page.goto(url);", f"{G}/blindnav_safe"), "get_recipe",
        Confidence.LOW)
    assert f.message.startswith("tool 'get_recipe' passes parameter 'url' to page.goto(): server-side request "
                                "forgery; blind navigation: the page is read back only through fixed selectors")
    assert "file://" not in f.message
    assert f.message.endswith("(the browser runs on the user's side over stdio: audit view)")
