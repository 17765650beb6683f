"""The low-level Server's constructor form (python-sdk 2.x): handlers passed as
``Server(name, on_list_tools=fn, on_call_tool=fn)`` and called as ``fn(ctx, params)``, where
``params.name`` is the tool name and ``params.arguments`` the caller's input. Fixture:
``fixtures/lowlevel_ctor``."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Dict

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "lowlevel_ctor"


def surface(tmp_path: Path, sources: Dict[str, str]):
    for rel, code in sources.items():
        (tmp_path / rel).write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    files = [(str(p), p.relative_to(tmp_path).as_posix()) for p in sorted(tmp_path.rglob("*.py"))]
    out, project = cst_engine.run(files, tmp_path, jobs=1)
    assert not out.errors, out.errors
    return {t.name: t for t in project.tools}


def _scan():
    files = [(str(p), p.relative_to(ROOT).as_posix()) for p in sorted(ROOT.rglob("*.py"))]
    out, project = cst_engine.run(files, ROOT, jobs=1)
    assert not out.errors, out.errors
    return out.findings, project


def test_constructor_handlers_declare_tools_and_trace_params_arguments():
    findings, project = _scan()
    tools = {t.name: t for t in project.tools}
    # the Tool(...) declarations live in a helper list_tools calls
    assert sorted(tools) == ["count_named", "count_words"]
    assert [p.name for p in tools["count_words"].parameters] == ["path"]
    shown = [(f.rule_id, f.location.line) for f in findings if f.confidence >= Confidence.MEDIUM]
    assert shown == [("tool-shell-injection", 34)]
    (f,) = [f for f in findings if f.rule_id == "tool-shell-injection"]
    # the branch on params.name names the tool; ctx (unannotated) is not caller input
    assert f.message == ("tool 'count_words' passes parameter 'params.arguments' to subprocess.run(shell=True): "
                         "OS command injection")
    assert f.flow[0].note == "parameter 'params' of MCP tool 'call_tool' (caller-controlled)"


def test_constructor_form_registers_prompts_and_resources(tmp_path):
    tools = surface(tmp_path, {"server.py": '''
        from mcp.server import Server

        async def read(ctx, params):
            return open(params.uri).read()

        async def prompt(ctx, params):
            return params.arguments

        async def listing(ctx, params):
            return []

        server = Server("docs", on_read_resource=read, on_get_prompt=prompt, on_list_resources=listing)
        '''})
    assert {n: t.kind for n, t in tools.items()} == {"read": "read_resource", "prompt": "get_prompt"}
    assert [p.name for p in tools["read"].parameters] == ["params"]  # ctx is the request context


def test_keywords_of_other_constructors_register_nothing(tmp_path):
    tools = surface(tmp_path, {"app.py": '''
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("x")

        def handler(ctx, params):
            return params

        class Button:
            def __init__(self, on_call_tool=None):
                self.cb = on_call_tool

        b = Button(on_call_tool=handler)
        '''})
    assert tools == {}



def test_mcpserver_is_the_sdk_2_fastmcp(tmp_path):
    # python-sdk 2.x renamed FastMCP to MCPServer: run() without host= serves loopback
    (tmp_path / "server.py").write_text(textwrap.dedent('''
        import subprocess
        from mcp.server import MCPServer

        app = MCPServer("disk")

        @app.tool()
        def usage(folder: str) -> str:
            """Show the disk usage of a folder."""
            return subprocess.run(f"du -sh {folder}", shell=True, capture_output=True, text=True).stdout

        if __name__ == "__main__":
            app.run(transport="streamable-http")
        ''').lstrip("\n"), encoding="utf-8")
    out, project = cst_engine.run([(str(tmp_path / "server.py"), "server.py")], tmp_path, jobs=1)
    assert not out.errors, out.errors
    assert [t.name for t in project.tools] == ["usage"]
    got = sorted((f.rule_id, f.location.line, f.confidence) for f in out.findings)
    assert got == [("http-transport-no-auth", 12, Confidence.LOW), ("tool-shell-injection", 9, Confidence.HIGH)]
    (http,) = [f for f in out.findings if f.rule_id == "http-transport-no-auth"]
    assert "(bound to 127.0.0.1 by default" in http.message
