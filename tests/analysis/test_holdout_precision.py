"""Precision causes read on the fourth Python holdout (issue 12), each on a server of our own:
the vulnerable shape must still be reported, its safe twin must stay quiet."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Dict, List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding


def scan(root: Path, sources: Dict[str, str]) -> List[Finding]:
    for rel, code in sources.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.confidence >= Confidence.MEDIUM]


# handler classes, each declaring its own Tool(name=self.name, inputSchema={...}); the low-level
# call_tool looks the handler up by name and logs the whole argument mapping first
HANDLERS = """
    from mcp.types import Tool


    class ToolHandler:
        def __init__(self, name):
            self.name = name


    class SearchHandler(ToolHandler):
        def __init__(self):
            super().__init__("search")

        def get_tool_description(self):
            return Tool(name=self.name, description="Search notes.", inputSchema={
                "type": "object", "properties": {"query": {"type": "string"}, %s}})

        def run_tool(self, args):
            return []
"""
DISPATCH = """
    import logging
    from mcp.server.lowlevel import Server
    from .handlers import SearchHandler

    log = logging.getLogger("notes")
    server = Server("notes")
    handlers = {h.name: h for h in [SearchHandler()]}


    @server.list_tools()
    async def list_tools():
        return [h.get_tool_description() for h in handlers.values()]


    @server.call_tool()
    async def call_tool(name: str, arguments: dict):
        log.info(f"Tool call: {name} with arguments {arguments}")
        return handlers[name].run_tool(arguments)
"""


def test_argument_mapping_log_is_quiet_when_handler_class_schemas_take_no_credential(tmp_path):
    files = {"__init__.py": "", "server.py": DISPATCH}
    quiet = scan(tmp_path / "a", {**files, "handlers.py": HANDLERS % '"limit": {"type": "integer"}'})
    assert [f for f in quiet if f.rule_id == "secret-in-log"] == []
    loud = scan(tmp_path / "b", {**files, "handlers.py": HANDLERS % '"api_token": {"type": "string"}'})
    [f] = [f for f in loud if f.rule_id == "secret-in-log"]
    assert (f.location.path, f.location.line) == ("server.py", 17)
    assert "the whole argument mapping 'arguments' is written to a log" in f.message


def test_argument_mapping_log_stays_when_a_handler_class_schema_is_not_readable(tmp_path):
    unreadable = HANDLERS.replace('inputSchema={\n', 'inputSchema=make_schema({\n').replace('%s}})', '%s}}))')
    files = {"__init__.py": "", "server.py": DISPATCH,
             "handlers.py": unreadable.replace("from mcp.types import Tool", "from mcp.types import Tool\n    from .schema import make_schema")
             % '"limit": {"type": "integer"}',
             "schema.py": "def make_schema(d):\n    return d\n"}
    [f] = [f for f in scan(tmp_path, files) if f.rule_id == "secret-in-log"]
    assert (f.location.path, f.location.line) == ("server.py", 17)


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "precision"


def expected(root: Path, name: str) -> List[tuple]:
    lines = (root / name).read_text(encoding="utf-8").splitlines()
    return sorted((name, i, m.split("expect:")[1].strip()) for i, m in enumerate(lines, 1) if "# expect:" in m)


def fixture(tmp_path: Path, name: str) -> List[Finding]:
    return scan(tmp_path, {name: (FIXTURES / name).read_text(encoding="utf-8")})


def test_a_value_in_the_path_after_a_fixed_host_is_no_request_forgery(tmp_path):
    found = fixture(tmp_path, "url_path.py")
    got = sorted((f.location.path, f.location.line, f.rule_id) for f in found)
    assert got == expected(FIXTURES, "url_path.py")
    by_tool = {f.tool: f for f in found}
    assert set(by_tool) == {"raw", "joined", "after_base", "item_on_host", "slash_path"}
    assert by_tool["raw"].message == "tool 'raw' passes parameter 'endpoint' to requests.get(): server-side request forgery"
    assert by_tool["joined"].parameter == "host"
    high = {t for t, f in by_tool.items() if f.confidence == Confidence.HIGH}
    assert high == {"raw", "joined", "after_base"}
    assert by_tool["slash_path"].message == (
        "tool 'slash_path' passes parameter 'path' to requests.get(): server-side request forgery; only a weak "
        "check on the way: it fills the path under the host its base URL fixes; '../' reaches other endpoints of "
        "that host with the server's credential (the 'headers' argument)")
    assert by_tool["item_on_host"].confidence == Confidence.MEDIUM


def test_a_database_name_in_a_connection_uri_path_is_still_reported(tmp_path):
    # libpq reads ?host= in a connection URI: a value in its path can still move the connection
    found = scan(tmp_path, {"server.py": """
        import psycopg
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("db")
        HOST = "db.internal"


        @mcp.tool()
        def tables(database: str) -> list:
            \"\"\"List the tables of a database.\"\"\"
            with psycopg.connect(f"postgresql://app@{HOST}/{database}") as conn:
                return conn.execute("SELECT tablename FROM pg_tables").fetchall()
    """})
    [f] = [f for f in found if f.rule_id == "tool-ssrf"]
    assert (f.location.line, f.parameter) == (11, "database")


def test_xmlrpc_proxy_of_a_caller_chosen_server_is_reported_and_the_import_is_not(tmp_path):
    from mcpaudit.engines import bandit

    found = fixture(tmp_path, "xmlrpc_proxy.py")
    assert sorted((f.location.path, f.location.line, f.rule_id) for f in found) == expected(FIXTURES, "xmlrpc_proxy.py")
    [f] = found
    assert f.message.startswith("tool 'count_on' passes parameter 'server' to xmlrpc.client.ServerProxy(): "
                                "server-side request forgery")
    out = bandit.run([tmp_path / "xmlrpc_proxy.py"], tmp_path, timeout=300)
    assert out.ran and not [g for g in out.findings if g.rule_id == "B411"]


def test_a_listing_only_tested_for_emptiness_is_no_access(tmp_path):
    found = fixture(tmp_path, "listing_probe.py")
    assert sorted((f.location.path, f.location.line, f.rule_id) for f in found) == expected(FIXTURES, "listing_probe.py")
    rmdir = [f for f in found if f.location.line == 19]
    assert rmdir and rmdir[0].message.startswith("tool 'remove_stack' passes parameter 'name' to os.rmdir()")
    listed = [f for f in found if f.tool == "stack_entries"]
    assert listed[0].message.startswith("tool 'stack_entries' passes parameter 'name' to os.listdir()")
