"""Tools registered through a project's own registry method (fixtures/typescript/registrars), and
a call-tool handler that is a method of a class bound to its instance
(fixtures/typescript/boundhandler).

Registrars: ``ToolHub.tool(options)`` keeps each definition under ``options.name`` and its
call-tool handler runs the looked-up definition's ``cb``; every ``server.tool({ name, cb })``
elsewhere is a tool whose callback gets the caller's arguments, and so is every
``server.addTool("name", "description", cb)`` of a method keying the container by its first
parameter. Safe twins: an object with a name and a handler, and a name, a schedule and a handler,
given to a queue that keeps them in a list (no tool). Bound handler:
``setRequestHandler(CallToolRequestSchema, this.handleCallTool.bind(this))`` inside a method is
that class's method."""

from __future__ import annotations

import textwrap

import test_ts_engine
from test_ts_engine import line_of, only, scan, tools_of

R = "registrars"
B = "boundhandler"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(R)
    test_ts_engine.test_findings_equal_annotations(B)


def test_objects_given_to_a_registry_method_are_tools():
    tools = tools_of(R)
    assert set(tools) == {"run_script", "list_scripts", "read_log"}
    assert tools["run_script"].description == "Run a maintenance script"
    assert [p.name for p in tools["run_script"].parameters] == ["script"]
    out, _ = scan(R)
    f = only(out.findings, tool="run_script")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-shell-injection", "tools.ts", line_of("tools.ts", "exec(`sh -c ${args.script}`);", R))
    assert f.message.startswith("tool 'run_script' passes parameter 'script' to child_process.exec()")


def test_a_name_and_a_callback_given_to_a_method_keying_by_its_first_parameter_are_a_tool():
    tools = tools_of(R)
    assert tools["read_log"].description == "Read a log file"
    out, _ = scan(R)
    f = only(out.findings, tool="read_log")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-path-traversal", "tools.ts", line_of("tools.ts", "readFileSync(`/var/log/app/${args.file}`", R))
    assert f.message.startswith("tool 'read_log' passes parameter 'args['file']' to fs.readFileSync()")


def test_what_a_queue_keeps_in_a_list_is_no_tool():
    out, _ = scan(R)
    assert not {"nightly", "weekly"} & set(tools_of(R))
    assert not [f for f in out.findings if "tar czf" in (f.snippet or "") or f.tool in ("nightly", "weekly")]


def test_a_bound_method_is_the_call_tool_handler():
    assert set(tools_of(B)) == {"read_spec"}
    out, _ = scan(B)
    f = only(out.findings, tool="read_spec")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-path-traversal", "server.ts", line_of("server.ts", 'path.join("/srv/specs", args.file)', B))
    assert f.message.startswith("tool 'read_spec' passes parameter 'arguments['file']' to fs.readFileSync()")


def test_registry_methods_are_found_by_what_they_store():
    from mcpaudit.analysis.ts.parse import parse
    from mcpaudit.analysis.ts.registrars import find_registrars

    src = textwrap.dedent("""
        class Router {
          private tools = new Map();
          setTool({ schema, handler }) { this.tools.set(schema.name, { schema, handler }); }
          add(def) { this.list.push(def); }
          rename(def) { this.byId[def.id] = def; }
        }
        function register(t) { REGISTRY[t.name] = t; }
        function addHandler(toolName, fn) { HANDLERS.set(toolName, fn); }
        function on(event, fn) { LISTENERS[event] = fn; }
    """).encode()
    got = find_registrars(src, parse(src, "r.ts").root_node)
    assert got == {"Router.setTool": "schema.name", "register": "name", "addHandler": "#0"}


# -- handler factories (fixtures/typescript/handlerfactory) ------------------------------------

F = "handlerfactory"


def test_handler_factories_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(F)


def test_the_function_a_factory_returns_is_the_handler():
    """``handler: makeReadHandler(ROOT)`` (a registry route) and ``mcp.tool(..., makeNoteHandler(dir))``
    (the SDK): the closure each factory returns answers the tool; the factory's own argument
    (a root the server chose) is not the caller's."""
    assert set(tools_of(F)) == {"read_file", "list_files", "read_note"}
    out, _ = scan(F)
    f = only(out.findings, tool="read_file")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-path-traversal", "handlers.ts", line_of("handlers.ts", "readFileSync(path.join(root, file)", F))
    assert f.message.startswith("tool 'read_file' passes parameter 'file' to fs.readFileSync()")
    g = only(out.findings, tool="read_note")
    assert (g.rule_id, g.location.line) == ("tool-path-traversal", line_of("handlers.ts", "path.join(root, args.note)", F))
    assert not [h for h in out.findings if h.tool == "list_files"]


def test_a_registry_outside_mcp_code_keeps_no_tools(tmp_path):
    """A CLI command registry of the same project (its module imports no MCP package) keyed by
    the command's name: the commands it is given are no tools."""
    from mcpaudit.engines import ts as ts_engine

    (tmp_path / "cli.ts").write_text(textwrap.dedent("""
        import { execSync } from "child_process";
        class Commands {
          private byName: Record<string, any> = {};
          register(cmd: { name: string; description: string; handler: (argv: any) => void }) {
            this.byName[cmd.name] = cmd;
          }
        }
        const commands = new Commands();
        commands.register({ name: "init", description: "Set up", handler: (argv) => { execSync(`git init ${argv.dir}`); } });
    """))
    (tmp_path / "server.ts").write_text(textwrap.dedent("""
        import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        const server = new McpServer({ name: "x", version: "1.0.0" });
    """))
    files = [(str(p), p.name) for p in sorted(tmp_path.glob("*.ts"))]
    out, project = ts_engine.run(files, tmp_path, jobs=1)
    assert not [t for t in project.tools if t.name == "init"]
    assert not [f for f in out.findings if f.tool == "init"]
