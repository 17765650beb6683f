"""Tool categories copied into a registry (fixtures/typescript/toolcategories).

``ToolRegistry.registerCategory(category)`` copies every property of an object into a map under
its own name (``for (const [name, reg] of Object.entries(category)) this.tools.set(name, reg)``,
or ``Object.entries(category).forEach(...)``), and the call-tool handler runs
``registry.getToolHandler(name)(args)``. Each property of an object handed to such a method, by
name from another module or inline, is a tool named by its key, described by its
``definition`` (``{ name, description, inputSchema }``), whose ``handler`` gets the caller's
arguments. Safe twin: a table of the same shape handed to a bus that keeps what it is given in a
list is no tool."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, tools_of

C = "toolcategories"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(C)


def test_every_property_of_a_registered_category_is_a_tool():
    tools = tools_of(C)
    assert set(tools) == {"read_file", "disk_usage", "ping_host"}
    assert tools["read_file"].description == "Read a file from the project folder"
    assert [p.name for p in tools["read_file"].parameters] == ["path"]
    out, _ = scan(C)
    f = only(out.findings, tool="read_file")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-path-traversal", "tools.ts", line_of("tools.ts", "fs.readFile(`/srv/project/${args.path}`", C))
    assert f.message.startswith("tool 'read_file' passes parameter 'path' to fs.promises.readFile()")


def test_a_category_given_inline_to_a_method_copying_entries_is_registered():
    out, _ = scan(C)
    f = only(out.findings, tool="ping_host")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-shell-injection", "registry.ts", line_of("registry.ts", "execSync(`ping -c 1 ${args.host}`)", C))
    assert f.message.startswith("tool 'ping_host' passes parameter 'host' to child_process.execSync()")


def test_a_table_kept_in_a_list_is_no_tool():
    out, _ = scan(C)
    assert "intro" not in tools_of(C)
    assert not [f for f in out.findings if f.tool == "intro"]
    man = [f for f in out.findings if "man ${args.page}" in (f.snippet or "")]
    assert all(f.tool is None for f in man)
