"""ts23b, shared with Python: the description of the parameter that reaches a sink declares the
tool's purpose (``fixtures/taint/flows23b/paramdecl``), unless it confines the value to a folder."""

from __future__ import annotations

from pyflowgroups import FlowGroups

groups = FlowGroups("flows23b")


def test_a_field_description_declares_the_file_a_tool_reads():
    found = {(f.rule_id, f.tool): f for f in groups.found("paramdecl")}
    assert sorted(found) == [("capability-file-access", "tidy_text"), ("tool-path-traversal", "show_report"),
                             ("tool-path-traversal", "word_count")]
    cap = found[("capability-file-access", "tidy_text")]
    assert cap.location.line == groups.line_of("paramdecl", "server.py", '"\\n".join(') - 1
    assert cap.message.startswith("tool 'tidy_text' reads any file the caller names: parameter 'source' reaches open() as is")


def test_a_description_that_confines_the_value_or_none_declares_nothing():
    found = {f.tool: f for f in groups.found("paramdecl") if f.rule_id == "tool-path-traversal"}
    assert found["show_report"].message == (
        "tool 'show_report' passes parameter 'report' to open(): path traversal / arbitrary file access")
    assert found["show_report"].location.line == groups.line_of("paramdecl", "server.py", "with open(report")
    assert found["word_count"].parameter == "source"
