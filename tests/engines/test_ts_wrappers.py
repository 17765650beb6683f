"""Tools registered through a project helper that wraps the framework's registration call
(fixtures/typescript/wrapped, wrapped_mcp): the helper's parameter flows into the registration,
so each call of the helper is a registration, with the caller's object literal, inline handler,
description and schema (mcpaudit/analysis/ts/through.py)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan, tools_of


@pytest.mark.parametrize("name", ["wrapped", "wrapped_mcp"])
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_an_arrow_helper_around_addtool_registers_each_object_it_is_given():
    tools = tools_of("wrapped")
    assert set(tools) == {"archive_logs", "log_size", "who_is_logged_in", "ping_host"}
    arch = tools["archive_logs"]
    assert (arch.kind, arch.framework, arch.location.path) == ("tool", "fastmcp", "server.js")
    assert arch.description == "Compress the log folder into an archive."
    assert [p.name for p in arch.parameters] == ["label"]
    # the handler inside a timing wrapper, inside the object the helper was given
    out, _ = scan("wrapped")
    f = only(out.findings, tool="archive_logs")
    assert f.rule_id == "tool-shell-injection"
    assert f.location.line == line_of("server.js", "exec(`tar czf", "wrapped")
    assert f.message == "tool 'archive_logs' passes parameter 'label' to child_process.exec(): OS command injection"
    assert f.flow[0].note == "parameter 'label' of MCP tool 'archive_logs' (caller-controlled)"


def test_a_helper_called_in_a_loop_over_a_list_of_definitions_registers_each_element():
    tools = tools_of("wrapped")
    ping = tools["ping_host"]
    assert (ping.location.path, ping.function) == ("shell_tools.js", "pingTool.execute")
    assert ping.description == "Check that a host of the fleet answers."
    out, _ = scan("wrapped")
    f = only(out.findings, tool="ping_host")
    assert f.location.line == line_of("shell_tools.js", "execSync(`ping -c 1", "wrapped")
    assert not [f for f in out.findings if f.tool == "who_is_logged_in"]


def test_an_enum_parameter_and_a_helper_that_registers_nothing_stay_quiet():
    out, _ = scan("wrapped")
    assert not [f for f in out.findings if f.tool == "log_size"]
    # note({...}) is a helper of something else: its object is no tool, its exec no sink reached
    assert "startup" not in tools_of("wrapped")
    assert not [f for f in out.findings if f.location.line == line_of("server.js", 'note({ name: "startup"', "wrapped")]


def test_a_declared_helper_taking_the_registration_arguments_one_by_one():
    tools = tools_of("wrapped_mcp")
    rep = tools["read_report"]
    assert (rep.framework, rep.description) == ("mcp", "Read a report of the reports folder.")
    assert [p.name for p in rep.parameters] == ["file"]
    out, _ = scan("wrapped_mcp")
    f = only(out.findings, tool="read_report")
    assert (f.rule_id, f.location.line) == ("tool-path-traversal", line_of("server.ts", "readFileSync(path.join(ROOT, file)", "wrapped_mcp"))


def test_a_helper_taking_a_definition_object_reads_its_properties_from_the_callers_literal():
    tools = tools_of("wrapped_mcp")
    purge = tools["purge_report"]
    assert purge.description == "Delete one report, by its number."
    assert purge.description_location.line == line_of("server.ts", 'description: "Delete one report', "wrapped_mcp")
    # its schema (from the caller's literal) makes the id a number: no finding
    out, _ = scan("wrapped_mcp")
    assert not [f for f in out.findings if f.tool == "purge_report"]
    # the helpers' own registrations of their parameters are gone once calls were seen
    assert set(tools) == {"read_report", "purge_report"}
