"""Precision causes read on the seventh Python holdout (issue 12), each on a server of our own:
the vulnerable shape must still be reported, its safe twin must stay quiet."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Dict, List

import libcst as cst

from mcpaudit import api
from mcpaudit.analysis.positions import PositionIndex, flat_body
from mcpaudit.config import Config
from mcpaudit.models import Confidence, Finding


def write(root: Path, sources: Dict[str, str]) -> Path:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for rel, code in sources.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    return root


# An executor class whose shell calls share their first line. The module uses syntax newer than
# Python 3.11's ast (a backslash inside an f-string expression): positions then come from libcst.
# Only run_command is reached from a tool; run_script and run_file build their command from a
# fixed interpreter map and a temp file the code made, and no tool calls them.
EXECUTOR = r'''
    import asyncio
    import os
    import tempfile

    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("runner")

    LANGS = {"python": "python3 -u", "node": "node"}


    def to_wsl(path: str) -> str:
        drive = path[0]
        return f"/mnt/{drive.lower()}/{path[3:].replace('\\', '/')}"


    class Executor:
        shell = "/bin/bash"

        async def run_script(self, language: str, script: str) -> str:
            interpreter = LANGS.get(language, "python3")
            cmd = f"{self.shell} -l -c '{interpreter}'"
            process = await asyncio.create_subprocess_shell(cmd, stdin=asyncio.subprocess.PIPE)
            out, _ = await process.communicate(script.encode())
            return out.decode()

        async def run_file(self, language: str, script: str) -> str:
            with tempfile.NamedTemporaryFile("w", suffix=".src", delete=False) as f:
                f.write(script)
            cmd = f"{LANGS['python']} {f.name}"
            process = await asyncio.create_subprocess_shell(cmd, stdin=asyncio.subprocess.PIPE)
            out, _ = await process.communicate()
            os.unlink(f.name)
            return out.decode()

        async def run_command(self, command: str) -> str:
            cmd = f"{self.shell} -c '{command}'"
            process = await asyncio.create_subprocess_shell(cmd, stdin=asyncio.subprocess.PIPE)
            out, _ = await process.communicate()
            return out.decode()


    @mcp.tool()
    async def run(command: str) -> str:
        """Run a shell command."""
        return await Executor().run_command(command)
'''


def test_positions_of_repeated_calls_in_a_module_newer_than_the_ast_parser():
    text = textwrap.dedent(EXECUTOR).lstrip("\n")
    module = cst.parse_module(text)
    index = PositionIndex(text, module)
    executor = next(s for s in flat_body(module) if isinstance(s, cst.ClassDef))
    lines = []
    for method in flat_body(executor.body):
        if not isinstance(method, cst.FunctionDef):
            continue
        stmt = next(s for s in flat_body(method.body) if isinstance(s, cst.Assign)
                    and isinstance(s.value, cst.Await))
        lines.append(index.pos(stmt, stmt.value.expression)[0])
    assert lines == [23, 31, 38]


def test_an_unreached_shell_call_with_author_fixed_parts_is_audit_view_only(tmp_path):
    root = write(tmp_path, {"server.py": EXECUTOR})
    res = api.audit([root], Config(engines=("cst", "semgrep"), cache=False, min_confidence=Confidence.LOW))
    shown = {(f.location.line, f.rule_id, f.confidence) for f in res.findings if f.location.line in (23, 31, 38)}
    assert shown == {
        (23, "tool-shell-injection", Confidence.LOW),
        (31, "tool-shell-injection", Confidence.LOW),
        (38, "tool-shell-injection", Confidence.HIGH),
    }
    by_line: Dict[int, Finding] = {f.location.line: f for f in res.findings if f.rule_id == "tool-shell-injection"}
    # the pattern rule's hits went with the taint engine's verdict at each call's own line
    assert all(by_line[n].also_reported_by == ["semgrep:os-system-nonconstant"] for n in (23, 31, 38))
    assert by_line[38].message == "tool 'run' passes parameter 'command' to asyncio.create_subprocess_shell(): OS command injection"
    assert [(s.location.line, s.note) for s in by_line[38].flow][-1] == (38, "reaches asyncio.create_subprocess_shell()")
    assert by_line[23].message.endswith("not traced to an MCP tool parameter (audit view)")
    default = api.audit([root], Config(engines=("cst", "semgrep"), cache=False))
    assert [(f.location.line, f.rule_id) for f in default.findings] == [(38, "tool-shell-injection")]


def cst_findings(root: Path, sources: Dict[str, str]) -> List[Finding]:
    from mcpaudit.engines import cst as cst_engine

    write(root, sources)
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.confidence >= Confidence.MEDIUM]


# .fetch() on objects of three packages: an HTTP API wrapper the models do not know (no query),
# an unknown driver whose factory says connect (a query), and a package of the project itself
# (its type is unknown to the module: still a query)
FETCHERS = """
    import forumapi
    import obscuredb
    import storage
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("forum")


    class Forum:
        def __init__(self):
            self.client = forumapi.Client()
            self.conn = obscuredb.connect("forum.db")
            self.store = storage.open_store()

        def post(self, post_id: str):
            return self.client.p.submission.fetch(post_id)

        def comments(self, post_id: str):
            return self.client.p.comment_tree.fetch(post_id, sort="top")

        def rows(self, query: str):
            return self.conn.fetch(query)

        def stored(self, query: str):
            return self.store.conn.fetch(query)


    forum = Forum()


    @mcp.tool()
    def read_post(post_id: str) -> str:
        \"\"\"Read a post and its comments by id.\"\"\"
        return str(forum.post(post_id)) + str(forum.comments(post_id))


    @mcp.tool()
    def search(query: str) -> str:
        \"\"\"Search the forum's archive.\"\"\"
        return str(forum.rows(query)) + str(forum.stored(query))
"""
STORAGE = """
    def open_store():
        return make()
"""


def test_fetch_on_an_api_client_of_an_unknown_library_is_no_query(tmp_path):
    found = cst_findings(tmp_path, {"server.py": FETCHERS, "storage/__init__.py": STORAGE})
    sql = sorted((f.location.line, f.tool, f.parameter) for f in found if f.rule_id == "tool-sql-injection")
    assert sql == [(22, "search", "query"), (25, "search", "query")]
    [f] = [f for f in found if f.rule_id == "tool-sql-injection" and f.location.line == 22]
    assert f.message == "tool 'search' runs caller-supplied query text 'query' verbatim with .fetch() (a raw-query tool)"
    # the same module where forumapi is a package of the scanned tree: its objects may be anything
    own = cst_findings(tmp_path / "own", {"server.py": FETCHERS, "storage/__init__.py": STORAGE,
                                          "forumapi/__init__.py": "def Client():\n    return make()\n"})
    assert sorted(f.location.line for f in own if f.rule_id == "tool-sql-injection") == [16, 19, 22, 25]


# A low-level server whose call_tool hands every statement to one helper; the helper checks the
# statement's first word per operation (SELECT for one, INSERT/UPDATE/DELETE and CREATE/DROP for
# the others) and refuses a ';' in the text it returns for execution.
ROUTED_HELPER = """
    def prepare(name: str, arguments: dict) -> str:
        text = (arguments.get("query") or "").strip()
        if name == "select_sql":
            if not text.upper().startswith("SELECT"):
                raise ValueError("Query must be a SELECT statement")
        elif name == "change_sql":
            if not any(text.upper().startswith(k) for k in ["INSERT", "UPDATE", "DELETE"]):
                raise ValueError("Query must be INSERT, UPDATE or DELETE")
        elif name == "schema_sql":
            if not text.upper().startswith(("CREATE", "ALTER", "DROP")):
                raise ValueError("Query must be DDL")
        if ";" in text.rstrip(";"):
            raise ValueError("one statement only")
        return text.rstrip(";")
"""
ROUTED_SERVER = """
    import psycopg2
    from mcp.server.lowlevel import Server
    from mcp.types import TextContent
    from .ops import prepare

    app = Server(%s)
    conn = psycopg2.connect("dbname=app")


    @app.call_tool()
    async def call_tool(name: str, arguments: dict) -> list[TextContent]:
        query = prepare(name, arguments)
        with conn.cursor() as cur:
            cur.execute(query)
            return [TextContent(type="text", text=str(cur.fetchall()))]
"""


def test_a_select_prefix_that_routes_statements_between_writing_operations_is_no_read_only_boundary(tmp_path):
    files = {"__init__.py": "", "ops.py": ROUTED_HELPER}
    quiet = cst_findings(tmp_path / "a", {**files, "server.py": ROUTED_SERVER % '"warehouse"'})
    assert [f for f in quiet if f.rule_id == "tool-read-only-bypass"] == []
    # the twin: the server promises read-only; the check is then a boundary, bypassable without
    # a stacked statement (the ';' is refused in the executed text)
    claimed = cst_findings(tmp_path / "b", {**files, "server.py": ROUTED_SERVER % (
        '"warehouse", instructions="Read-only access to the warehouse database"')})
    [f] = [f for f in claimed if f.rule_id == "tool-read-only-bypass"]
    assert (f.location.path, f.location.line, f.tool) == ("server.py", 14, "call_tool")
    assert f.message == (
        "tool 'call_tool' lets caller query text 'arguments['query']' reach .execute() behind a read-only check "
        "by query prefix ('SELECT'): stacked statements do not run (the code rejects ';' in the text), but "
        "'WITH x AS (DELETE ...)' and 'EXPLAIN ANALYZE DELETE ...' pass it")


def test_a_select_prefix_with_no_write_route_is_still_a_read_only_check(tmp_path):
    helper = ROUTED_HELPER.replace('        if ";" in text.rstrip(";"):\n            raise ValueError("one statement only")\n', "")
    helper = helper.replace('k in ["INSERT", "UPDATE", "DELETE"]', 'k in ["SHOW", "DESCRIBE"]').replace(
        '("CREATE", "ALTER", "DROP")', '("EXPLAIN", "VALUES")')
    found = cst_findings(tmp_path, {"__init__.py": "", "ops.py": helper, "server.py": ROUTED_SERVER % '"warehouse"'})
    [f] = [f for f in found if f.rule_id == "tool-read-only-bypass"]
    assert f.location.line == 14 and "'SELECT 1; DROP TABLE t'" in f.message


# ffmpeg reads the element after -filter_complex, -map or -r as that option's value, whatever it
# starts with; the caller's overlay filter there smuggles no option. Its twin puts the caller's
# value where ffmpeg reads options (before the inputs).
FFMPEG = """
    import subprocess
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("video")


    @mcp.tool()
    def overlay(main: str, clips: list[str], graph: str, rate: str) -> str:
        \"\"\"Overlay clips on a video with a caller's filter graph into out.mp4.\"\"\"
        inputs = ["-i", main]
        for clip in clips:
            inputs.extend(["-i", clip])
        cmd = ["ffmpeg", *inputs, "-filter_complex", graph, "-map", "[v]", "-r", rate, "-y", "out.mp4"]
        subprocess.run(cmd, check=True)
        return "out.mp4"


    @mcp.tool()
    def reencode(flags: str, main: str) -> str:
        \"\"\"Re-encode a video into out.mp4.\"\"\"
        subprocess.run(["ffmpeg", flags, "-i", main, "-y", "out.mp4"], check=True)
        return "out.mp4"
"""


def test_ffmpeg_filter_graph_and_map_values_are_option_values(tmp_path):
    found = cst_findings(tmp_path, {"server.py": FFMPEG})
    got = sorted((f.rule_id, f.location.line, f.tool, f.parameter) for f in found if f.rule_id.startswith("tool-"))
    # flags, no option's value, is also an operand: an output file ffmpeg writes (file-programs, py27b);
    # the element after -i is a file ffmpeg reads (ts54c), the caller's main and clips (one per line)
    assert got == [("tool-argument-injection", 21, "reencode", "flags"), ("tool-path-traversal", 14, "overlay", "main"),
                   ("tool-path-traversal", 21, "reencode", "flags")]


# libtmux types a command line into a pane's shell; selenium's element.send_keys types text into a
# web page's field (no shell), and a fixed line typed at setup is the author's.
TMUX = """
    import libtmux
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("term")


    class Terminal:
        def __init__(self):
            self.server = libtmux.Server()
            self.session = self.server.new_session("work")
            self.pane = self.session.active_window.active_pane
            self.pane.send_keys("export PS1='$ '")

        def run(self, command: str) -> None:
            self.pane.send_keys(command, enter=True)


    term = Terminal()


    @mcp.tool()
    def run_in_terminal(command: str) -> str:
        \"\"\"Type a command into the terminal.\"\"\"
        term.run(command)
        return "sent"


    @mcp.tool()
    def run_in_new_window(command: str) -> str:
        \"\"\"Run a command in a new tmux window.\"\"\"
        window = libtmux.Server().new_session("jobs").new_window("job")
        window.send_keys(command)
        return "started"
"""
FORM = """
    from mcp.server.fastmcp import FastMCP
    from selenium import webdriver
    from selenium.webdriver.common.by import By

    mcp = FastMCP("browser")
    driver = webdriver.Firefox()


    @mcp.tool()
    def fill(text: str) -> str:
        \"\"\"Type text into the search box.\"\"\"
        box = driver.find_element(By.NAME, "q")
        box.send_keys(text)
        return "typed"
"""


def test_libtmux_send_keys_types_a_command_line_into_a_shell(tmp_path):
    found = cst_findings(tmp_path / "tmux", {"server.py": TMUX})
    got = sorted((f.rule_id, f.location.line, f.tool) for f in found)
    assert got == [("capability-command-execution", 15, "run_in_terminal"),
                   ("capability-command-execution", 32, "run_in_new_window")]
    [f] = [f for f in found if f.tool == "run_in_terminal"]
    assert "libtmux .send_keys()" in f.message
    assert cst_findings(tmp_path / "form", {"server.py": FORM}) == []


# a method that takes the tool's arguments as **params (typed Unpack[TypedDict] in real servers)
# and reads one of them by name: only that argument reaches its sink
KWARGS = """
    import subprocess
    from typing import TypedDict, Unpack

    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("shell")


    class RunParams(TypedDict):
        note: str
        command: str
        workdir: str


    class Runner:
        def call(self, **params: Unpack[RunParams]) -> str:
            open(params["workdir"] + "/run.log", "a").write(params["note"])
            return subprocess.run(params["command"], shell=True, cwd="/srv", text=True,
                                  capture_output=True).stdout


    @mcp.tool()
    def run(note: str, command: str, workdir: str) -> str:
        \"\"\"Run a shell command.\"\"\"
        return Runner().call(note=note, command=command, workdir=workdir)
"""


def test_keyword_arguments_gathered_in_a_kwargs_mapping_keep_their_names(tmp_path):
    found = cst_findings(tmp_path, {"server.py": KWARGS})
    got = sorted((f.rule_id, f.location.line, f.parameter) for f in found)
    assert got == [("capability-command-execution", 18, "command"), ("tool-path-traversal", 17, "workdir")]
