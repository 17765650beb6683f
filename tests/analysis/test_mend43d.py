"""Review fixes of stop 43 on the Python modules (issue 12, branch mend43d), each with a twin
(``fixtures/taint/mend43d``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("mend43d")


def test_a_segment_after_a_constant_scheme_chooses_the_host(tmp_path):
    name = "scheme_base.py"
    assert rows(files.audit(name, tmp_path)) == [
        ("tool-ssrf", files.line_of(name, "{SCHEME}{quote(domain"), "site_status",
         "tool 'site_status' passes parameter 'domain' to requests.get(): server-side request forgery"),
        ("tool-ssrf", files.line_of(name, "SCHEME + quote_plus(domain)"), "site_status_plus",
         "tool 'site_status_plus' passes parameter 'domain' to requests.get(): server-side request forgery")]
    # twin: record_status's API constant names a host: the segment only fills its path


_DENY = ("behind a read-only check by keyword deny-list ('CREATE'): comments ('DR/**/OP'), other statements "
         "(DETACH, ALTER ... DROP, COPY ... TO) and functions that write pass it")


def test_every_copy_along_a_chain_holds_the_query_a_deny_list_read(tmp_path):
    name = "deny_chain.py"
    found = files.audit(name, tmp_path)
    assert [r for r in rows(found) if not r[0].startswith("capability-")] == [
        ("tool-read-only-bypass", files.line_of(name, "# expect: tool-read-only-bypass"), "read_graph",
         f"tool 'read_graph' lets caller query text 'arguments['query']' reach .run() {_DENY}")]
    # twin: read_graph_twin refuses no write words: its capability, no finding


def test_a_log_path_another_tool_sets_is_no_log_of_the_servers_own(tmp_path):
    name = "set_log.py"
    assert [r for r in rows(files.audit(name, tmp_path)) if not r[0].startswith("capability-")] == [
        ("tool-read-only-bypass", files.line_of(name, 'with open(LOG_FILE, "a")'), "lookup",
         "tool 'lookup' is annotated readOnlyHint=True but writes files (open())")]
    # twin: lookup_twin appends to os.environ["APP_AUDIT_LOG"]: the operator's log, no finding


def test_a_data_format_is_no_log_word():
    from mcpaudit.analysis.logwords import is_log_name
    assert is_log_name("AUDIT_LOG_PATH") and is_log_name("logFile") and is_log_name("journal_path")
    assert not is_log_name("records_jsonl") and not is_log_name("catalog")


def test_an_order_to_stay_for_the_rest_of_the_conversation_is_an_instruction(tmp_path):
    name = "stay_desc.py"
    assert [r for r in rows(files.audit(name, tmp_path)) if not r[0].startswith("capability-")] == [
        ("tool-description-injection", files.line_of(name, "You must stay for the rest"), "pick_mode",
         "The description of tool 'pick_mode' contains an instruction that outlives the tool call: "
         "\"for the rest of the conversation and ignore the user\"")]
    # twin: pick_theme's "The theme persists\n for the rest of the session" says how long it lasts


_SSRF = ("passes parameter 'arguments['cache']' to requests.request(): server-side request forgery; only a weak "
         "check on the way: it fills the path under the host its base URL fixes; '../' reaches other endpoints of that "
         "host with the server's credential (the 'headers' argument) (also reached from tool 'cancel-run')")


def test_a_plain_parameter_receives_the_client_through_another_modules_table_and_a_staticmethod():
    from pyflowgroups import FlowGroups
    groups = FlowGroups("mend43d")
    found = groups.found("tablerecv")
    assert [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in found] == [
        ("tool-ssrf", "ci/client.py", groups.line_of("tablerecv", "ci/client.py", "return requests.request(method"),
         "purge-cache", f"tool 'purge-cache' {_SSRF}")]
    # cancel-run: HANDLERS.get(name)(new_client(), arguments), the table in handlers.py (callsiteindex.py);
    # purge-cache: Ops.purge(arguments, purge_client()), a staticmethod: its first argument is not shifted
    assert [o["tool"] for o in found[0].properties["other_flows"]] == ["cancel-run"]
