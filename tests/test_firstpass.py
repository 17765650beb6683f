"""The cst engine's first pass (mcpaudit.firstpass): it leaves modules out of the deep analysis
only when they cannot change the report, so a scan gives the same findings, tools and facts with
it and without it, with and without the cache, with any number of workers."""

from __future__ import annotations

import dataclasses
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from mcpaudit import firstpass as FP
from mcpaudit.api import audit
from mcpaudit.catalog import catalog
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _report(result) -> str:
    """Everything a report says about the code (not the timings)."""
    doc = {
        "findings": [dataclasses.asdict(f) for f in result.findings],
        "suppressed": [dataclasses.asdict(f) for f in result.suppressed],
        "tools": [dataclasses.asdict(t) for t in result.tools],
        "facts": [dataclasses.asdict(f) for f in result.facts],
        "skipped": sorted((s.path, s.reason) for s in result.skipped),
        "errors": sorted((e.engine, e.message, e.path or "", e.fatal) for e in result.errors),
        "score": result.score,
        "checklists": [dataclasses.asdict(c) for c in result.checklists],
    }
    return json.dumps(doc, sort_keys=True, default=str)


def _scan(root: Path, **kw):
    kw.setdefault("cache", False)
    return audit([root], Config(engines=("cst",), **kw))


def _assert_same(a, b):
    ra, rb = json.loads(_report(a)), json.loads(_report(b))
    for key in ra:
        assert ra[key] == rb[key], key


# ------------------------------------------------------------------------------------------
# same report, every mode


@pytest.mark.parametrize("confidence", [Confidence.MEDIUM, Confidence.LOW])
def test_first_pass_gives_the_full_analysis_report_on_the_fixtures(confidence):
    full = _scan(FIXTURES, first_pass=False, min_confidence=confidence)
    fast = _scan(FIXTURES, first_pass=True, min_confidence=confidence)
    assert fast.findings and fast.tools and fast.facts
    _assert_same(fast, full)
    fp = fast.stats.engines["cst"]["first_pass"]
    assert fp["modules"] == fp["analysed"] + fp["left_out"]
    assert full.stats.engines is None or "cst" not in full.stats.engines


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_first_pass_gives_the_full_analysis_report_on_each_fixture_tree(name):
    # one tree at a time, module names resolve to other modules than in the whole folder
    root = FIXTURES / name
    _assert_same(_scan(root, first_pass=True), _scan(root, first_pass=False))


def test_cache_and_workers_do_not_change_the_first_pass_report(tmp_path):
    cold = _scan(FIXTURES, first_pass=True, jobs=1)
    cached = _scan(FIXTURES, first_pass=True, cache=True, cache_dir=tmp_path / "c", jobs=2)
    shutil.rmtree((tmp_path / "c") / "scan", ignore_errors=True)  # the per-engine caches, not the whole-scan result
    warm = _scan(FIXTURES, first_pass=True, cache=True, cache_dir=tmp_path / "c", jobs=2)
    _assert_same(cached, cold)
    _assert_same(warm, cold)
    assert warm.stats.linked_from_cache is True
    assert warm.stats.engines["cst"]["first_pass"] == cold.stats.engines["cst"]["first_pass"]


# ------------------------------------------------------------------------------------------
# what is left out, and what is not


def _tree(root: Path, files: dict) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


PROJECT = {
    "pkg/__init__.py": "",
    "pkg/server.py": """
        import subprocess
        from mcp.server.fastmcp import FastMCP
        from .helpers import build

        mcp = FastMCP("demo")

        @mcp.tool()
        def run(cmd: str) -> str:
            return subprocess.run(build(cmd), shell=True, capture_output=True, text=True).stdout
    """,
    # reached from the handler: its return value carries the parameter to the sink
    "pkg/helpers.py": """
        def build(cmd):
            return "echo " + cmd
    """,
    # no handler reaches it, it logs nothing secret
    "pkg/unused.py": """
        import os

        def cleanup(path):
            os.remove(path)
    """,
    # test code calling the server
    "tests/test_server.py": """
        from pkg.helpers import build

        def test_build():
            assert build("x") == "echo x"
    """,
    # a secret reaching a log call, in code no handler reaches (a script of its own: an entry
    # point, so the finding is a default one, analysis/entryreach.py)
    "ops/debug.py": """
        import logging
        import os

        def show():
            logging.info("token %s", os.environ["API_TOKEN"])

        if __name__ == "__main__":
            show()
    """,
}


def test_modules_that_cannot_change_the_report_are_left_out(tmp_path):
    root = _tree(tmp_path, PROJECT)
    fast, full = _scan(root, first_pass=True), _scan(root, first_pass=False)
    _assert_same(fast, full)
    rules = {(f.rule_id, f.location.path) for f in fast.findings}
    assert ("tool-shell-injection", "pkg/server.py") in rules
    assert ("secret-in-log", "ops/debug.py") in rules
    fp = fast.stats.engines["cst"]["first_pass"]
    # pkg/unused.py (and the empty __init__, which the pre-filter skips); test code is not
    # scanned at all without --include-tests
    assert fp["left_out"] == 2 and fp["analysed"] == 3 and fp["modules"] == 5, fp
    assert fp["left_out_lines"] == 4 + 0
    # the full analysis parses pkg/unused.py too, never the test module
    assert fast.stats.parsed == 3 and full.stats.parsed == 4


def test_the_audit_view_keeps_every_module_with_a_sink(tmp_path):
    root = _tree(tmp_path, PROJECT)
    fast = _scan(root, first_pass=True, min_confidence=Confidence.LOW)
    _assert_same(fast, _scan(root, first_pass=False, min_confidence=Confidence.LOW))
    assert any(f.location.path == "pkg/unused.py" for f in fast.findings)
    assert fast.stats.engines["cst"]["first_pass"]["left_out"] == 1  # the empty __init__


def test_a_module_level_lowlevel_tool_declaration_is_surface(tmp_path):
    # modelcontextprotocol/python-sdk examples/stories/reconnect/server_lowlevel.py: handlers
    # passed to Server(on_call_tool=...) (no decorator), the tool declared at module level
    root = _tree(tmp_path, {
        "server_lowlevel.py": """
            import mcp.types as types
            from mcp.server.lowlevel import Server

            ADD = types.Tool(
                name="add",
                description="Add two integers.",
                input_schema={"type": "object", "properties": {"a": {"type": "integer"}}},
            )


            def build_server():
                async def list_tools(ctx, params):
                    return types.ListToolsResult(tools=[ADD])

                return Server("reconnect-example", on_list_tools=list_tools)
        """,
    })
    fast, full = _scan(root, first_pass=True), _scan(root, first_pass=False)
    _assert_same(fast, full)
    assert [t.name for t in fast.tools] == ["add"]
    assert fast.stats.engines["cst"]["first_pass"]["analysed"] == 1


def test_a_file_too_big_to_digest_is_analysed_with_every_module_that_may_call_into_it(tmp_path, monkeypatch):
    monkeypatch.setattr(FP, "BULKY_CHARS", 400)
    root = _tree(tmp_path, {
        # "generated" code: its units are not known to the first pass
        "big.py": "import logging\n\n\ndef show(x):\n    logging.info('%s', x)\n\n\n" + "# padding\n" * 60,
        # a secret handed to a logger in the big module
        "caller.py": "import os\nfrom big import show\n\n\ndef f():\n    show(os.environ['API_TOKEN'])\n",
        "other.py": "import os\n\n\ndef g(p):\n    os.remove(p)\n",
    })
    digests = _digests(root)
    assert [d.path for d in digests if d.bulky] == ["big.py"]
    sel = FP.select(digests)
    assert sel.seeds["big.py"] == "too big for the first pass"
    assert sel.seeds["caller.py"] == "may call into a module too big for it"
    assert "other.py" not in sel.selected
    fast, full = _scan(root, first_pass=True), _scan(root, first_pass=False)
    _assert_same(fast, full)


def _digests(root: Path):
    out = []
    for p in sorted(root.rglob("*.py")):
        rel = p.relative_to(root).as_posix()
        out.append(FP.digest(rel, p.read_text("utf-8"), p.read_bytes())[0])
    return out


def test_selection_follows_imports_and_module_names(tmp_path):
    root = _tree(tmp_path, {
        **PROJECT,
        # `import pkg` then pkg.extra.f(): the module is named through the package
        "pkg/server.py": textwrap.dedent(PROJECT["pkg/server.py"]) + "\nimport pkg\n\n@mcp.tool()\n"
                                                                     "def two(x: str):\n    return pkg.extra.f(x)\n",
        "pkg/extra.py": "def f(x):\n    return x\n",
        "pkg/unreached.py": "def g(x):\n    return x\n",
    })
    sel = FP.select(_digests(root))
    assert {"pkg/server.py", "pkg/helpers.py", "pkg/extra.py"} <= sel.selected
    assert "pkg/unreached.py" not in sel.selected and "tests/test_server.py" not in sel.selected
    assert sel.seeds["pkg/server.py"] == "MCP surface"


def test_a_read_only_role_table_is_analysed_wherever_it_is(tmp_path):
    # the role makes a promise for the whole server: its module is a seed though no tool calls it
    root = _tree(tmp_path, {
        "pkg/server.py": """
            import sqlite3
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("db")

            @mcp.tool()
            def run_sql(sql: str) -> list:
                \"\"\"Run SQL.\"\"\"
                return sqlite3.connect("app.db").execute(sql).fetchall()
        """,
        "pkg/settings.py": 'ROLES = {"read-only": ("SELECT", "SHOW"), "admin": ("SELECT", "DROP")}\n',
    })
    sel = FP.select(_digests(root))
    assert sel.seeds["pkg/settings.py"] == "may define a read-only role (a server-wide promise)"
    fast = _scan(root, first_pass=True)
    _assert_same(fast, _scan(root, first_pass=False))
    assert [(f.rule_id, f.location.line) for f in fast.findings if f.rule_id == "tool-read-only-bypass"] == [
        ("tool-read-only-bypass", 9)]


PLUGINS = {
    "pkg/__init__.py": "",
    "pkg/base.py": """
        class Tool:
            registry = {}

            def __init_subclass__(cls, **kw):
                super().__init_subclass__(**kw)
                Tool.registry[cls.__name__.lower()] = cls

            def run(self, arg: str) -> str:
                raise NotImplementedError
    """,
    "pkg/server.py": """
        from mcp.server.fastmcp import FastMCP
        from .base import Tool

        mcp = FastMCP("plugins")

        @mcp.tool()
        def call(name: str, arg: str) -> str:
            tool: Tool = Tool.registry[name]()
            return tool.run(arg)
    """,
    # loaded by pkgutil at run time: no selected module names it, only its base class is named
    "pkg/plugins/__init__.py": """
        import importlib, pkgutil

        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
    """,
    "pkg/plugins/echo.py": """
        import subprocess
        from ..base import Tool

        class EchoTool(Tool):
            def run(self, arg: str) -> str:
                return subprocess.check_output("echo " + arg, shell=True, text=True)
    """,
    # a subclass of a class in a module that is not selected stays out
    "pkg/other.py": """
        import os

        class Job:
            def go(self, x):
                os.system(x)
    """,
    "pkg/other_impl.py": """
        import os
        from .other import Job

        class LoudJob(Job):
            def go(self, x):
                os.system("echo " + x)
    """,
}


def test_a_subclass_of_a_selected_modules_class_is_selected(tmp_path):
    root = _tree(tmp_path, PLUGINS)
    sel = FP.select(_digests(root))
    assert {"pkg/server.py", "pkg/base.py", "pkg/plugins/echo.py"} <= sel.selected
    assert not {"pkg/other.py", "pkg/other_impl.py"} & sel.selected
    fast, full = _scan(root, first_pass=True), _scan(root, first_pass=False)
    _assert_same(fast, full)
    assert ("tool-shell-injection", "pkg/plugins/echo.py", 6) in {
        (f.rule_id, f.location.path, f.location.line) for f in fast.findings}


def test_a_module_the_analysis_cannot_summarise_gives_its_names_to_the_next_module(tmp_path):
    # two modules named `util`: the shallower one wins the linker's index; when it cannot be
    # summarised, the other one does, and must then be analysed
    root = _tree(tmp_path, {
        "server.py": "from mcp.server.fastmcp import FastMCP\nimport util\nmcp = FastMCP('x')\n\n"
                     "@mcp.tool()\ndef t(x: str):\n    return util.f(x)\n",
        "util.py": "def f(x):\n    return x\n",
        "deep/util.py": "def f(x):\n    return x\n",
    })
    digests = _digests(root)
    first = FP.select(digests)
    assert "util.py" in first.selected and "deep/util.py" not in first.selected
    again = FP.select(digests, failed={"util.py"})
    assert "deep/util.py" in again.selected and "util.py" not in again.selected


def test_files_ast_cannot_parse_are_analysed_with_what_they_import(tmp_path):
    root = _tree(tmp_path, {
        "pkg/broken.py": "from .helpers import (build,\n    other as o)\nimport pkg.more as m\ndef f(:\n    pass\n",
        "pkg/helpers.py": "def build(x):\n    return x\n",
        "pkg/more.py": "def g(x):\n    return x\n",
        "pkg/unrelated.py": "def h(x):\n    return x\n",
    })
    digests = _digests(root)
    broken = next(d for d in digests if d.path == "pkg/broken.py")
    assert broken.candidate and not broken.parsed
    sel = FP.select(digests)
    assert sel.seeds["pkg/broken.py"] == "not parsed by ast"
    assert sel.selected == {"pkg/broken.py", "pkg/helpers.py", "pkg/more.py"}


# ------------------------------------------------------------------------------------------
# the vocabulary comes from the models


def _unit(code: str) -> FP.Unit:
    d, _ = FP.digest("m.py", "import logging\n\ndef f(x):\n" + textwrap.indent(code, "    ") + "\n")
    return d.units[0]


@pytest.mark.parametrize("code,secret", [
    ("y = a.password", True),
    ("y = a.password.strip()", True),  # a method of the secret keeps it
    ("y = a.password.kind", False),  # token.client_id is not the token
    ("y = a.get_credentials()", False),  # only `a` is read
    ("a.api_key = 1", False),
    ("y = a.api_key == 1", True),
    ("y = a.token[0]", True),
    ("y = f().password", True),
    ("y = x['api_key']", True),
    ("y = x['api' '_key']", True),
    ("y = x['ap\\x69_key']", True),
    ("y = os.getenv('API_TOKEN')", True),
    ("y = d.get(key='password')", True),
    ("y = os.environ['SECRET']", True),
    ("y = ['cookie-banner']", False),
    ("f('password')", False),
    ("y = x.get_secret_value()", True),
    ("y = page.next_token", False),  # the models' exceptions apply
])
def test_secret_reads_are_recognised_the_way_the_analysis_recognises_them(code, secret):
    assert _unit(code).secrets is secret


def test_every_log_sink_of_the_models_is_a_log_call():
    M = catalog().python
    for fq, model in M.sink_calls.items():
        if model.family == "log":
            assert _unit(f"{fq}(x)").logs, fq
    for names, model in M.sink_methods:
        if model.family == "log":
            for name in names - {"*"}:
                assert _unit(f"logger.{name}(x)").logs, name
                assert _unit(f"get_logger().{name}(\n    x)").logs, name
    assert not _unit("error(x)").logs  # a plain name is not a logger method


def test_the_surface_vocabulary_of_the_models_marks_a_module():
    S = catalog().python.surface
    for name in [*S.fastmcp_decorators, *S.lowlevel_decorators]:
        d, _ = FP.digest("m.py", f"@server.{name}()\ndef f(x):\n    return x\n")
        assert d.surface, name
    for name in S.mixin_decorators:
        d, _ = FP.digest("m.py", f"@{name}(name='t')\ndef f(x):\n    return x\n")
        assert d.surface, name
    for name in [*S.add_methods, S.from_function["method"], *S.app_methods, *S.middleware_methods]:
        d, _ = FP.digest("m.py", f"def f(x):\n    return get().{name}(x)\n")
        assert d.surface, name
    decl = S.lowlevel_declaration["class"]
    for code in (f"import mcp.types as t\nX = t.{decl}(name='x')\n", f"from mcp.types import {decl}\nX = {decl}(name='x')\n"):
        d, _ = FP.digest("m.py", code)
        assert d.surface, code  # a module-level declaration is a tool of the inventory
    d, _ = FP.digest("m.py", "def f(app):\n    app.run(\n        transport='sse')\n")
    assert d.surface
    d, _ = FP.digest("m.py", "import asyncio\n\ndef main():\n    asyncio.run(serve())\n")
    assert not d.surface
    d, _ = FP.digest("m.py", "x = 1  # uses BearerAuth\n\ndef f():\n    pass\n")
    assert d.surface  # auth-names anywhere in the text is authentication evidence


# ------------------------------------------------------------------------------------------
# the token scan stays linear
def test_a_banner_comment_after_a_dot_does_not_make_the_chain_scan_exponential():
    """A comment of many ``#`` between an attribute's dot and what follows could be split at
    every ``#`` by the whitespace pattern, 2**n ways, each tried when the chain then fails to
    match (a real server's module of 1,400 lines held the scan for minutes). Run in a child
    process so that a regression fails on its time-out instead of hanging the suite."""
    import subprocess
    import sys

    code = ("from mcpaudit.firstpass import _chains\n"
            "found = _chains('x = (obj . ' + '#' * 60 + '\\n)\\nother.call(\\n  # ' + '#' * 60 + '\\n)\\n')\n"
            "print(sorted(found))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[('obj', ''), ('other.call', '('), ('x', '')]"


def test_test_modules_are_read_in_process_never_parsed_nor_sent_to_workers(tmp_path, monkeypatch):
    """Test code is not analysed (the ts engine leaves it out the same way): it is read for its
    text and line count, without a worker process, even where every file goes to a worker."""
    from mcpaudit.engines import cst as cst_engine

    root = _tree(tmp_path, {"tests/test_server.py": "import os\n\ndef test_x():\n    os.system('ls')\n",
                            "pkg/conftest.py": "import subprocess\n"})
    files = [(str(root / r), r) for r in ("tests/test_server.py", "pkg/conftest.py")]

    def no_workers(*a, **k):
        raise AssertionError("a worker pool was started for test code")

    monkeypatch.setattr(cst_engine, "_analyze_in_workers", no_workers)
    out = cst_engine.analyze_files(files, isolate=True)
    assert [(r.path, r.lines, r.parsed, r.summary) for r in out] == [
        ("tests/test_server.py", 4, False, None), ("pkg/conftest.py", 1, False, None)]


def test_a_test_module_is_neither_a_candidate_nor_parsed_by_the_first_pass():
    text = "import os\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('t')\n\n@mcp.tool()\ndef run(c):\n    os.system(c)\n"
    d, tree = FP.digest("tests/test_server.py", text)
    assert (d.candidate, d.parsed, tree, d.lines) == (False, False, None, 7)
    d, tree = FP.digest("pkg/server.py", text)
    assert d.candidate and d.parsed and tree is not None and d.surface


def test_auth_names_are_searched_only_where_a_required_run_of_letters_occurs():
    import re

    runs, exact = FP._literal_alternatives(re.compile(r"(?i)(BearerAuth|api_?key_?middleware)"))
    assert runs == ("bearerauth", "middleware") and not exact
    assert FP._literal_alternatives(re.compile(r"(?i)(BearerAuth|verify_token)")) == (("bearerauth", "verify_token"), True)
    assert FP._literal_alternatives(re.compile(r"(?i)(Auth.*Thing|x)")) == (None, False)
    assert FP._literal_alternatives(re.compile(r"(?i)(a?)")) == (None, False)
    V = FP.vocabulary()
    for text in ("app.add_middleware(ApiKeyMiddleware)", "app.add_middleware(api_key_middleware)",
                 "x = HTTPBEARER()", "middleware = None", "nothing here", "\u212aey = 1"):
        assert V.has_auth_name(text) == (V.auth_names.search(text) is not None), text


def test_a_class_a_package_init_only_re_exports_is_followed_when_a_namesake_module_exists(tmp_path):
    # stop 55's whole-fixtures divergence: ``from scrapers.core import PageFetcher`` where
    # scrapers/core/__init__.py only re-exports ``.fetcher`` (no candidate of the first pass);
    # the analysis resolves the class to scrapers/core/fetcher.py (hierarchy.package_member), so
    # the first pass must keep that module, also when another tree has a module named fetcher.py
    # (the short name ``fetcher`` then picks that one, and only the re-export finds the right one)
    root = _tree(tmp_path, {
        "app/server.py": """
            from mcp.server.fastmcp import FastMCP
            from scrapers.core import PageFetcher

            mcp = FastMCP("pages")


            @mcp.tool()
            def page_text(url: str) -> str:
                '''The text of a page.'''
                with PageFetcher() as fetcher:
                    return fetcher.fetch(url)
        """,
        "app/scrapers/__init__.py": "",
        "app/scrapers/core/__init__.py": "from .fetcher import PageFetcher\n",
        "app/scrapers/core/fetcher.py": """
            import httpx


            class PageFetcher:
                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    return False

                def fetch(self, url):
                    return httpx.get(url).text
        """,
        "other/fetcher.py": """
            import os


            def note(path):
                return os.path.exists(path)
        """,
    })
    fast, full = _scan(root, first_pass=True), _scan(root, first_pass=False)
    _assert_same(fast, full)
    (tool,) = fast.tools
    assert tool.name == "page_text"
    assert [(c["rule_id"], c["path"], c["line"], c["parameter"]) for c in tool.capabilities] == [
        ("capability-network-request", "app/scrapers/core/fetcher.py", 12, "url")]
    # (other/fetcher.py is kept too: the ``fetcher`` variable's chain names it, a harmless extra)
    assert fast.stats.engines["cst"]["first_pass"]["analysed"] == 3
    sel = FP.select([FP.digest(p, (root / p).read_text())[0] for p in
                     ("app/server.py", "app/scrapers/core/__init__.py", "app/scrapers/core/fetcher.py", "other/fetcher.py")])
    assert sorted(sel.selected) == ["app/scrapers/core/fetcher.py", "app/server.py", "other/fetcher.py"]
