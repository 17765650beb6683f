"""mend46c: the reviewer's findings on stop 46's Python modules (issue 12)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

G = FlowGroups("mend46c")


# -- a dispatcher's whole-arguments log when list_tools merges tools of another module ---------------

def test_whole_arguments_log_reported_when_a_merged_tool_of_another_module_takes_a_key():
    assert G.tools("merged_tools_log") == ["list_providers", "store_key"]
    line = G.line_of("merged_tools_log", "server.py", 'logger.info(f"Calling tool:')
    assert G.rows("merged_tools_log") == [("server.py", line, "secret-in-log", "call_tool")]
    msg = G.message("merged_tools_log", "secret-in-log", "call_tool")
    assert "the whole argument mapping 'arguments' is written to a log by logging.getLogger.info()" in msg


def test_whole_arguments_log_quiet_when_no_merged_tool_takes_a_credential():
    assert G.tools("merged_tools_log_safe") == ["list_providers", "store_key"]
    assert G.rows("merged_tools_log_safe") == []


# -- a command or method parameter is no action dispatch: the whole description is read ------------

def test_read_only_promise_past_the_summary_of_a_command_or_method_tool_is_kept():
    src = "command_paragraph"
    check = G.line_of(src, "server.py", '"last_check.txt"), "w"')
    query = G.line_of(src, "server.py", '"last_query.txt"), "w"')
    rows = [r for r in G.rows(src) if r[2] == "tool-read-only-bypass"]
    assert rows == [("server.py", check, "tool-read-only-bypass", "run_check"),
                    ("server.py", query, "tool-read-only-bypass", "query_api")]
    assert G.message(src, "tool-read-only-bypass", "run_check") == (
        "tool 'run_check' is described as read-only but writes files (open())")
    assert G.message(src, "tool-read-only-bypass", "query_api") == (
        "tool 'query_api' is described as read-only but writes files (open())")


def test_command_and_method_tools_promising_nothing_stay_quiet():
    assert [r for r in G.rows("command_paragraph_safe") if r[2] == "tool-read-only-bypass"] == []
