"""TypeScript recall on the ledger (ts57b, issue 14, ``fixtures/typescript/ts57b``).

* ``factorytool``/``factorytool_safe``: a tool registered inside a module-level arrow factory
  (``const initializeServer = (options) => { server.tool("send_notification", ...) }``) that the
  module calls once. The registration is read in the factory and again where the module calls it;
  the surface lists the tool once (by kind, name, path and line: ``ts/linksurface._once_each``).
* ``sdkgetter``/``sdkgetter_safe``: a tsdav ``DAVClient`` built with the login in one module and handed
  out by a manager's getter (``davManager.getCalDavClient()``); the tool gives it the caller's URL.
  The getter call was read as the client's construction, which gives no credential, so the flow was
  the tool's declared fetch (a capability). A call that is none of the receiver class's constructors
  hands out a client built where the scan does not see, which keeps its key (``ts/sdkclients.py``):
  a default ``tool-ssrf`` carrying ``client.authHeaders``. The twin checks the host against a set.
* ``queryurl``/``queryurl_safe``: ``fetch(`https://chat.example.com/api/users.list?${params}`)``:
  a constant head that already holds scheme, host, path and a ``?`` leaves only the query to vary,
  which moves the request nowhere: no ``tool-ssrf`` row, not even in the audit view
  (``narrowing.query_only_prefix``). With the caller's method in the path it stays a path fill.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import audit_low, line_of

from mcpaudit.models import Confidence

G = "ts57b"
_NAMES = ["factorytool", "factorytool_safe", "queryurl", "queryurl_safe", "sdkgetter", "sdkgetter_safe",
          "readonlymode", "readonlymode_safe"]
SRC = "src/index.ts"

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/{n}" for n in _NAMES])


def _all(tmp_path, name):
    """The whole audit with the audit view shown: its findings and the report's tools."""
    res = audit_low(tmp_path, f"{G}/{name}")
    return res.findings + res.capabilities, res


def test_a_tool_registered_inside_a_called_factory_is_listed_once_and_its_flow_kept(tmp_path):
    g = f"{G}/factorytool"
    findings, project = _all(tmp_path, "factorytool")
    tools = [(t.name, t.location.path, t.location.line) for t in project.tools]
    assert tools == [("send_notification", SRC, line_of(SRC, "async ({ title, body }) => {", g))]
    [f] = findings
    assert (f.rule_id, f.location.path, f.location.line, f.tool) == (
        "tool-shell-injection", SRC, line_of(SRC, "execSync(`notify-send", g), "send_notification")
    assert "passes parameter" in f.message and "child_process.execSync()" in f.message
    assert "OS command injection" in f.message


def test_the_safe_factory_twin_lists_its_tool_once_and_reports_nothing(tmp_path):
    findings, project = _all(tmp_path, "factorytool_safe")
    assert [t.name for t in project.tools] == ["send_notification"]
    assert findings == []


def test_a_caller_method_in_the_path_before_the_query_stays_a_path_fill(tmp_path):
    g = f"{G}/queryurl"
    findings, project = _all(tmp_path, "queryurl")
    assert [t.name for t in project.tools] == ["call_method"]
    f = next(f for f in findings if f.confidence >= Confidence.MEDIUM)
    assert (f.rule_id, f.location.path, f.location.line, f.tool) == (
        "tool-ssrf", SRC, line_of(SRC, "api/${method}?${params}`, { headers }); // expect", g), "call_method")
    assert "parameter 'method'" in f.message and "fixed host chat.example.com" in f.message
    # the helper no tool calls varies the path too: an audit-view row, low
    [low] = [f for f in findings if f.confidence < Confidence.MEDIUM]
    assert (low.rule_id, low.location.line, low.tool) == (
        "tool-ssrf", line_of(SRC, "const params = new URLSearchParams({ team_id: TEAM });", g) + 1, None)
    assert "not traced to an MCP tool parameter" in low.message


def test_a_url_whose_constant_head_ends_in_the_query_is_no_ssrf_in_any_view(tmp_path):
    findings, project = _all(tmp_path, "queryurl_safe")
    assert [t.name for t in project.tools] == ["list_users"]
    assert [(f.rule_id, f.location.line, f.message) for f in findings] == []


def test_query_only_prefix_reads_scheme_host_and_query():
    from mcpaudit.analysis.narrowing import query_only_prefix

    assert query_only_prefix("https://slack.com/api/users.list?")
    assert query_only_prefix("https://api.example.com?q=")
    assert query_only_prefix("https://docs.example.com/page#")
    assert not query_only_prefix("https://slack.com/api/")
    assert not query_only_prefix("/api/users.list?")  # no host: a base URL decides it
    assert not query_only_prefix("")
    assert not query_only_prefix(None)


# -- an SDK client handed out by a getter keeps its login --------------------------------------


def test_a_dav_client_from_a_managers_getter_sends_its_login_to_the_callers_url(tmp_path):
    g = f"{G}/sdkgetter"
    findings, project = _all(tmp_path, "sdkgetter")
    assert [t.name for t in project.tools] == ["delete_event"]
    [f] = findings
    assert (f.rule_id, f.location.path, f.location.line, f.tool, f.confidence) == (
        "tool-ssrf", SRC, line_of(SRC, "await client.deleteCalendarObject(", g), "delete_event", Confidence.HIGH)
    assert f.message == ("tool 'delete_event' passes parameter 'event_url' to client.deleteCalendarObject(): "
                         "server-side request forgery (the request carries the server's credential "
                         "'client.authHeaders' to the host the caller chooses)")
    assert f.flow[0].note.startswith("parameter 'event_url' of MCP tool 'delete_event'")


def test_a_host_allow_list_before_the_getters_client_leaves_only_the_audit_row(tmp_path):
    g = f"{G}/sdkgetter_safe"
    findings, _ = _all(tmp_path, "sdkgetter_safe")
    assert [(f.rule_id, f.location.line, f.tool, f.confidence) for f in findings] == [
        ("tool-ssrf", line_of(SRC, "await client.deleteCalendarObject(", g), None, Confidence.LOW)]
    assert "not traced to an MCP tool parameter" in findings[0].message


# -- a SELECT check in a tool the server's own read-only mode keeps alone --------------------------


def test_a_select_check_is_the_boundary_when_the_read_only_mode_drops_the_writing_sibling(tmp_path):
    g = f"{G}/readonlymode"
    findings, project = _all(tmp_path, "readonlymode")
    assert sorted(t.name for t in project.tools) == ["pg_execute", "pg_query"]
    [f] = [f for f in findings if f.rule_id == "tool-read-only-bypass"]
    assert (f.location.path, f.location.line, f.tool) == (
        SRC, line_of(SRC, "const result = await this.pool.query(query, params);", g), "pg_query")
    assert f.message.startswith("tool 'pg_query' lets caller query text 'query' reach this.pool.query() "
                                "behind a read-only check by query prefix ('select'/'with')")
    assert "'SELECT 1; DROP TABLE t'" in f.message
    caps = sorted((c.tool, c.location.line) for c in findings if c.rule_id == "capability-raw-query")
    assert caps == [("pg_execute", line_of(SRC, "const result = await this.pool.query(query); //", g)),
                    ("pg_query", f.location.line)]


def test_with_no_read_only_mode_the_select_check_only_routes_statements_to_the_sibling(tmp_path):
    findings, _ = _all(tmp_path, "readonlymode_safe")
    assert [f for f in findings if f.rule_id == "tool-read-only-bypass"] == []
    assert sorted(c.tool for c in findings if c.rule_id == "capability-raw-query") == ["pg_execute", "pg_query"]


def test_mode_flags_and_flagged_tools_read_the_guard_and_the_definitions():
    import tree_sitter as ts
    import tree_sitter_typescript as tsts

    from mcpaudit.analysis.ts.modetools import flagged_tools, mode_flags

    assert mode_flags([b"if (isWriteTool && this.isReadonly()) { console.warn('x'); return;"]) == ["isWriteTool"]
    assert mode_flags([b"if (this.readOnly && op.destructive) throw"]) == []  # a member, not the guard's own flag
    assert mode_flags([b"if (readOnly) throw"]) == []
    src = (b"const a = { name: 'pg_execute', handler: async () => ({ ok: { isWriteTool: true } }), isWriteTool: true };\n"
           b"const b = { name: 'pg_query', isWriteTool: false };\nconst c = { title: 'x', isWriteTool: true };\n")
    tree = ts.Parser(ts.Language(tsts.language_typescript())).parse(src)
    assert flagged_tools(src, tree.root_node) == {"isWriteTool": ["pg_execute"]}
