"""Defects found reviewing stop 54's changes (issues 12/14, branch rev55), each fixture beside its
twin (``fixtures/taint/rev55``, ``fixtures/typescript/rev55``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "analysis"))

from pyflowgroups import FixtureFiles, rows  # noqa: E402

files = FixtureFiles("rev55")


# 1. a FastAPI route decorator above an MCP one (modulesurface.py / fastapimcp.py) -----------------

def test_a_route_decorator_of_a_plain_fastapi_app_does_not_hide_the_mcp_tool_below_it(tmp_path):
    found = files.audit("routedtool.py", tmp_path)
    msg = "tool '{}' passes parameter 'name' to .read_text(): path traversal / arbitrary file access"
    assert [r for r in rows(found) if r[0] == "tool-path-traversal"] == [
        ("tool-path-traversal", files.line_of("routedtool.py", "return (NOTES / name).read_text("), "read_note",
         msg.format("read_note")),
        ("tool-path-traversal", files.line_of("routedtool.py", "return len((NOTES / name).read_text("),
         "note_size", msg.format("note_size"))]


def test_a_route_of_a_plain_fastapi_app_alone_is_no_tool(tmp_path):
    assert rows(files.audit("routedtool_safe.py", tmp_path)) == []
