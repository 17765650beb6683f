"""Review items of stop 43 left open (issues 12 and 14, branch mend44a), each with a twin under
``fixtures/taint/flows44m``."""

from __future__ import annotations

from pathlib import Path

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows44m"
groups = FlowGroups("flows44m")


def test_a_static_methods_function_arguments_keep_their_positions():
    server = FLOWS / "staticpass" / "server.py"
    found = groups.found("staticpass")
    assert [(f.rule_id, f.location.path, f.location.line, f.tool, f.parameter) for f in found] == [
        ("tool-shell-injection", "server.py", line_in(server, "# expect: tool-shell-injection"), "grep_logs", "pattern")]
    assert "passes parameter 'pattern' to subprocess.run(shell=True): OS command injection" in found[0].message
    # twin: list_file's runner is the third argument (an argument list), not the shell runner
    assert set(groups.tools("staticpass")) == {"grep_logs", "list_file"}


def test_a_handler_filed_in_two_tables_serves_its_key_in_the_first():
    server = FLOWS / "aliastable" / "server.py"
    found = groups.found("aliastable")
    assert [(f.rule_id, f.location.path, f.location.line, f.tool) for f in found] == [
        ("tool-shell-injection", "server.py", line_in(server, "# expect: tool-shell-injection"), "search_docs")]
    assert "tool 'search_docs' passes parameter 'arguments['pattern']' to subprocess.run(shell=True)" in found[0].message
    # twin: the argument list of count_lines; the aliases table names no tool
    assert groups.tools("aliastable") == ["count_lines", "search_docs"]
