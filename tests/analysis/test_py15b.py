"""Call resolution the fifteenth Python holdout lost (fixtures/taint/flows15/, each with a safe twin)."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

from mcpaudit.analysis.effects import read_only_claim
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding, ToolInfo

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows15"
_RUN: Dict[str, Tuple[List[Finding], object]] = {}


def _run(name: str):
    if name not in _RUN:
        root = FIXTURES / name
        files = [(str(p), str(p.relative_to(root))) for p in sorted(root.rglob("*.py"))]
        out, project = cst_engine.run(files, root, jobs=1)
        assert not out.errors, out.errors
        _RUN[name] = ([f for f in out.findings if f.confidence >= Confidence.MEDIUM], project)
    return _RUN[name]


def found(name: str) -> List[Finding]:
    """Default-view findings (medium and above) of one fixture directory."""
    return _run(name)[0]


def tools(name: str) -> List[str]:
    return sorted(t.name for t in _run(name)[1].tools)


def line_of(name: str, rel: str, needle: str, nth: int = 0) -> int:
    """The line of ``needle`` (unique, or its ``nth`` occurrence when the twins repeat it)."""
    text = (FIXTURES / name / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(text, 1) if needle in ln]
    assert len(hits) == 1 or nth < len(hits), (needle, hits)
    return hits[nth]


def rows(name: str):
    return sorted((f.location.path, f.location.line, f.rule_id, f.tool, f.message) for f in found(name))


# -- instances reached through a dict of components, validators kept from the constructor ----------

_WEAK = ("only a weak check on the way: weak containment check: str.startswith(root) without a trailing "
         "separator also accepts sibling directories such as '/allowed-evil' (CVE-2025-53110)")


def test_components_dict_and_constructor_argument_reach_the_weak_validator():
    L = lambda needle: line_of("component_dict", "files.py", needle, 0)  # noqa: E731  (Files, not StrictFiles)
    assert rows("component_dict") == [
        ("files.py", L("await anyio.to_thread.run_sync(shutil.move, s, d)"), "tool-path-traversal",
         "move_file", "tool 'move_file' passes parameter 'src' to shutil.move(): path traversal / arbitrary file "
         "access (write); " + _WEAK),
        ("files.py", L("partial(full.read_text"), "tool-path-traversal", "read_file",
         "tool 'read_file' passes parameter 'path' to .read_text(): path traversal / arbitrary file access; " + _WEAK),
    ]  # move_strict and read_strict (StrictFiles built with a StrictValidator, module-level dict) stay quiet
    assert tools("component_dict") == ["move_file", "move_strict", "read_file", "read_strict"]


def test_the_flow_passes_the_check_on_the_normalised_copy():
    f = next(f for f in found("component_dict") if f.tool == "move_file")
    S = lambda needle: line_of("component_dict", "security.py", needle, 0)  # noqa: E731  (PrefixValidator)
    F = lambda needle: line_of("component_dict", "files.py", needle, 0)  # noqa: E731  (Files)
    assert [(s.location.path, s.location.line, s.note) for s in f.flow] == [
        ("server.py", line_of("component_dict", "server.py", "async def move_file("),
         "parameter 'src' of MCP tool 'move_file' (caller-controlled)"),
        ("server.py", line_of("component_dict", "server.py", 'await components["files"].move(src, dst)'),
         "passed to move()"),
        ("files.py", F("async def move(self, src, dst):"), "parameter 'src'"),
        ("files.py", F("s = await self.validator.check(src)"), "passed to check()"),
        ("security.py", S("async def check(self, requested):"), "parameter 'requested'"),
        ("security.py", S("full = Path(requested).resolve()"), "returned by Path()"),
        ("security.py", S("full = Path(requested).resolve()"), "assigned to 'full'"),
        ("security.py", S("if normalized.startswith(root):"), "passes weak containment check"),
        ("security.py", S("if normalized.startswith(root):") + 1, "returned"),
        ("files.py", F("s = await self.validator.check(src)"), "returned by check()"),
        ("files.py", F("s = await self.validator.check(src)"), "assigned to 's'"),
        ("files.py", F("await anyio.to_thread.run_sync(shutil.move, s, d)"), "reaches shutil.move()"),
    ]


# -- a read-only phrase about a mode the caller picks is no claim ---------------------------------

def _tool(description: str) -> ToolInfo:
    return ToolInfo(name="edit_lines", kind="tool", function="edit_lines", framework="fastmcp",
                    location=None, description=description)


def test_a_dry_run_parameter_s_words_are_not_a_read_only_claim():
    doc = ("Edit specific lines in a text file.\n\nArgs:\n    dry_run: If True, returns what would be "
           "changed without modifying the file")
    assert read_only_claim(_tool(doc)) is None
    assert read_only_claim(_tool("Show the lines that match, without modifying the file.")) == "described as read-only"


def test_the_twins_are_followed_too(tmp_path):
    """With the strict validator's separator taken away, the module-level dict's StrictFiles
    (built with a keyword argument) reaches the same weak check: the twins are quiet because
    their check holds, not because their flow is lost."""
    import shutil

    root = tmp_path / "component_dict"
    shutil.copytree(FIXTURES / "component_dict", root)
    sec = root / "security.py"
    sec.write_text(sec.read_text(encoding="utf-8").replace("startswith(root + os.sep)", "startswith(root)"))
    files = [(str(p), str(p.relative_to(root))) for p in sorted(root.rglob("*.py"))]
    out, _ = cst_engine.run(files, root, jobs=1)
    got = sorted({f.tool for f in out.findings if f.confidence >= Confidence.MEDIUM})
    assert got == ["move_file", "move_strict", "read_file", "read_strict"]


# -- an instance of the enclosing function, a parse tree compiled, builtins that keep __import__ ----

def test_a_parsed_snippet_compiled_and_run_with_an_escapable_sandbox():
    L = lambda needle: line_of("closure_sandbox", "server.py", needle)  # noqa: E731
    assert rows("closure_sandbox") == [
        ("server.py", L('exec(compile(tree, "<snippet>", "exec"), namespace)'), "capability-code-execution",
         "run_snippet", "tool 'run_snippet' evaluates code the caller writes: parameter 'arguments['snippet']' "
         "reaches compile() as is"),
        ("server.py", L('exec(compile(tree, "<snippet>", "exec"), namespace)'), "tool-code-injection", "run_snippet",
         "tool 'run_snippet' passes parameter 'arguments['snippet']' to exec(): code injection (the restricted "
         "__builtins__ still hold __import__, getattr: __import__('os').system(...) reaches anything)"),
    ]  # outline_snippet parses the snippet and only describes the tree: quiet
    assert tools("closure_sandbox") == ["outline_snippet", "run_snippet"]


def test_builtins_kept_by_a_restricted_namespace():
    import libcst as cst

    from mcpaudit.analysis.sinkbits import escape_detail, kept_escapes

    call = cst.parse_expression('exec(code, {"__builtins__": {"len": len, "open": open}})')
    assert kept_escapes(call) == ["open"]
    ns = cst.parse_expression('{"__builtins__": {}}')
    assert escape_detail(cst.parse_expression("eval(text, ns)"), {"ns": ns}) == (
        "globals without __builtins__ do not sandbox it: ().__class__.__mro__ reaches every class")


# -- bound methods registered as tools and as a FunctionResource ----------------------------------

def test_bound_methods_registered_in_the_main_block_are_tools():
    L = lambda needle: line_of("bound_methods", "server.py", needle)  # noqa: E731
    assert rows("bound_methods") == [
        ("server.py", L("with psycopg.connect(self.conninfo(dbname)) as conn:"), "tool-ssrf", "run_query",
         "tool 'run_query' passes parameter 'dbname' to connect() connection string: server-side request forgery "
         "(a libpq connection string; an unquoted value in it can add host= and send the password to another host)"),
        ("server.py", L("cur.execute(sql)"), "capability-raw-query", "run_query",
         "tool 'run_query' runs query text the caller writes (reads and writes): parameter 'sql' reaches "
         ".execute() as is"),
    ]  # count_rows (keyword conninfo, bound parameter) stays quiet
    project = _run("bound_methods")[1]
    assert sorted((t.name, t.kind, t.uri, [p.name for p in t.parameters]) for t in project.tools) == [
        ("count_rows", "tool", None, ["dbname", "table"]),
        ("databases", "resource", "warehouse://databases", []),
        ("run_query", "tool", None, ["dbname", "sql"]),
    ]


def test_a_copy_checked_against_a_constant_prefix_stays_the_copy_s(tmp_path):
    """stmt = q.strip().upper(); if stmt.startswith("SELECT"): a query-prefix check on the copy is
    not read as the query's own (the raw query stays the tool's capability, reached as is)."""
    (tmp_path / "server.py").write_text(
        "import sqlite3\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('q')\n\n"
        "@mcp.tool()\ndef run_query(query: str) -> str:\n    \"\"\"Run a SQL query.\"\"\"\n"
        "    stmt = query.strip().upper()\n    if stmt.startswith('SELECT'):\n"
        "        return str(sqlite3.connect('db').execute(query).fetchall())\n    return 'no'\n")
    out, _ = cst_engine.run([(str(tmp_path / "server.py"), "server.py")], tmp_path, jobs=1)
    assert [(f.rule_id, f.location.line) for f in out.findings if f.confidence >= Confidence.MEDIUM] == [
        ("capability-raw-query", 10)]
