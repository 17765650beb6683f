"""Methods of objects whose class another top-level package of the project defines (imported by
its absolute name, ``from objlib import Desktop``), and constructor arguments an object keeps for
a later method (``fixtures/taint/objects_server.py`` and ``objlib/``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of, scan, steps

LIB = TAINT / "objlib" / "__init__.py"
SHELL = TAINT / "objlib" / "shell.py"
SERVER = TAINT / "objects_server.py"


def _at(path: Path, line: int, rule: str):
    rel = path.relative_to(TAINT).as_posix()
    return [f for f in fixture_findings() if f.location.path == rel and f.location.line == line
            and f.rule_id == rule and f.confidence >= Confidence.MEDIUM]


def test_method_of_a_module_level_instance_of_an_imported_class():
    line = line_of(LIB, "sh -c")
    [f] = _at(LIB, line, "tool-shell-injection")
    assert f.tool == "module_instance" and f.parameter == "command"
    assert steps(f) == [
        ("objects_server.py", line_of(SERVER, "def module_instance("),
         "parameter 'command' of MCP tool 'module_instance' (caller-controlled)"),
        ("objects_server.py", line_of(SERVER, "out, status = desktop.execute_command"), "passed to execute_command()"),
        ("objlib/__init__.py", line_of(LIB, "def execute_command"), "parameter 'command'"),
        ("objlib/__init__.py", line, "reaches subprocess.run(shell=True)"),
    ]


@pytest.mark.parametrize("tool", ["local_instance", "attribute_instance", "annotated_parameter",
                                  "returned_instance", "other_module_instance"])
def test_every_way_to_hold_the_object_reaches_the_method(tool):
    line = line_of(SHELL, "return subprocess.run(command, shell=True")
    [f] = _at(SHELL, line, "tool-shell-injection")
    assert tool == f.tool or f"'{tool}'" in f.message, f.message


def test_safe_twins_stay_quiet():
    tools = {f.tool for f in fixture_findings() if f.confidence >= Confidence.MEDIUM}
    msgs = " ".join(f.message for f in fixture_findings() if f.confidence >= Confidence.MEDIUM)
    for tool in ("module_instance_safe", "local_instance_safe", "attribute_instance_safe",
                 "annotated_parameter_safe", "returned_instance_safe", "other_module_instance_safe",
                 "kept_by_constructor_safe", "other_instance_safe"):
        assert tool not in tools and f"'{tool}'" not in msgs


def test_constructor_argument_kept_on_the_object_reaches_a_later_method():
    line = line_of(LIB, "path.write_text(text)")
    [f] = _at(LIB, line, "tool-path-traversal")
    assert f.tool == "kept_by_constructor" and f.parameter == "save_to"
    assert steps(f) == [
        ("objects_server.py", line_of(SERVER, "def kept_by_constructor("),
         "parameter 'save_to' of MCP tool 'kept_by_constructor' (caller-controlled)"),
        ("objects_server.py", line_of(SERVER, "report = Report(topic, save_to)"), "passed to __init__()"),
        ("objlib/__init__.py", line_of(LIB, "def __init__(self, topic: str, save_path: str)"), "parameter 'save_path'"),
        ("objlib/__init__.py", line_of(LIB, "self.save_path = save_path"), "stored in 'self.save_path'"),
        ("objlib/__init__.py", line_of(LIB, "path = Path(self.save_path)"),
         "'self.save_path' read (stored by an earlier call)"),
        ("objlib/__init__.py", line_of(LIB, "path = Path(self.save_path)"), "returned by Path()"),
        ("objlib/__init__.py", line_of(LIB, "path = Path(self.save_path)"), "assigned to 'path'"),
        ("objlib/__init__.py", line, "reaches .write_text()"),
    ]


def test_library_class_imported_by_an_absolute_name_keeps_its_sinks(tmp_path):
    """A class of a package that is not the project's: its method is still a library sink."""
    findings = scan(tmp_path, {"server.py": """
        from mcp.server.fastmcp import FastMCP
        from somedb.client import Connection

        mcp = FastMCP("t")
        conn = Connection("app.db")


        @mcp.tool()
        def find(name: str) -> list:
            return conn.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()
    """})
    assert [(f.rule_id, f.location.line) for f in findings] == [("tool-sql-injection", 10)]


def test_two_objects_of_one_class_keep_their_own_fields(tmp_path):
    """Only the object a caller's value went into writes where the caller says."""
    findings = scan(tmp_path, {
        "store/__init__.py": """
            class Saver:
                def __init__(self, path: str):
                    self.path = path

                def save(self, text: str) -> None:
                    with open(self.path, "w") as fh:
                        fh.write(text)
        """,
        "server.py": """
            from mcp.server.fastmcp import FastMCP
            from store import Saver

            mcp = FastMCP("t")
            DAILY = Saver("/srv/daily.txt")


            @mcp.tool()
            def note(text: str, where: str) -> str:
                Saver(where).save(text)
                return "ok"


            @mcp.tool()
            def save_daily(text: str) -> str:
                DAILY.save(text)
                return "ok"
        """})
    assert [(f.rule_id, f.location.path, f.location.line, f.tool) for f in findings] == [
        ("tool-path-traversal", "store/__init__.py", 6, "note")]


def test_an_attribute_a_base_class_sets_types_the_subclass_method_call(tmp_path):
    """``self.executor`` set by the base class's ``__init__``: the subclass's call lands in the
    project's executor (a shell), not in a library method of the same name (a database's)."""
    findings = scan(tmp_path, {"server.py": """
        import asyncio

        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("t")


        class ShellExecutor:
            async def execute(self, cmd: str):
                return await asyncio.create_subprocess_shell(cmd)


        class Base:
            def __init__(self):
                self.executor = ShellExecutor()


        class Compose(Base):
            def __init__(self, name: str):
                super().__init__()
                self.name = name

            async def up(self):
                return await self.executor.execute(f"docker compose -p {self.name} up")


        @mcp.tool()
        async def deploy(stack: str) -> str:
            return await Compose(stack).up()
    """})
    assert [(f.rule_id, f.location.line, f.tool) for f in findings] == [("tool-shell-injection", 10, "deploy")]
