"""Causes of the twenty-eighth Python holdout, reader A (issue 12, branch py28a), each with a twin
that stays quiet (``fixtures/taint/py28a``, ``fixtures/transports/py28a``)."""

from __future__ import annotations

from pathlib import Path

from pyflowgroups import FixtureFiles, FlowGroups, copied_rule_rows, line_in, rows

groups = FlowGroups("py28a")
files = FixtureFiles("py28a")
_APPS = Path(__file__).resolve().parents[2] / "fixtures" / "transports" / "py28a"


def test_methods_called_through_an_attribute_kept_on_the_server_object():
    # server.py: mcp.store = NoteStore(); mcp.safe = SafeStore(); register_tools(mcp). tools.py nests
    # the tools in register_tools(mcp) and calls mcp.store.save(...); archive.py imports mcp itself
    store = groups.root / "serverattr" / "notesrv" / "store.py"
    assert groups.rows("serverattr") == [
        ("notesrv/store.py", line_in(store, 'with open(path, "w") as fh:  # expect'), "tool-path-traversal", "save_note"),
        ("notesrv/store.py", line_in(store, "os.remove(os.path.join(ROOT, name))"), "tool-path-traversal",
         "archive_note")]
    assert groups.message("serverattr", "tool-path-traversal", "save_note") == (
        "tool 'save_note' passes parameter 'name' to open(): path traversal / arbitrary file access (write)")
    flow = next(f.flow for f in groups.found("serverattr") if f.tool == "save_note")
    assert [(s.location.path, s.note) for s in flow][:2] == [
        ("notesrv/tools.py", "parameter 'name' of MCP tool 'save_note' (caller-controlled)"),
        ("notesrv/tools.py", "passed to save()")]
    # twins: SafeStore resolves the joined path and checks it against ROOT + os.sep, or keeps the
    # base name only; both stay out of the default view
    assert groups.tools("serverattr") == ["archive_note", "archive_safe_note", "save_note", "save_safe_note"]


def test_a_prefix_check_on_a_path_made_absolute_but_not_normalised_is_weak(tmp_path):
    name = "dotted_roots.py"
    audited = files.audit(name, tmp_path)
    assert rows(audited) == [
        ("tool-path-traversal", files.line_of(name, "return item.read_text()  # expect"), "read_shelf_item",
         "tool 'read_shelf_item' passes parameter 'name' to .read_text(): path traversal / arbitrary file access"),
        ("tool-path-traversal", files.line_of(name, "with open(item) as fh:"), "read_home_item",
         "tool 'read_home_item' passes parameter 'name' to open(): path traversal / arbitrary file access")]
    found = {f.tool: f for f in audited}
    assert "startswith() on a path that was not resolved first" in found["read_shelf_item"].message
    assert found["read_shelf_item"].confidence.label == "medium"
    # twin: read_resolved_item checks the resolve()d path: no finding
    assert "read_resolved_item" not in found


def test_a_web_app_beside_a_server_object_it_never_serves_is_not_an_mcp_transport(tmp_path):
    # backend.py builds FastAPI() for REST routes and a FastMCP it never mounts or runs, and starts
    # the app with uvicorn on loopback; the MCP server of stdio_server.py runs on stdio
    assert copied_rule_rows(_APPS, "detachedapp", tmp_path, "http-transport-no-auth") == []


def test_the_twin_that_mounts_the_mcp_app_is_still_served_over_http(tmp_path):
    src = _APPS / "mountedapp" / "backend.py"
    assert copied_rule_rows(_APPS, "mountedapp", tmp_path, "http-transport-no-auth") == [(
        "backend.py", line_in(src, "uvicorn.run(app"), "medium", None,
        "uvicorn.run() serves MCP over HTTP and no authentication is configured anywhere in the project (the same "
        "server is also built or served at line 19) (bound to all interfaces); anyone who reaches it can call: "
        "samples")]
