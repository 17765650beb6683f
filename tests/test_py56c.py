"""The forty-third Python holdout's misses (issue 12, branch py56c), each with a twin under
``fixtures/py56c``: tools registered through a decorator factory (``tool = make_tool(mcp)``,
``@tool``, the factory's inner decorator registering a ``functools.wraps`` wrapper), an HTTP
transport started through ``functools.partial`` with an Enum member's ``.value``, and a bound
method of a local object registered as a tool (``mcp.tool(client.search)``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "py56c"


def _audit(tmp_path, name):
    root = tmp_path / name
    shutil.copytree(PROJECTS / name, root)
    return api.audit([root], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))


def _line(rel: str, text: str) -> int:
    lines = (PROJECTS / rel).read_text().splitlines()
    return next(i for i, ln in enumerate(lines, 1) if text in ln)


def _tools(res):
    return sorted((t.name, t.kind, t.location.path, t.location.line, tuple(p.name for p in t.parameters))
                  for t in res.tools)


def _rows(res, *rules):
    return sorted((f.rule_id, f.location.path, f.location.line, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id in rules)


# -- 1. a registering decorator factory ---------------------------------------------------------
def test_tools_decorated_with_what_a_registering_factory_returns_are_the_tools(tmp_path):
    # make_tool(mcp) returns tool(fn), which registers a functools.wraps wrapper of fn: each @tool
    # function is a tool under its own name and parameters, and no tool is called 'wrapper'
    res = _audit(tmp_path, "factory_tools")
    notes = "notesrv/tools/notes.py"
    assert _tools(res) == [
        ("list_notes", "tool", notes, _line("factory_tools/" + notes, "def list_notes"), ()),
        ("read_note", "tool", notes, _line("factory_tools/" + notes, "def read_note"), ("name",)),
    ]
    assert res.surface["complete"] is True
    line = _line("factory_tools/" + notes, "with open(NOTES_DIR / name) as f:")
    assert _rows(res, "tool-path-traversal") == [
        ("tool-path-traversal", notes, line, "high",
         "tool 'read_note' passes parameter 'name' to open(): path traversal / arbitrary file access"),
    ]


def test_the_twin_whose_tool_checks_the_name_against_its_table_stays_quiet(tmp_path):
    res = _audit(tmp_path, "factory_tools_safe")
    assert [t[0] for t in _tools(res)] == ["list_notes", "read_note"]
    assert _rows(res, "tool-path-traversal") == []


def test_a_wraps_wrapper_of_a_loop_variable_marks_the_surface_incomplete(tmp_path):
    # @functools.wraps(func) over a loop variable: which function is the tool is not followed; the
    # registration stays (a tool called 'wrapper') and the surface is not called complete
    res = _audit(tmp_path, "factory_loop")
    assert [t[0] for t in _tools(res)] == ["version", "wrapper"]
    assert res.surface["complete"] is False
    assert res.surface["evidence"] == f"server.py:{_line('factory_loop/server.py', 'mcp.tool()(wrapper)')}"
    assert "could not follow (func() as wrapped by wrapper)" in res.surface["reason"]


# -- 2. an HTTP run through functools.partial ---------------------------------------------------
def test_run_http_async_handed_to_anyio_through_partial_is_an_open_http_transport(tmp_path):
    # anyio.run(partial(mcp.run_http_async, transport=transport.value, host=host)) in a typer
    # command nested in main(), mcp made there by a factory annotated -> FastMCP; the one tool is
    # mcp.tool(client.search), a method of a local object of a project class
    res = _audit(tmp_path, "partial_http")
    assert _tools(res) == [("search", "tool", "client.py", _line("partial_http/client.py", "async def search"),
                            ("q", "pageno"))]
    line = _line("partial_http/main.py", "            partial(")
    assert _rows(res, "http-transport-no-auth") == [
        ("http-transport-no-auth", "main.py", line, "medium",
         "mcp.run_http_async() serves MCP over HTTP and no authentication is configured anywhere in the "
         "project; anyone who reaches it can call: search"),
    ]


@pytest.mark.parametrize("name, served", [("partial_enum_http", True), ("partial_enum_stdio", False)])
def test_an_enum_members_value_is_the_transport_it_names(tmp_path, name, served):
    # partial(mcp.run_async, transport=Transport.HTTP.value, host="0.0.0.0"): HTTP; the twin's
    # Transport.STDIO.value runs stdio and serves nothing
    res = _audit(tmp_path, name)
    assert [t[0] for t in _tools(res)] == ["search"]
    found = _rows(res, "http-transport-no-auth")
    if not served:
        assert found == []
        return
    line = _line(f"{name}/server.py", "anyio.run(partial(")
    assert [r[:4] for r in found] == [("http-transport-no-auth", "server.py", line, "medium")]
    assert "serves MCP over HTTP and no authentication is configured" in found[0][4]
    assert "transport='http'" in found[0][4]
