"""Tools registered in a loop over imported definitions with a name-keyed handler map
(fixtures/typescript/looppicks): ``TOOLS.forEach((tool) => server.tool(tool.name, ...,
withTiming(tool.name, HANDLERS[tool.name])))`` registers, for each definition, the function the
map holds under its name; a loop over a list the scan cannot follow names no tool after the
expression (``entry.name``)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, tools_of

G = "looppicks"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_each_definition_is_a_tool_with_its_mapped_handler():
    tools = tools_of(G)
    assert sorted(tools) == ["commit_log", "export_log", "read_csv", "safe_log"]
    assert tools["read_csv"].function == "readCsv"
    assert tools["read_csv"].description == "Read a usage CSV file from the given path and summarise it."


def test_the_mapped_handlers_sink_is_reported_for_its_tool():
    out, _ = scan(G)
    f = only(out.findings, tool="commit_log")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-shell-injection", "tools/commitLog/handler.ts", line_of("tools/commitLog/handler.ts", "execSync(", G))
    assert [s.note for s in f.flow] == ["parameter 'args' of MCP tool 'commit_log' (caller-controlled)",
                                        "assigned to 'branch'", "reaches child_process.execSync()"]


def test_a_file_reading_tool_has_the_capability():
    out, _ = scan(G)
    f = only(out.findings, tool="read_csv")
    assert f.rule_id == "capability-file-access"
    assert f.message.startswith("tool 'read_csv' reads any file the caller names: parameter 'args['csvFilePath']'")


def test_no_tool_is_named_after_an_unresolved_expression():
    assert not [n for n in tools_of(G) if "." in n]
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "safe_log"]


def test_a_home_shorthand_test_is_no_containment_check():
    out, _ = scan(G)
    f = only(out.findings, tool="export_log")
    # the caller's folder reaches the write unchecked (tilde expansion keeps it as is, tildes.py):
    # the tool's declared purpose, listed as its capability
    assert (f.rule_id, f.location.path) == ("capability-file-access", "tools/exportLog/handler.ts")
    assert f.message == ("tool 'export_log' reads and writes any file the caller names: parameter "
                         "'args['outputDir']' reaches fs.writeFileSync() as is")
