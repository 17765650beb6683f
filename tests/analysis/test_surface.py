"""MCP surface detection: which functions are handlers, their names, parameters, descriptions."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Dict

from mcpaudit.engines import cst as cst_engine


def surface(tmp_path: Path, sources: Dict[str, str]):
    for rel, code in sources.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    files = [(str(p), p.relative_to(tmp_path).as_posix()) for p in sorted(tmp_path.rglob("*.py"))]
    out, project = cst_engine.run(files, tmp_path, jobs=1)
    assert not out.errors, out.errors
    return {t.name: t for t in project.tools}


FASTMCP = '''
from typing import Literal
from mcp.server.fastmcp import FastMCP, Context

mcp = FastMCP("demo")

@mcp.tool
def bare(a: str) -> str:
    """Bare decorator."""
    return a

@mcp.tool()
def called(a: str, ctx: Context, mode: Literal["x", "y"] = "x") -> str:
    """Called decorator.

    More text."""
    return a

@mcp.tool(name="renamed", description="Explicit description.")
async def original(b: int) -> int:
    """Docstring loses to description=."""
    return b

@mcp.resource("files://{name}")
def file_resource(name: str) -> str:
    """A file."""
    return name

@mcp.prompt()
def review(code: str) -> str:
    return code

def not_a_tool(x: str) -> str:
    return x
'''


def test_fastmcp_decorator_forms_names_params_descriptions(tmp_path):
    tools = surface(tmp_path, {"server.py": FASTMCP})
    assert set(tools) == {"bare", "called", "renamed", "files://{name}", "review"}
    assert tools["bare"].kind == "tool" and tools["bare"].description == "Bare decorator."
    assert tools["bare"].location.line == 7
    assert tools["called"].description == "Called decorator.\n\nMore text."
    # Context is not caller input; Literal-typed parameters are listed but not tainted
    params = {p.name: p for p in tools["called"].parameters}
    assert list(params) == ["a", "mode"]
    assert params["a"].tainted and not params["mode"].tainted
    assert params["mode"].default == '"x"'
    assert tools["renamed"].function == "original"
    assert tools["renamed"].description == "Explicit description."
    assert tools["files://{name}"].kind == "resource" and tools["files://{name}"].uri == "files://{name}"
    assert tools["review"].kind == "prompt" and tools["review"].description is None
    assert all(t.framework == "fastmcp" for t in tools.values())


def test_fastmcp2_package(tmp_path):
    tools = surface(tmp_path, {"server.py": '''
from fastmcp import FastMCP
mcp = FastMCP("v2")

@mcp.tool
def hello(name: str) -> str:
    return name
'''})
    assert tools["hello"].framework == "fastmcp2"
    assert [p.name for p in tools["hello"].parameters] == ["name"]


def test_instance_imported_from_another_module(tmp_path):
    tools = surface(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/app.py": 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n',
        "pkg/tools.py": '''
from .app import mcp

@mcp.tool()
def remote(q: str) -> str:
    """Imported instance."""
    return q
''',
    })
    assert tools["remote"].location.path == "pkg/tools.py"
    assert tools["remote"].description == "Imported instance."


def test_add_tool_and_functional_registration(tmp_path):
    tools = surface(tmp_path, {
        "helpers.py": 'def lookup(term: str) -> str:\n    """Look a term up."""\n    return term\n',
        "server.py": '''
from mcp.server.fastmcp import FastMCP
from helpers import lookup

mcp = FastMCP("x")

def local(n: int) -> int:
    return n

mcp.add_tool(local)
mcp.add_tool(lookup, name="find")
mcp.tool(name="wrapped")(local)
''',
    })
    assert {"local", "find", "wrapped"} <= set(tools)
    assert tools["find"].location.path == "helpers.py" and tools["find"].description == "Look a term up."
    assert [p.name for p in tools["local"].parameters] == ["n"]


def test_class_based_server(tmp_path):
    tools = surface(tmp_path, {"server.py": '''
from mcp.server.fastmcp import FastMCP

class Ops:
    def __init__(self):
        self.mcp = FastMCP("ops")

        @self.mcp.tool()
        def restart(service: str) -> str:
            """Restart a service."""
            return service

    def run(self):
        self.mcp.run()
'''})
    assert set(tools) == {"restart"}
    assert tools["restart"].function == "Ops.__init__.restart"
    assert [p.name for p in tools["restart"].parameters] == ["service"]


def test_lowlevel_server(tmp_path):
    tools = surface(tmp_path, {"server.py": '''
import mcp.types as types
from mcp.server.lowlevel import Server

server = Server("ll")

@server.list_tools()
async def list_tools() -> list[types.Tool]:
    return [
        types.Tool(
            name="lookup",
            description="Look up an item.",
            inputSchema={"type": "object", "properties": {"sku": {"type": "string", "description": "SKU"}}},
        ),
        types.Tool(name="ping", description="Ping.", inputSchema={"type": "object", "properties": {}}),
    ]

@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list:
    return []

@server.read_resource()
async def read_resource(uri) -> str:
    return ""
'''})
    assert set(tools) == {"lookup", "ping", "read_resource"}
    lookup = tools["lookup"]
    assert lookup.framework == "lowlevel" and lookup.function == "call_tool"
    assert lookup.description == "Look up an item."
    assert [(p.name, p.description) for p in lookup.parameters] == [("sku", "SKU")]
    assert tools["read_resource"].kind == "read_resource"


def test_lowlevel_call_tool_without_list_tools_is_the_tool(tmp_path):
    tools = surface(tmp_path, {"server.py": '''
from mcp.server.lowlevel import Server
server = Server("ll")

@server.call_tool()
async def handle(name: str, arguments: dict) -> list:
    return []
'''})
    assert set(tools) == {"handle"} and tools["handle"].kind == "call_tool"


def test_plain_functions_and_other_decorators_are_not_handlers(tmp_path):
    tools = surface(tmp_path, {"server.py": '''
import functools
from flask import Flask
app = Flask(__name__)

@app.route("/x")
def view():
    return "x"

@functools.lru_cache()
def tool(x):
    return x
'''})
    assert tools == {}
