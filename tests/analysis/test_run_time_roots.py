"""Permission checks in other modules, awaited and one or two calls deep, that confine a path to
a project root found at run time and enabled by an opt-in file (``fixtures/taint/gated``), and
the one summary of a check (``verdicts``) that local and cross-module callers read."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, scan



def _reported(tool: str):
    return [f for f in fixture_findings()
            if f.location.path == "gated/tools.py" and f.tool == tool and f.confidence >= Confidence.MEDIUM]


def _summaries(sub: str):
    root = TAINT / sub
    files = [(str(p), p.relative_to(TAINT).as_posix()) for p in sorted(root.rglob("*.py"))]
    return {r.path: r.summary for r in cst_engine.analyze_files(files, jobs=1) if r.summary is not None}


def test_guarded_tools_are_quiet():
    for tool in ("write_note", "list_folder", "write_settings", "save_in_project"):
        assert _reported(tool) == [], tool


def test_summaries_say_what_the_root_helpers_prove():
    s = _summaries("gated")
    access, repo, enabled = s["gated/access.py"], s["gated/repo.py"], s["gated/enabled.py"]
    assert access.functions["project_root"].confines == frozenset({"file_path"})
    assert access.functions["check_edit_allowed"].verdicts == {"file_path": (frozenset({"path"}), None)}
    assert repo.functions["repository_top"].ancestor_of == {"path": ""}
    assert repo.functions["repository_top_as_written"].ancestor_of == {}  # walked up as written
    fams, weak = enabled.functions["check_enabled"].verdicts["file_path"]
    assert weak.startswith("inside a folder found by repository_top() that holds an opt-in file")
    # answers False instead of raising: a caller that ignores the answer is not protected
    assert access.functions["check_edit_allowed"].validates == {}


def test_vulnerable_twins_are_reported():
    (f,) = _reported("write_unchecked_result")
    assert f.rule_id == "tool-path-traversal"
    (g,) = _reported("write_prefix_checked")
    assert g.rule_id == "tool-path-traversal"  # a prefix-only containment check confines nothing
    (h,) = _reported("write_other_variable")
    assert h.parameter == "name"
    (i,) = _reported("save_in_project_as_written")
    assert i.rule_id == "capability-file-access"  # a check mcpaudit cannot verify counts as none


def test_local_validators_read_through_the_one_summary(tmp_path: Path):
    found = scan(tmp_path, {"server.py": '''
        import re
        import sqlite3
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("v")
        NAME = re.compile(r"[a-z_]+")
        conn = sqlite3.connect("x.db")

        def is_name(value):
            return NAME.fullmatch(value) is not None

        def is_name_bool(value):
            return bool(NAME.fullmatch(value))

        @mcp.tool()
        def count(table: str) -> list:
            if not is_name(table):
                return []
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchall()

        @mcp.tool()
        def count_bool(table: str) -> list:
            if not is_name_bool(table):
                return []
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchall()

        @mcp.tool()
        def count_ignored(table: str) -> list:
            is_name_bool(table)
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchall()
    '''})
    assert sorted(f.tool for f in found if f.rule_id == "tool-sql-injection") == ["count_ignored"]
