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
