"""Tool shapes the thirteenth TypeScript holdout could not see (issue 14, branch tshold13a):
``.mts``/``.cts`` files (fixtures/typescript/modulefiles), an options argument after the
callback (callbackoptions), a handler table looked up by each definition's name and called
from the registered function over a list built at run time (handlermaploop), tool class
instances from a factory (classfactory), definitions spread into list entries and found by name
(spreaddefs), a registry list filled by ``push`` elsewhere (pushregistry), a spread-merged
handler table called through a wrapper (spreadtable), and Fastify routes (fastifyroutes)."""

from __future__ import annotations

import pytest

from mcpaudit.analysis.ts.routes import open_to_network
from mcpaudit.config import Config
from mcpaudit.discovery import discover

import test_ts_engine
from test_ts_engine import FIXTURES, line_of, only, scan, steps, tools_of

GROUPS = ["modulefiles", "callbackoptions", "handlermaploop", "classfactory", "spreaddefs", "pushregistry",
          "spreadtable", "fastifyroutes"]


@pytest.mark.parametrize("group", GROUPS)
def test_findings_equal_annotations(group):
    test_ts_engine.test_findings_equal_annotations(group)


# -- .mts / .cts ---------------------------------------------------------------------------------


def test_mts_and_cts_files_are_collected_and_their_declarations_are_not():
    root = FIXTURES / "modulefiles"
    _py, scripts, _skipped = discover([root], root, Config())
    assert sorted(t.rel for t in scripts) == ["src/index.mts", "src/paths.cts"]


def test_a_server_in_an_mts_file_has_its_tools_and_findings():
    tools = tools_of("modulefiles")
    assert {"package_info", "package_info_safe"} <= set(tools)
    out, _ = scan("modulefiles")
    f = only(out.findings, rule_id="tool-shell-injection")
    assert (f.tool, f.location.path) == ("package_info", "src/index.mts")
    assert f.location.line == line_of("src/index.mts", "exec(`npm view", "modulefiles")
    assert f.message == "tool 'package_info' passes parameter 'arguments['name']' to child_process.exec(): OS command injection"


# -- the callback before an options argument -------------------------------------------------------


def test_the_callback_is_the_function_before_a_trailing_options_argument():
    tools = tools_of("callbackoptions")
    assert tools["render_page"].description == "Render a page of the site with the site's renderer."
    assert [p.name for p in tools["render_page"].parameters] == ["page"]
    assert tools["render_index"].kind == "tool"
    # a literal options object after an inline callback
    assert [p.name for p in tools["site_status"].parameters] == ["verbose"]


def test_the_wrapped_callback_runs_each_elements_function():
    out, _ = scan("callbackoptions")
    f = only(out.findings, rule_id="tool-shell-injection")
    assert (f.tool, f.location.path) == ("render_page", "tools.ts")
    assert f.location.line == line_of("tools.ts", "exec(`render --host", "callbackoptions")
    assert f.message == "tool 'render_page' passes parameter 'page' to child_process.exec(): OS command injection"
    assert not [f for f in out.findings if f.tool in ("render_index", "site_status")]


# -- a handler table picked by the definition's name, called in the registered function -----------


def test_the_handler_tables_keys_are_the_tools_of_a_list_built_at_run_time():
    tools = tools_of("handlermaploop")
    assert sorted(tools) == ["list_logs", "read_log", "rotate_logs"]
    # described and annotated by the definition of the same name
    assert tools["read_log"].description == "Read a log file of the service."
    assert tools["read_log"].annotations == {"readOnlyHint": True}
    assert tools["rotate_logs"].annotations == {"readOnlyHint": False}
    assert [p.name for p in tools["read_log"].parameters] == ["params"]


def test_each_tool_runs_its_own_handler_from_the_table():
    out, _ = scan("handlermaploop")
    f = only(out.findings, rule_id="tool-path-traversal")
    assert (f.tool, f.location.path) == ("read_log", "tools/handlers.ts")
    assert f.location.line == line_of("tools/handlers.ts", "path.join(ROOT, params.file)", "handlermaploop")
    notes = [s[2] for s in steps(f)]
    assert notes[0] == "parameter 'args' of MCP tool 'read_log' (caller-controlled)"
    assert "passed to read_log()" in notes and notes[-1] == "reaches fs.readFileSync()"
    assert not [f for f in out.findings if f.tool in ("list_logs", "rotate_logs")]


# -- tool class instances from a factory ------------------------------------------------------------


def test_tool_class_instances_from_a_factory_are_tools_with_their_fields():
    tools = tools_of("classfactory")
    get = tools["get-object"]
    assert (get.description, get.location.path) == ("Read an object of the store.", "tools/getObject.ts")
    assert [(p.name, p.description) for p in get.parameters] == [("key", "key of the object")]
    assert "peek-object" in tools


def test_a_tool_classs_bound_execute_is_its_handler():
    out, _ = scan("classfactory")
    f = only(out.findings, rule_id="tool-path-traversal")
    assert (f.tool, f.location.path) == ("get-object", "tools/store.ts")
    assert f.location.line == line_of("tools/store.ts", "path.join(this.root, key)", "classfactory")
    assert f.message == ("tool 'get-object' passes parameter 'key' to fs.readFileSync(): path traversal / "
                         "arbitrary file access")
    assert not [f for f in out.findings if f.tool == "peek-object"]


# -- find() over a list: spread definitions, a registry filled by push ------------------------------


def test_list_entries_spreading_a_definition_are_tools_found_by_name():
    tools = tools_of("spreaddefs")
    assert "call_tool" not in tools
    assert tools["read_page"].description == "Read a page of the wiki by its path."
    assert [(p.name, p.description) for p in tools["read_page"].parameters] == [("page", "page path")]
    out, _ = scan("spreaddefs")
    f = only(out.findings, rule_id="tool-path-traversal")
    assert (f.tool, f.location.path) == ("read_page", "tools/read_page.ts")
    assert f.location.line == line_of("tools/read_page.ts", "readFileSync(`/srv/wiki/", "spreaddefs")
    assert not [f for f in out.findings if f.tool == "page_count"]


def test_tools_pushed_into_a_registry_are_the_tools_it_dispatches_to():
    tools = tools_of("pushregistry")
    assert sorted(t for t in tools if t != "call_tool") == ["convert", "version"]
    assert [p.name for p in tools["convert"].parameters] == ["file"]  # its zodSchema
    out, _ = scan("pushregistry")
    f = only(out.findings, rule_id="tool-argument-injection")
    assert (f.tool, f.location.path) == ("convert", "tools/convert.tool.ts")
    assert f.location.line == line_of("tools/convert.tool.ts", 'spawn("pandoc", [args.file])', "pushregistry")
    assert "passed to execute()" in [s[2] for s in steps(f)]
    assert not [f for f in out.findings if f.tool == "version"]


# -- a spread-merged handler table called through a wrapper ------------------------------------------


def test_a_wrapper_calling_the_picked_handler_keeps_the_flow():
    tools = tools_of("spreadtable")
    assert sorted(tools) == ["media_quota", "print_note", "upload_media"]
    out, _ = scan("spreadtable")
    # path.resolve(process.cwd(), p) is the caller's path as is (tsrecall): the tool's declared
    # file access, shown as its capability, reached through the wrapper
    f = only(out.findings, rule_id="capability-file-access")
    assert (f.tool, f.location.path) == ("upload_media", "tools/media.ts")
    assert f.location.line == line_of("tools/media.ts", "path.resolve(process.cwd(), params.file_path)", "spreadtable")
    assert f.message == ("tool 'upload_media' reads any file the caller names: parameter 'file_path' reaches "
                         "fs/promises.readFile() as is")
    assert [s[2] for s in steps(f)][:2] == ["parameter 'file_path' of MCP tool 'upload_media' (caller-controlled)",
                                            "passed to upload_media()"]
    assert not [f for f in out.findings if f.tool in ("media_quota", "print_note")]


# -- Fastify routes ---------------------------------------------------------------------------------


def test_fastify_routes_of_an_open_app_are_entry_points():
    tools = tools_of("fastifyroutes")
    route = tools["PUT /api/specs/:name/:document"]
    assert (route.kind, route.framework) == ("http_route", "fastify")
    out, _ = scan("fastifyroutes")
    f = only(out.findings, rule_id="tool-path-traversal")
    assert f.tool == "PUT /api/specs/:name/:document"
    assert f.location.line == line_of("dashboard.ts", "fs.writeFile(join(dir,", "fastifyroutes")
    assert f.message == ("tool 'PUT /api/specs/:name/:document' passes parameter 'params['name']' to "
                         "fs.promises.writeFile(): path traversal / arbitrary file access (write)")
    assert steps(f)[0][2] == ("request params of HTTP route 'PUT /api/specs/:name/:document' "
                              "(unauthenticated, caller-controlled)")
    assert not [f for f in out.findings if f.tool in ("PUT /api/notes/:name", "GET /api/health", "spec_count")]


@pytest.mark.parametrize("code, open_", [
    (b'await app.listen({ port: 5000, host: "0.0.0.0" });', True),
    (b"await app.listen({ port: this.port, host: '::' });", True),
    (b"await app.listen({ port: 5000 });", False),
    (b'await app.listen({ port: 5000, host: "127.0.0.1" });', False),
    (b"app.listen(port);", True),
])
def test_fastifys_listen_options_on_every_interface_open_the_app(code, open_):
    assert open_to_network(code) is open_
