"""TypeScript tools the engine never discovered (tsdisc29, ``fixtures/typescript/tsdisc29``).

``crosshelper``: a registration helper exported by one module (``registerTool(server, name,
description, inputSchema, handler)`` tagging the description and wrapping the handler) and called
from a tool module: the call is the tool's registration (``analysis/ts/sharedwrappers.py``), so the
tool is discovered under its own name and its handler's read of the caller's file name is
followed. The safe twin keeps the read inside its folder (basename, resolved, prefix-checked).

``confighelper``: the helper takes the caller's config object (its description and schema read as
``config.description``, ``config.inputSchema``) and registers an inline handler that runs the
caller's callback with the arguments: the callback is the tool's handler. The twin's key passes
an anchored regex before the delete.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of, scan

from mcpaudit.analysis.ts.sharedwrappers import REGWRAP, exported_wrappers

CROSS = "tsdisc29/crosshelper"
SAFE = "tsdisc29/crosshelpersafe"
CONFIG = "tsdisc29/confighelper"
CONFIG_SAFE = "tsdisc29/confighelpersafe"
DELETE = "src/tools/delete-record.ts"
NOTES = "src/tools/notes.ts"


def test_a_tool_registered_through_a_helper_of_another_module_is_followed(tmp_path):
    res = audit_group(tmp_path, CROSS)
    read = line_of(NOTES, "fs.readFileSync(`/srv/notes/${file}`", CROSS)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == (NOTES, read, "read-note")
    assert f.message.startswith("tool 'read-note' passes parameter 'file' to fs.readFileSync(): "
                                "path traversal / arbitrary file access")

def test_the_helper_registers_the_tool_under_its_own_name_not_the_wrapper_arrow():
    for group in (CROSS, SAFE):
        _, project = scan(group)
        tools = {t.name: t for t in project.tools}
        assert set(tools) == {"read-note"}, group
        assert tools["read-note"].kind == "tool"
        assert tools["read-note"].description == "Read a note by its file name."


def test_the_safe_twin_registers_the_tool_and_reports_nothing(tmp_path):
    res = audit_group(tmp_path, SAFE)
    assert not [f for f in res.findings if f.rule_id == "tool-path-traversal"]


def test_a_helper_taking_the_config_and_running_the_callback_registers_the_callers_tool(tmp_path):
    res = audit_group(tmp_path, CONFIG)
    rm = line_of(DELETE, "fs.rmSync(`${client.root}/${key}`", CONFIG)
    [f] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (f.location.path, f.location.line, f.tool) == (DELETE, rm, "delete-record")
    assert f.message.startswith("tool 'delete-record' passes parameter 'key' to fs.rmSync(): "
                                "path traversal / arbitrary file access (write)")
    _, project = scan(CONFIG)
    [tool] = project.tools
    assert (tool.name, tool.description) == ("delete-record", "Delete one stored record by its key.")


def test_the_config_helper_twin_checks_the_key(tmp_path):
    res = audit_group(tmp_path, CONFIG_SAFE)
    assert not [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    _, project = scan(CONFIG_SAFE)
    assert [t.name for t in project.tools] == ["delete-record"]


_HELPER = b"""
export function registerThing(server: any, name: string, description: string, shape: any, cb: any, opts: any = {}) {
  const tagged = description + " (beta)";
  const wrapped = withCtx(cb, opts.strict);
  server.registerTool(name, { description: tagged, inputSchema: shape }, wrapped);
}
export const registerDoc = (srv: any, name: string, uri: string, read: any) => {
  srv.resource(name, uri, read);
};
export function registerStore(server: any, name: string, config: any, handler: any) {
  server.registerTool(name, { description: config.description, inputSchema: config.inputSchema },
    async (all: any) => handler(all, makeClient()));
}
export function registerFixed(server: any, handler: any) {
  server.tool("fixed", handler);
}
"""


def test_exported_helpers_are_read_for_where_the_registration_finds_its_parts():
    caller = b'import { registerThing, registerDoc, registerStore, registerFixed } from "../lib/helpers.js";\n'
    got = exported_wrappers([("src/lib/helpers.ts", _HELPER), ("src/tools/a.ts", caller)])
    # kind : server : name : handler : the rest (description, schema) -- options only read for a field
    assert got["src/lib/helpers#registerThing"] == REGWRAP + "tool:0:1:4:2,3"
    assert got["src/lib/helpers#registerDoc"] == REGWRAP + "resource:0:1:3:2"
    # the config object is the caller's; the inline handler runs the callback parameter
    assert got["src/lib/helpers#registerStore"] == REGWRAP + "toolcfg:0:1:3:2"
    assert "src/lib/helpers#registerFixed" not in got  # the name is the helper's own, not a parameter


def test_a_helper_no_other_module_imports_is_left_to_its_own_module():
    other = b'import { registerThing } from "./elsewhere.js";\n'
    assert exported_wrappers([("src/lib/helpers.ts", _HELPER), ("src/tools/a.ts", other)]) == {}
