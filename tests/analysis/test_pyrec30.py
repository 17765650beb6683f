"""Causes fixed by branch pyrec30 (issue 12), each fixture with a twin.

* ``getattr(server, "streamable_http_app")`` is the app method it names (``analysis/getattrapps.py``):
  the factory picked so and called serves the MCP server's app, and the ``uvicorn.run(app, ...)`` of
  that module serves MCP (``fixtures/transports/pyrec30/getattr-app``). Twin: the same entry point
  on a server built with ``auth=``.
* An ``Annotated[T, Depends(f)]`` alias is a route's dependency (the catalog's ``http.route-auth``):
  it guards the routes that name it, not the MCP server's own ``run()``
  (``fixtures/transports/pyrec30/dep-alias``). Twin: app-wide ``dependencies=[Depends(...)]``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.analysis.getattrapps import getattr_method
from mcpaudit.config import Config
from mcpaudit.models import Confidence

import libcst as cst

from pyflowgroups import line_in

_ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "transports" / "pyrec30"


def _transport(tmp_path, name):
    """(path, line, confidence, tool, message) of each http-transport-no-auth finding, low included."""
    shutil.copytree(_ROOT / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.location.path, f.location.line, f.confidence.label, f.tool, f.message) for f in res.findings
            if f.rule_id == "http-transport-no-auth"]


def test_an_app_factory_fetched_by_getattr_served_by_uvicorn(tmp_path):
    src = _ROOT / "getattr-app" / "open" / "poster" / "http_server.py"
    picked = line_in(src, 'factory = getattr(server, "streamable_http_app")')
    other = line_in(src, 'factory = getattr(server, "http_app")')
    assert _transport(tmp_path, "getattr-app/open") == [(
        "poster/http_server.py", line_in(src, 'uvicorn.run(app, host="0.0.0.0"'), "medium", None,
        "uvicorn.run() serves MCP over HTTP and no authentication is configured anywhere in the project "
        f"(the same server is also built or served at lines {picked}, {other}) (bound to all interfaces); "
        "anyone who reaches it can call: post_message")]


def test_the_getattr_twin_whose_server_has_auth(tmp_path):
    assert _transport(tmp_path, "getattr-app/keyed") == []


def test_getattr_method_reads_a_constant_name_only():
    def call(text):
        return cst.parse_expression(text)
    assert getattr_method(call('getattr(server, "sse_app")'))[1] == "sse_app"
    assert getattr_method(call('getattr(server, "asgi_app", None)'))[1] == "asgi_app"
    assert getattr_method(call("getattr(server, name)")) is None
    assert getattr_method(call('hasattr(server, "sse_app")')) is None


def test_an_annotated_dependency_alias_guards_routes_not_the_mcp_run(tmp_path):
    src = _ROOT / "dep-alias" / "open" / "server.py"
    api_src = _ROOT / "dep-alias" / "open" / "api.py"
    assert _transport(tmp_path, "dep-alias/open") == [(
        "server.py", line_in(src, 'mcp.run(transport="streamable-http"'), "medium", None,
        "mcp.run(transport='streamable-http') serves MCP over HTTP and no authentication is configured for it "
        "(bound to all interfaces); anyone who reaches it can call: delete_note; the authentication the "
        f"project has (api.py:{line_in(api_src, 'NoteIdDep = Annotated')} and the like) is a web route's dependency: it "
        "guards that app's routes, not this MCP transport")]


def test_the_alias_twin_an_app_wide_dependency(tmp_path):
    assert _transport(tmp_path, "dep-alias/guarded") == []


_TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "pyrec30"


def _findings(path: Path):
    res = api.audit([path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.rule_id, f.location.line, f.confidence.label, f.tool, f.message) for f in res.findings]


def test_a_key_a_parameterised_equality_lookup_found_is_a_stored_key(tmp_path):
    src = _TAINT / "stored_key.py"
    shutil.copy(src, tmp_path / "stored_key.py")
    # list_attachment_files: get_attachment_by_key ran "WHERE key = ?" and the caller refused None
    assert _findings(tmp_path / "stored_key.py") == [(
        "tool-path-traversal", line_in(src, "# expect: tool-path-traversal"), "high", "list_matching_files",
        "tool 'list_matching_files' passes parameter 'attachment_key' to .iterdir(): path traversal / "
        "arbitrary file access")]


def test_equality_queries_only():
    from mcpaudit.analysis.storedrows import _equality_query
    assert _equality_query("SELECT path FROM a WHERE key = ?")
    assert _equality_query("SELECT 1 FROM a WHERE lib = %s AND key=%s")
    assert _equality_query("SELECT 1 FROM a WHERE key = :key")
    assert not _equality_query("SELECT 1 FROM a WHERE key LIKE ?")
    assert not _equality_query("SELECT 1 FROM a WHERE key >= ?")
    assert not _equality_query("SELECT 1 FROM a WHERE key != ?")
    assert not _equality_query("SELECT 1 FROM a")
    assert not _equality_query("SELECT 1 FROM a WHERE key = 'x' LIMIT ?")


def _capabilities(root: Path):
    res = api.audit([root], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in res.capabilities]


def test_a_project_subclass_of_a_modelled_executor_runs_the_library_method(tmp_path):
    shutil.copytree(_TAINT / "libsub", tmp_path / "libsub")
    src = _TAINT / "libsub" / "kernelrun" / "app.py"
    assert _capabilities(tmp_path / "libsub") == [(
        "capability-code-execution", "kernelrun/app.py", line_in(src, "executor.execute_code_blocks("), "execute_code",
        "tool 'execute_code' evaluates code the caller writes: parameter 'code' reaches AutoGen code executor "
        ".execute_code_blocks() as is; reachable over stdio only, by the local user who starts the server")]


def test_the_subclass_twin_that_overrides_the_method(tmp_path):
    shutil.copytree(_TAINT / "libsub_twin", tmp_path / "libsub_twin")
    assert _capabilities(tmp_path / "libsub_twin") == []
    res = api.audit([tmp_path / "libsub_twin"], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    assert [f for f in res.findings if f.rule_id == "tool-code-injection"] == []


def test_the_same_subclass_in_the_tool_module(tmp_path):
    text = (_TAINT / "libsub" / "kernelrun" / "app.py").read_text()
    own = (_TAINT / "libsub" / "kernelrun" / "executors.py").read_text().split('"""', 2)[2]
    merged = text.replace("from kernelrun.executors import QuietJupyterExecutor\n", own)
    (tmp_path / "app.py").write_text(merged)
    assert [(r[0], r[2], r[3]) for r in _capabilities(tmp_path)] == [
        ("capability-code-execution", line_in(tmp_path / "app.py", "executor.execute_code_blocks("), "execute_code")]
