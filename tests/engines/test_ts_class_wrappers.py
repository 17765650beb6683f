"""Tools registered through a class's own wrapper method (fixtures/typescript/wrapped_class): a
class extending McpServer defines ``addJsonTool(name, description, shape, cb)`` that calls
``this.tool`` with its parameters and runs ``cb`` through ``cb.apply(this, args)`` (or
``cb.call``); each ``this.addJsonTool("x", ..., cb)`` is a registration whose handler is the
caller's callback (mcpaudit/analysis/ts/through.py)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, tools_of


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("wrapped_class")


def test_each_call_of_the_wrapper_method_is_a_tool_with_the_callers_callback():
    tools = tools_of("wrapped_class")
    assert set(tools) == {"restart_unit", "unit_status", "read_log"}  # not the wrapper's own `name`
    rs = tools["restart_unit"]
    assert rs.description == "Restart one systemd unit."
    assert [p.name for p in rs.parameters] == ["unit"]
    assert rs.location.line == line_of("server.ts", "async ({ unit }) => execSync(`systemctl restart", "wrapped_class")


def test_the_callback_run_through_apply_reaches_its_sink():
    out, _ = scan("wrapped_class")
    f = only(out.findings, tool="restart_unit")
    assert f.rule_id == "tool-shell-injection"
    assert f.location.line == line_of("server.ts", "execSync(`systemctl restart", "wrapped_class")
    assert f.message == "tool 'restart_unit' passes parameter 'unit' to child_process.execSync(): OS command injection"
    # the enum twin stays quiet
    assert not [f for f in out.findings if f.tool == "unit_status"]


def test_the_callback_run_through_call_reaches_its_sink():
    out, _ = scan("wrapped_class")
    f = only(out.findings, tool="read_log")
    assert (f.rule_id, f.location.line) == ("tool-path-traversal", line_of("server.ts", "readFileSync(`/var/log/", "wrapped_class"))
