"""Causes of the twenty-sixth Python holdout, reader B (issue 12, branch py26b), each with a twin
that stays quiet (``fixtures/taint/py26b``; the serving sites apart, ``fixtures/py26b``)."""

from __future__ import annotations

import shutil

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import TAINT_FIXTURES, FixtureFiles, FlowGroups, line_in, rows

files = FixtureFiles("py26b")
groups = FlowGroups("py26b")
#: serving-site fixtures live apart: fixtures/taint is also scanned as one project (tests/test_fixtures.py)
SERVING = TAINT_FIXTURES.parent / "py26b"


def test_bound_methods_registered_by_tool_classes_are_tools():
    # Desk builds FastMCP and hands it to each part; each part's register() calls
    # self.server.tool()(self.snap) / self.server.add_tool(self.snap_checked); Job.register (a base
    # class) registers self.run under name=self.name: ShellJob's override under its class's name
    assert groups.tools("boundtools") == ["shell_job", "snap", "snap_checked"]
    capture = groups.root / "boundtools" / "deskparts" / "capture.py"
    jobs = groups.root / "boundtools" / "deskparts" / "jobs.py"
    assert groups.rows("boundtools") == [
        ("deskparts/capture.py", line_in(capture, 'with open(target, "wb")'), "tool-path-traversal", "snap"),
        ("deskparts/jobs.py", line_in(jobs, "subprocess.run(text, shell=True"), "capability-command-execution",
         "shell_job")]
    assert groups.message("boundtools", "tool-path-traversal", "snap").startswith(
        "tool 'snap' passes parameter 'kind' to open(): path traversal")
    # twins: snap_checked admits two formats only; Notes registers on a plain callback table
    # (Registry), no server: its shell_note stays a registration the analysis did not follow
    unfollowed = groups.run("boundtools")[1].unfollowed
    assert [(u["path"], u["callee"]) for u in unfollowed] == [("deskparts/notes.py", "self.shell_note")]


def test_a_typed_registry_entry_property_and_abstract_builder_are_followed():
    # self.entries[name].builder.argv(arguments): a cached_property -> dict[str, Entry], a property
    # -> Builder (abstract), its override in PositionalBuilder builds the argv the handler runs
    server = groups.root / "typedchain" / "clirunner" / "server.py"
    found = groups.found("typedchain")
    assert [(f.location.path, f.location.line, f.rule_id, f.tool) for f in found] == [
        ("clirunner/server.py", line_in(server, "done = subprocess.run(argv"), "tool-argument-injection", "on_call")]
    assert found[0].message.startswith("tool 'on_call' passes parameter 'req.params' to subprocess.run(): "
                                       "argument injection")
    # twin: VersionRunner's probes build [program, "--version"] whatever the caller sends
    assert groups.run("typedchain")[1].unfollowed == []


def test_scrapling_fetchers_are_requests_and_a_scheme_local_keeps_the_browser_on_the_web(tmp_path):
    found = files.audit("webfetch.py", tmp_path)
    line = lambda needle: files.line_of("webfetch.py", needle)  # noqa: E731
    assert [r[:3] for r in rows(found)] == [
        ("capability-network-request", line("AsyncFetcher.get(url)"), "fetch_page"),
        ("capability-network-request", line("async_fetch(_web_only(url)"), "render_page"),
        ("tool-ssrf", line("async_fetch(url, headless"), "render_any")]
    ssrf = next(f for f in found if f.rule_id == "tool-ssrf")
    assert ssrf.message.startswith("tool 'render_any' passes parameter 'url' to "
                                   "scrapling.fetchers.StealthyFetcher.async_fetch() (a headless browser): "
                                   "server-side request forgery (the browser also opens file:// URLs, local files)")


def test_a_pandas_query_of_the_callers_expression_is_code_injection(tmp_path):
    found = files.audit("frames.py", tmp_path)
    assert [r[:3] for r in rows(found)] == [
        ("tool-code-injection", files.line_of("frames.py", "df.query(expression)"), "filter_rows")]
    assert rows(found)[0][3] == ("tool 'filter_rows' passes parameter 'expression' to DataFrame.query() "
                                 "(evaluates the expression, whose @names reach the module's globals): code injection")
    # twin: rows_above queries a constant expression of an allow-listed column and @limit


def _serving(name: str, tmp_path):
    shutil.copytree(SERVING / "appstring" / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return sorted((f.rule_id, f.location.path.split(f"{name}/", 1)[-1], f.location.line, f.confidence, f.message)
                  for f in res.findings + res.capabilities if f.rule_id == "http-transport-no-auth")


def test_uvicorn_run_of_an_import_string_names_the_app_it_serves(tmp_path):
    # webmcp.web:app is the MCP server's SSE app: the run serves its tools
    serve = SERVING / "appstring" / "mcpweb" / "webmcp" / "serve.py"
    found = _serving("mcpweb", tmp_path)
    run = [r for r in found if r[1] == "webmcp/serve.py"]
    assert [r[2:4] for r in run] == [(line_in(serve, "uvicorn.run("), Confidence.MEDIUM)]
    assert run[0][4].startswith("uvicorn.run() serves MCP over HTTP and no authentication is configured")
    assert run[0][4].endswith("anyone who reaches it can call: add_note")
    # twin: shotparse.parser:app is a FastAPI image parser of a module that uses no MCP SDK; the
    # MCP server itself runs over stdio
    assert _serving("imageapi", tmp_path) == []
