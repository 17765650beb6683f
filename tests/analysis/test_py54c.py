"""Causes of the fortieth Python holdout's misses (issue 12, branch py54c), each with a twin:
transport settings in a dict splatted into run(**run_kwargs) (``fixtures/py54c``), and urllib's
opener, which also opens file:// URLs (``fixtures/taint/py54c``)."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, FixtureFiles, copied_rule_rows, line_in, rows

from mcpaudit.catalog import catalog
from mcpaudit.engines import cst as cst_engine

files = FixtureFiles("py54c")
#: the folder fixtures: each its own project, out of the taint tree (a server-wide fact, such as
#: the transport, must not leak into the tree's other servers)
ROOT = TAINT_FIXTURES.parent / "py54c"


def test_transport_settings_in_a_dict_call_splatted_into_run_serve_http(tmp_path):
    # run_kwargs = dict(transport="streamable-http", host=host, port=port); mcp.run(**run_kwargs):
    # read as the keywords written out; the stdio branch beside it does not hide it
    found = copied_rule_rows(ROOT, "runkwargs", tmp_path, "http-transport-no-auth")
    line = line_in(ROOT / "runkwargs" / "server.py", "mcp.run(**run_kwargs)")
    assert found == [("server.py", line, "medium", None,
                      "mcp.run(transport='streamable-http') serves MCP over HTTP and no authentication is "
                      "configured anywhere in the project (bound to all interfaces by default); the address is "
                      "the default of main()'s host parameter; anyone who reaches it can call: desk_shell54")]


def test_a_dict_call_naming_stdio_splatted_into_run_serves_no_http(tmp_path):
    assert copied_rule_rows(ROOT, "runkwargs_stdio", tmp_path, "http-transport-no-auth") == []


def test_urllib_request_of_a_caller_url_also_opens_file_urls(tmp_path):
    found = files.audit("urlfile.py", tmp_path)
    built = files.line_of("urlfile.py", "req = urllib.request.Request(url,")
    fetched = files.line_of("urlfile.py", "urllib.request.urlretrieve(url,")
    assert rows(found) == [
        ("tool-ssrf", built, "scrape_page54",
         "tool 'scrape_page54' passes parameter 'url' to urllib.request.Request(): server-side request forgery "
         "(urllib also opens file:// URLs, local files)"),
        ("tool-ssrf", fetched, "download_page54",
         "tool 'download_page54' passes parameter 'url' to urllib.request.urlretrieve(): server-side request "
         "forgery (urllib also opens file:// URLs, local files)"),
    ]
    assert [st.location.line for st in found[0].flow] == [files.line_of("urlfile.py", "def scrape_page54("), built]


def test_a_scheme_check_keeps_urllib_to_the_network_a_capability(tmp_path):
    found = files.audit("urlfile_safe.py", tmp_path)
    assert sorted((f.rule_id, f.tool) for f in found) == [
        ("capability-network-request", "download_checked54"), ("capability-network-request", "scrape_checked54")]
    assert all("fetches any URL the caller gives" in f.message for f in found)


def test_the_models_read_urllib_as_a_file_url_opener():
    M = catalog().python
    for call in ("urllib.request.urlopen", "urllib.request.Request", "urllib.request.urlretrieve"):
        assert (M.sink_calls[call].family, M.sink_calls[call].kind) == ("ssrf", "file-url")


def test_a_value_stored_by_the_base_constructor_through_super_init_reaches_the_argv(tmp_path):
    # LintCommand(tool, path, options) -> super().__init__(path, options) -> self.options =
    # shlex.split(options) in the base; argv() puts self.options after "uv run pylint"
    found = files.audit("superinit.py", tmp_path)
    line = files.line_of("superinit.py", 'return ["uv", "run", self.tool] + self.options')
    run = files.line_of("superinit.py", "return subprocess.run(cmd.argv()")
    assert rows(found) == [
        ("tool-argument-injection", line, "run_linter54",
         f"tool 'run_linter54' passes parameter 'options' to subprocess.run() at line {run}: argument injection "
         "(added to the argument list after 'uv run' with no '--' before it: a value starting with '-' is read as "
         "an option)")]
    notes = [st.note for st in found[0].flow]
    assert "stored in 'self.options'" in notes and notes.count("passed to __init__()") == 2


def test_a_base_constructor_storing_a_checked_option_stays_silent(tmp_path):
    assert rows(files.audit("superinit_safe.py", tmp_path)) == []


def _engine(name):
    root = ROOT / name
    files_ = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, project = cst_engine.run(files_, root, jobs=1)
    assert not out.errors, out.errors
    return out.findings, project


def test_the_routes_of_an_app_handed_to_fastapi_mcp_are_tools():
    # routes.py's app is imported by main.py and given to FastApiMCP: each route is a tool named by
    # its operation_id, whose parameters are the route's (file_path, a Form field)
    found, project = _engine("fastapimcp")
    assert sorted((t.name, [p.name for p in t.parameters]) for t in project.tools) == [
        ("convert_document54", ["file_path"]), ("get_health54", [])]
    line = line_in(ROOT / "fastapimcp" / "routes.py", "with open(file_path")
    assert [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in found
            if f.rule_id.startswith(("capability-", "tool-"))] == [
        ("capability-file-access", "routes.py", line, "convert_document54",
         "tool 'convert_document54' reads any file the caller names: parameter 'file_path' reaches open() as is")]


def test_a_fastapi_app_never_given_to_fastapi_mcp_has_no_tools():
    found, project = _engine("fastapimcp_unserved")
    assert list(project.tools) == [] and [f for f in found if f.rule_id.startswith(("capability-", "tool-"))] == []


def test_functions_a_decorator_factory_method_files_in_a_dispatched_dict_are_tools():
    # @registry.register("start_process54", ...) in process.py; ToolRegistry.register's inner
    # decorator stores the function in self._tools[name] (inside an entry dict); call_tool hands the
    # name to registry.dispatch: the function is a tool whose parameter is the arguments dict
    found, project = _engine("dictregistry")
    assert sorted((t.name, [p.name for p in t.parameters]) for t in project.tools) == [
        ("call_tool", ["name", "arguments"]), ("start_process54", ["arguments"])]
    line = line_in(ROOT / "dictregistry" / "deskpkg" / "process.py", "subprocess.Popen(command, shell=True)")
    assert [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in found
            if f.rule_id.startswith(("capability-", "tool-"))] == [
        ("capability-command-execution", "deskpkg/process.py", line, "start_process54",
         "tool 'start_process54' runs commands the caller chooses: parameter 'arguments['command']' reaches "
         "subprocess.Popen(shell=True) as is")]


def test_a_decorator_factory_that_files_no_function_makes_no_tool():
    found, project = _engine("dictregistry_unfiled")
    assert sorted(t.name for t in project.tools) == ["call_tool"]
    assert [f for f in found if f.rule_id.startswith(("capability-", "tool-"))] == []
