"""Tools registered by a loop over functions picked by a name prefix (fixtures/taint/prefix_loader;
mcpaudit.analysis.prefixtools) and a query wrapped on one way only (fixtures/taint/query_wrap.py)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import firstpass
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of

LOADER = TAINT / "prefix_loader"
FILES = LOADER / "tools" / "files.py"
NOTES = LOADER / "tools" / "notes.py"
WRAP = TAINT / "query_wrap.py"


def _loader():
    files = [(str(p), p.relative_to(LOADER).as_posix()) for p in sorted(LOADER.rglob("*.py"))]
    out, _ = cst_engine.run(files, LOADER, jobs=1)
    assert not out.errors, out.errors
    return out


def test_the_prefixed_functions_are_the_tools_named_without_the_prefix():
    out = _loader()
    tools = {t.name: t for t in out.project.tools}
    assert sorted(tools) == ["files_read", "files_save", "notes_query"]
    assert tools["files_save"].location.path == "tools/files.py"
    assert tools["files_save"].function == "handle_files_save"
    # the wrapper spells "conn" nowhere: it stays a parameter; save_copy (no prefix) and
    # internal_remove (a prefix the loop skips) are no tools
    assert [p.name for p in tools["notes_query"].parameters] == ["conn", "sql"]


def test_annotations_picked_by_a_function_of_the_tool_name():
    tools = {t.name: t for t in _loader().project.tools}
    assert tools["files_save"].annotations == {"readOnlyHint": True}  # the "files_" prefix row
    assert tools["notes_query"].annotations == {"readOnlyHint": False}


def test_hazards_of_the_discovered_tools():
    got = sorted((f.rule_id, f.location.path, f.location.line, f.tool) for f in fixture_findings()
                 if f.location.path.startswith("prefix_loader/") and f.confidence >= Confidence.MEDIUM)
    assert got == [
        ("capability-file-access", "prefix_loader/tools/files.py", line_of(FILES, "os.makedirs(output_dir"), "files_save"),
        ("capability-raw-query", "prefix_loader/tools/notes.py", line_of(NOTES, "db.execute(sql)"), "notes_query"),
        ("tool-read-only-bypass", "prefix_loader/tools/files.py", line_of(FILES, 'open(target, "w")'), "files_save"),
    ]
    bypass = next(f for f in fixture_findings() if f.rule_id == "tool-read-only-bypass" and f.tool == "files_save")
    assert bypass.message == "tool 'files_save' is annotated readOnlyHint=True but writes files (open())"


def test_a_wrapper_that_fills_a_parameter_takes_it_off_the_tool(tmp_path: Path):
    (tmp_path / "pkg" / "tools").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "tools" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "app.py").write_text(
        "import inspect\nfrom mcp.server.fastmcp import FastMCP\nfrom pkg.tools import db\n"
        "mcp = FastMCP('x')\nCONFIG = {'table': 'events'}\n\n"
        "def wrap(func):\n    def run(**kw):\n        return func(config_table=CONFIG['table'], **kw)\n"
        "    run.removed = {'config_table'}\n    return run\n\n"
        "for name, func in inspect.getmembers(db, inspect.isfunction):\n"
        "    if name.startswith('tool_'):\n        mcp.tool(name=name.removeprefix('tool_'))(wrap(func))\n")
    (tmp_path / "pkg" / "tools" / "db.py").write_text(
        "import sqlite3\n\ndef tool_count(config_table: str, day: str) -> int:\n"
        "    '''Count the events of a day.'''\n"
        "    c = sqlite3.connect('x.db')\n"
        "    return c.execute(f\"SELECT COUNT(*) FROM {config_table} WHERE day = '{day}'\").fetchone()[0]\n")
    files = [(str(p), p.relative_to(tmp_path).as_posix()) for p in sorted(tmp_path.rglob("*.py"))]
    out, _ = cst_engine.run(files, tmp_path, jobs=1)
    assert [(t.name, [p.name for p in t.parameters]) for t in out.project.tools] == [("count", ["day"])]
    sql = [f for f in out.findings if f.rule_id == "tool-sql-injection"]
    assert [(f.location.line, f.tool, f.parameter) for f in sql] == [(6, "count", "day")]


def test_a_prefix_the_loop_skips_registers_nothing(tmp_path: Path):
    (tmp_path / "app.py").write_text(
        "import inspect, os\nfrom mcp.server.fastmcp import FastMCP\nimport ops\nmcp = FastMCP('x')\n"
        "for name, func in vars(ops).items():\n    if name.startswith('hidden_'):\n        continue\n"
        "    mcp.tool()(func)\n")
    (tmp_path / "ops.py").write_text("import os\n\ndef hidden_rm(path: str):\n    os.remove(path)\n")
    files = [(str(p), p.relative_to(tmp_path).as_posix()) for p in sorted(tmp_path.rglob("*.py"))]
    out, _ = cst_engine.run(files, tmp_path, jobs=1)
    assert out.project.tools == []


def test_the_first_pass_takes_the_modules_defining_prefixed_functions():
    loader = ("import inspect, importlib\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('x')\n"
              "for name, fn in inspect.getmembers(importlib.import_module(NAME)):\n"
              "    if name.startswith('handle_'):\n        mcp.tool()(fn)\n")
    tool = "import os\n\ndef handle_rm(path: str):\n    os.remove(path)\n"
    other = "import os\n\ndef other_rm(path: str):\n    os.remove(path)\n"
    digests = [firstpass.digest("a.py", loader)[0], firstpass.digest("pkg/b.py", tool)[0],
               firstpass.digest("pkg/c.py", other)[0]]
    assert sorted(firstpass.select(digests).selected) == ["a.py", "pkg/b.py"]


def test_a_query_wrapped_on_one_way_only_is_the_raw_query_capability():
    got = sorted((f.rule_id, f.location.line, f.tool) for f in fixture_findings()
                 if f.location.path == "query_wrap.py" and f.confidence >= Confidence.MEDIUM)
    assert got == [
        ("capability-raw-query", line_of(WRAP, "return db.execute(sql)"), "run_query"),
        ("tool-sql-injection", line_of(WRAP, "return db.execute(plan)"), "explain_query"),  # built again after
        ("tool-sql-injection", line_of(WRAP, "return db.execute(q)"), "count_rows"),
        ("tool-sql-injection", line_of(WRAP, "return db.execute(query)"), "chart_query"),
    ]


def test_keyword_arguments_of_a_template_format_are_placed_in_its_text():
    f = next(f for f in fixture_findings() if f.tool == "chart_query")
    assert f.message == ("tool 'chart_query' passes parameter 'columns' to .execute(): SQL injection "
                         "(the query text is built from the value)")

