"""Surface discovery of TypeScript servers (fixtures/typescript/discovery): a server handed to a
tool group as a property of a destructured dependency object (in a module that never imports the
SDK), five-argument ``tool()`` with annotations, and tools registered in a loop over a list with
``forEach`` or ``for...of``, their names read from nested properties of the elements."""

from __future__ import annotations

import pytest

from test_ts_engine import line_of, only, scan

G = "discovery"


def _tools():
    _, project = scan(G)
    return {t.name: t for t in project.tools}


def test_a_server_in_a_destructured_dependency_object_registers_tools():
    tools = _tools()
    grep = tools["grep_logs"]
    assert (grep.kind, grep.framework, grep.location.path) == ("tool", "mcp", "host_tools.ts")
    assert grep.description == "Search the application log for a pattern."
    assert [(p.name, p.description) for p in grep.parameters] == [("pattern", "text to look for")]
    assert grep.annotations == {"readOnlyHint": True}  # the fourth argument of tool()
    assert tools["disk_usage"].annotations == {"readOnlyHint": True}
    # a description kept in a table of another module: tool("x", DESCRIPTIONS["x"], ...)
    assert tools["disk_usage"].description == "Show the disk usage of the log folder."


def test_the_five_argument_tool_form_is_followed_into_its_handler():
    out, _ = scan(G)
    f = only(out.findings, tool="grep_logs", rule_id="tool-shell-injection")
    assert f.location.line == line_of("host_tools.ts", "exec(`grep ${pattern}", G)
    assert f.message == "tool 'grep_logs' passes parameter 'pattern' to child_process.exec(): OS command injection"
    ro = only(out.findings, tool="grep_logs", rule_id="tool-read-only-bypass")
    assert ro.message == ("tool 'grep_logs' is annotated readOnlyHint=True but executes commands or code "
                          "(child_process.exec())")
    assert not [f for f in out.findings if f.tool == "disk_usage"]


def test_a_tool_method_on_a_receiver_not_named_like_a_server_is_not_a_tool():
    tools = _tools()
    assert "clean" not in tools
    out, _ = scan(G)
    assert not [f for f in out.findings if f.location.line == line_of("host_tools.ts", 'exec("rm -rf build")', G)]


def test_tools_registered_in_a_foreach_over_a_copied_list_with_nested_names():
    tools = _tools()
    for name, desc in (("read_text", "Read a text file of the workspace."),
                       ("workspace_status", "Size of the workspace status file.")):
        assert tools[name].kind == "tool" and tools[name].description == desc
    out, _ = scan(G)
    f = only([f for f in out.findings if f.location.path == "file_tools.ts"], rule_id="tool-path-traversal")
    # the shared handler calls each element's own function: the finding is the element's tool's
    assert f.tool == "read_text"
    assert f.location.line == line_of("file_tools.ts", "readFileSync(path.join(ROOT, params.file)", G)
    assert not [f for f in out.findings if f.tool == "workspace_status"]


def test_a_default_exported_list_spread_into_the_loop_list_gives_its_tools():
    tools = _tools()
    assert [p.name for p in tools["purge_folder"].parameters] == ["folder"]
    out, _ = scan(G)
    f = only(out.findings, tool="purge_folder")
    assert (f.rule_id, f.location.path) == ("tool-path-traversal", "admin_tools.ts")
    # the handler hands its argument object on whole: the field keeps its own name
    assert f.message == ("tool 'purge_folder' passes parameter 'folder' to fs.rmSync(): "
                         "path traversal / arbitrary file access (write)")


def test_tools_registered_in_a_for_of_loop_keep_their_own_handlers():
    tools = _tools()
    assert [p.name for p in tools["save_note"].parameters] == ["title", "body"]
    out, _ = scan(G)
    f = only(out.findings, tool="save_note")
    assert f.location.line == line_of("note_tools.ts", "writeFileSync(`/srv/notes/${title}.md`", G)
    assert not [f for f in out.findings if f.tool == "save_draft"]


# -- MongoDB query documents (rules/models/typescript/sql.yaml) ------------------------------


def test_a_query_tool_passing_the_callers_filter_to_find_has_the_raw_query_capability():
    out, _ = scan(G)
    f = only(out.findings, tool="query")
    assert (f.rule_id, f.location.path) == ("capability-raw-query", "mongo/call.ts")
    assert f.location.line == line_of("mongo/call.ts", "collection.find(parseFilter(filter))", G)
    assert f.message.startswith("tool 'query' runs query documents the caller writes: ")
    assert f.message.endswith("reaches collection.find() as is")


def test_an_aggregate_tool_behind_a_shape_check_has_the_raw_query_capability():
    out, _ = scan(G)
    f = only(out.findings, tool="aggregate", rule_id="capability-raw-query")  # Array.isArray(pipeline) does not choose its stages
    assert f.location.line == line_of("mongo/call.ts", "collection.aggregate(pipeline)", G)
    # ... and the server's read-only mode refuses insert/update by name but lets the pipeline through
    f = only(out.findings, tool="aggregate", rule_id="tool-read-only-bypass")
    assert f.location.line == line_of("mongo/call.ts", "collection.aggregate(pipeline)", G)


def test_a_tool_that_does_not_say_it_queries_is_a_nosql_injection():
    out, _ = scan(G)
    f = only(out.findings, tool="user_profile")
    assert f.rule_id == "tool-nosql-injection"
    assert f.location.line == line_of("mongo/call.ts", "findOne(JSON.parse(String(args.who)))", G)
    assert "the whole query document comes from the caller" in f.message
    assert not [f for f in out.findings if f.tool == "count_recent"]  # a document the code wrote


# -- SSH clients (rules/models/typescript/process.yaml) ---------------------------------------


@pytest.mark.parametrize("tool,receiver", [
    ("run_remote_command", "conn"),  # an ssh2 Client built here
    ("run_host_command", "active"),  # the project's class hands it out: getClient(): Client
])
def test_a_command_run_over_ssh_is_remote_command_execution(tool, receiver):
    out, _ = scan(G)
    f = only(out.findings, tool=tool)
    assert f.rule_id == "capability-command-execution"
    assert f.location.line == line_of("remote_tools.ts", f"{receiver}.exec(command,", G)
    assert f.message == (f"tool '{tool}' runs commands the caller chooses: "
                         f"parameter 'command' reaches {receiver}.exec() as is")
    assert not [f for f in out.findings if f.tool == "remote_uptime"]  # a command the code fixed


def test_a_tools_list_built_by_a_function_of_another_module_declares_the_tools():
    tools = _tools()
    count = tools["count"]
    assert (count.kind, count.framework, count.location.path) == ("tool", "lowlevel", "mongo/tools.ts")
    assert count.description == "Count the documents of a collection matching a query."
    assert [p.name for p in count.parameters] == ["collection", "query"]
    # its description says it takes a query: the caller's document is its purpose
    out, _ = scan(G)
    f = only(out.findings, tool="count")
    assert f.rule_id == "capability-raw-query"
    assert f.location.line == line_of("mongo/call.ts", "collection.countDocuments(parseFilter(args.query))", G)
