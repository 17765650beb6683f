"""Tools registered on a server object handed to the registering function through a parameter of
no server type (``fixtures/taint/anyreg``; mcpaudit.analysis.registrars)."""

from __future__ import annotations

import pytest

from mcpaudit.api import audit
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of, scan, steps

REG = TAINT / "anyreg" / "registration.py"


def _medium(rel: str):
    return [f for f in fixture_findings() if f.location.path == rel and f.confidence >= Confidence.MEDIUM]


def test_tools_on_an_any_parameter_handed_a_module_level_server_and_a_container_attribute():
    got = sorted((f.rule_id, f.location.line, f.tool) for f in _medium("anyreg/registration.py"))
    assert got == [
        ("tool-path-traversal", line_of(REG, "with open(path) as fh"), "read_note"),
        ("tool-shell-injection", line_of(REG, "systemctl restart"), "restart"),
    ]
    f = next(f for f in _medium("anyreg/registration.py") if f.tool == "read_note")
    assert steps(f)[0] == ("anyreg/registration.py", line_of(REG, "def read_note("),
                           "parameter 'path' of MCP tool 'read_note' (caller-controlled)")


def test_the_same_decorator_on_a_parameter_handed_no_server_is_no_tool():
    assert not any(f.tool == "purge" or "'purge'" in f.message for f in fixture_findings())


NOTES = TAINT / "anyreg" / "features" / "notes.py"


def test_an_untyped_server_parameter_handed_on_through_package_register_functions():
    got = [(f.rule_id, f.location.line, f.tool) for f in _medium("anyreg/features/notes.py")]
    assert got == [("tool-path-traversal", line_of(NOTES, "os.remove(name)  # expect"), "drop_note")]
    assert steps(_medium("anyreg/features/notes.py")[0])[0] == (
        "anyreg/features/notes.py", line_of(NOTES, "def drop_note("),
        "parameter 'name' of MCP tool 'drop_note' (caller-controlled)")
    assert not any(f.tool == "drop_page" or "'drop_page'" in f.message for f in fixture_findings())


FILES = {
    "pkg/__init__.py": "",
    "pkg/tools.py": """
        from typing import Any


        def register(mcp_server: Any) -> None:
            @mcp_server.tool()
            def show(path: str) -> str:
                with open(path) as fh:
                    return fh.read()
    """,
    "pkg/server.py": """
        from mcp.server.fastmcp import FastMCP

        from pkg.tools import register

        mcp = FastMCP("t")
        register(mcp)
    """,
    "pkg/other.py": """
        from pkg.tools import register


        class Board:
            def tool(self):
                return lambda fn: fn


        register(Board())
    """,
}


@pytest.mark.parametrize("first_pass", [True, False])
def test_the_registering_module_is_analysed_with_and_without_the_first_pass(tmp_path, first_pass):
    scan(tmp_path, FILES)  # writes the tree
    root = tmp_path
    res = audit([root], Config(engines=("cst",), cache=False, first_pass=first_pass))
    assert [t.name for t in res.tools] == ["show"]
    assert [(f.rule_id, f.location.path, f.location.line, f.tool) for f in res.findings
            if f.confidence >= Confidence.MEDIUM] == [("tool-path-traversal", "pkg/tools.py", 7, "show")]


CHAIN = {
    "app/__init__.py": "",
    "app/server.py": """
        from mcp.server.fastmcp import FastMCP

        from app.features import register_all

        mcp = FastMCP("t")
        register_all(mcp)
    """,
    "app/features/__init__.py": """
        from app.features import work


        def register_all(mcp):
            work.register(mcp)
    """,
    "app/features/work/__init__.py": """
        from app.features.work import tools


        def register(mcp):
            tools.register_tools(mcp)
    """,
    "app/features/work/tools.py": """
        def register_tools(mcp) -> None:
            @mcp.tool()
            def show(path: str) -> str:
                with open(path) as fh:
                    return fh.read()
    """,
}


@pytest.mark.parametrize("first_pass", [True, False])
def test_three_levels_of_untyped_register_functions_with_and_without_the_first_pass(tmp_path, first_pass):
    scan(tmp_path, CHAIN)
    res = audit([tmp_path], Config(engines=("cst",), cache=False, first_pass=first_pass))
    assert [t.name for t in res.tools] == ["show"]
    assert [(f.rule_id, f.location.path, f.location.line, f.tool) for f in res.findings
            if f.confidence >= Confidence.MEDIUM] == [("tool-path-traversal", "app/features/work/tools.py", 4, "show")]


def test_a_call_with_no_server_registers_nothing(tmp_path):
    files = dict(FILES)
    files["pkg/server.py"] = """
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("t")
    """
    scan(tmp_path, files)
    root = tmp_path
    res = audit([root], Config(engines=("cst",), cache=False))
    assert res.tools == []
