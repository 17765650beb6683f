"""Flows into a project's own subprocess wrapper (issue 12, holdout causes): one finding per
tool where its value enters the argv, the strongest flow shown at a shared sink, values that can
never be an option; and the secret-in-log and HTTP-transport shapes that are not what they seem."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of, only, scan, steps

WRAPPED = TAINT / "wrapped"


def _wrapped(tool_name: str):
    return [f for f in fixture_findings() if f.tool == tool_name and f.location.path.startswith("wrapped/")]


def test_each_tool_reported_where_its_value_enters_the_shared_wrapper():
    tools = WRAPPED / "tools.py"
    history = only(_wrapped("history"))
    changes = only(_wrapped("changes"))
    assert history.rule_id == changes.rule_id == "tool-argument-injection"
    assert history.location.line == line_of(tools, "cmd.extend(shlex.split(arguments))  # expect")
    assert changes.location.line == line_of(tools, 'cmd = ["git", "diff"] + shlex.split(arguments)')
    assert history.confidence == Confidence.HIGH
    assert "through run_command() at wrapped/proc.py:8" in history.message
    assert "added to the argument list after 'git log' with no '--' before it" in history.message
    # the wrapper's sink is the last step of each flow
    assert steps(history)[-1] == ("wrapped/proc.py", 8, "reaches asyncio.create_subprocess_exec()")
    # no merged finding at the wrapper's sink
    assert not [f for f in fixture_findings() if f.location.path == "wrapped/proc.py"]


def test_values_that_cannot_be_options_stay_quiet():
    # after '--', made absolute, the value of -m, a constant prefix
    for name in ("changes_safe", "make_executable", "commit", "show_safe", "listing"):
        assert not [f for f in _wrapped(name) if f.rule_id == "tool-argument-injection"], name
    # the absolute path is still any file chmod changes (see test_argv_files)
    assert [f.rule_id for f in _wrapped("make_executable")] == ["tool-path-traversal"]


def test_shlex_split_appended_in_the_same_function():
    f = only(_wrapped("show"))
    assert f.location.line == line_of(WRAPPED / "direct.py", "cmd.extend(shlex.split(arguments))  # expect")
    assert f.confidence == Confidence.HIGH
    assert "after 'git show' with no '--' before it" in f.message


def test_the_name_of_an_absolute_path_can_be_an_option():
    f = only(_wrapped("listing_name"))
    assert f.rule_id == "tool-argument-injection"
    assert f.location.line == line_of(WRAPPED / "direct.py", '["ls", "-l", name]')


def test_a_shared_sink_names_every_tool_and_shows_the_strongest_flow(tmp_path: Path):
    findings = scan(tmp_path, {"server.py": """
        import os
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("notes")

        def load(name: str) -> str:
            return open("/srv/notes/" + name).read()

        @mcp.tool()
        def first(name: str) -> str:
            return load(name)

        @mcp.tool()
        def second(name: str) -> str:
            return load(name)
    """})
    f = only(findings, rule_id="tool-path-traversal")
    assert f.location.line == 6
    other = "second" if f.tool == "first" else "first"
    assert f.message.endswith(f"(also reached from tool '{other}')")


def test_whole_argument_mapping_logged_by_a_dynamically_named_tool_without_credentials(tmp_path: Path):
    server = """
        import logging
        from mcp.server import Server
        from mcp.types import Tool
        app = Server("db")
        logger = logging.getLogger(__name__)

        def get_command() -> str:
            return "execute_sql"

        @app.list_tools()
        async def list_tools() -> list[Tool]:
            return [Tool(name=get_command(), description="Run SQL",
                         inputSchema={"type": "object", "properties": {"%s": {"type": "string"}}})]

        @app.call_tool()
        async def call_tool(name: str, arguments: dict):
            logger.info(f"Calling tool: {name} with arguments: {arguments}")
            return []
    """
    assert not [f for f in scan(tmp_path / "a", {"server.py": server % "query"}) if f.rule_id == "secret-in-log"]
    f = only(scan(tmp_path / "b", {"server.py": server % "api_key"}), rule_id="secret-in-log")
    assert "the whole argument mapping 'arguments'" in f.message


def test_response_headers_are_not_request_headers(tmp_path: Path):
    findings = scan(tmp_path, {"client.py": """
        import logging
        import httpx
        logger = logging.getLogger(__name__)

        async def log_response(response: httpx.Response) -> None:
            logger.debug("Response Headers: %s", dict(response.headers))

        async def log_request(request: httpx.Request) -> None:
            logger.debug("Request Headers: %s", dict(request.headers))
    """})
    f = only(findings, rule_id="secret-in-log")
    assert f.location.line == 9
    assert "request headers" in f.message


def test_a_command_line_prints_its_own_setup_to_the_user_who_ran_it(tmp_path: Path):
    findings = scan(tmp_path, {"setup.py": """
        import json
        import os

        def config():
            return {"env": {"API_KEY": os.environ.get("API_KEY")}}

        def log_it():
            print(os.environ.get("API_KEY"))

        if __name__ == "__main__":
            print(json.dumps(config(), indent=2))
            print(os.environ.get("API_KEY"))
    """})
    f = only(findings, rule_id="secret-in-log")
    assert f.location.line == 8  # a print outside the command line's own block still counts


def test_an_asgi_app_that_serves_no_mcp_is_not_an_mcp_transport(tmp_path: Path):
    playground = """
        import uvicorn
        from fastapi import FastAPI

        async def serve_playground(app: FastAPI, host: str = "localhost", port: int = 7777):
            config = uvicorn.Config(app=app, host=host, port=port)
            await uvicorn.Server(config).serve()
    """
    server = """
        import uvicorn
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("remote")

        def serve(app, port: int = 8000):
            uvicorn.run(app, host="0.0.0.0", port=port)

        @mcp.tool()
        def hello(name: str) -> str:
            return name

        if __name__ == "__main__":
            serve(mcp.sse_app())
    """
    quiet = scan(tmp_path / "a", {"playground.py": playground, "server.py": HELLO})
    assert not [f for f in quiet if f.rule_id == "http-transport-no-auth"]
    loud = scan(tmp_path / "b", {"playground.py": playground, "server.py": server})
    lines = sorted(f.location.line for f in loud if f.rule_id == "http-transport-no-auth")
    # one finding per serving file (at its server call; its sse_app() on line 13 is named in the
    # message); not the playground
    assert lines == [6]
    assert "13" in next(f.message for f in loud if f.rule_id == "http-transport-no-auth")


HELLO = """
    from mcp.server.fastmcp import FastMCP
    mcp = FastMCP("local")

    @mcp.tool()
    def hello(name: str) -> str:
        return name

    if __name__ == "__main__":
        mcp.run()
"""
