"""Precision causes read on the fifth Python holdout (issue 12), each on a server of our own: the
vulnerable shape must still be reported, its safe twin must stay quiet."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Finding
from test_holdout_precision import scan  # the tests' directory is on sys.path (no __init__)


def at(findings: List[Finding], rule: str) -> Dict[int, str]:
    return {f.location.line: f.message for f in findings if f.rule_id == rule}


# -- quote doubling: a complete escape where the quote is a literal's only escape --------------

# the connection comes from a project helper, so only the drivers the project imports say which
# dialect the queries speak
DB = """
    import {driver}


    def connect():
        return {driver}.connect("{dsn}")
"""
QUEUES = """
    from mcp.server.fastmcp import FastMCP
    from .db import connect

    mcp = FastMCP("queues")


    @mcp.tool()
    def drop_queue(name: str, key: str, limit: int) -> str:
        safe = name.replace("'", "''")
        conn = connect()
        cur = conn.cursor()
        cur.execute(f"CALL drop_queue('{safe}', {int(limit)})")
        value = key.replace("'", "''")
        if key.startswith("user"):
            value = f'"{value}"'
        cur.execute("CALL set_property('" + safe + "', '" + value + "')")
        cur.execute("SELECT * FROM q WHERE name = '{}'".format(safe))
        cur.execute(f"SELECT * FROM q WHERE id = {safe}")
        cur.execute(f"SELECT E'{safe}'")
        cur.execute(f'SELECT "{safe}" FROM q')
        cur.execute(f"SELECT '{safe[:10]}'")
        cur.execute(f"SELECT '{name}'")
        return "done"
"""
# lines of QUEUES: doubled values inside single quotes, then the shapes doubling does not cover
IN_QUOTES = (12, 16, 17)
NOT_COVERED = (18, 19, 20, 21, 22)


def _queues(root: Path, driver: str, dsn: str = "db", extra: str = "") -> Dict[int, str]:
    files = {"__init__.py": "", "db.py": DB.format(driver=driver, dsn=dsn) + extra, "server.py": QUEUES}
    return at([f for f in scan(root, files) if f.location.path == "server.py"], "tool-sql-injection")


def test_doubled_quotes_in_a_literal_are_escaped_for_postgresql_and_sqlite(tmp_path):
    for driver in ("psycopg", "sqlite3"):
        got = _queues(tmp_path / driver, driver)
        assert not set(IN_QUOTES) & set(got), got
        # outside quotes, in an E'' escape string, between double quotes (a ' doubled is no escape
        # there), cut by a slice, or never doubled: still SQL injection
        assert set(got) == set(NOT_COVERED), got
        for line in NOT_COVERED:
            assert "passes parameter 'name' to .execute(): SQL injection" in got[line]


def test_doubled_quotes_are_no_escape_where_a_backslash_escapes_too(tmp_path):
    # MySQL: "\\'" doubles to "\\''": the backslash takes one quote, the other ends the literal
    got = _queues(tmp_path / "mysql", "pymysql")
    assert set(got) == set(IN_QUOTES) | set(NOT_COVERED), got
    assert "passes parameter 'name' to .execute(): SQL injection (the query is an f-string)" in got[12]


def test_doubled_quotes_need_every_driver_of_the_project_to_agree(tmp_path):
    # SQLAlchemy reaches any engine: the dialect is unknown, reported as before
    got = _queues(tmp_path / "any", "psycopg", extra="\n    import sqlalchemy\n")
    assert set(IN_QUOTES) <= set(got), got
    got = _queues(tmp_path / "mixed", "psycopg", extra="\n    import pymysql\n")
    assert set(IN_QUOTES) <= set(got), got


def test_the_receivers_driver_decides_before_the_projects(tmp_path):
    code = """
        import sqlite3
        import pymysql
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("notes")


        @mcp.tool()
        def find(name: str) -> list:
            safe = name.replace("'", "''")
            local = sqlite3.connect("notes.db")
            rows = local.execute(f"SELECT * FROM notes WHERE title = '{safe}'").fetchall()
            remote = pymysql.connect(host="db").cursor()
            remote.execute(f"SELECT * FROM notes WHERE title = '{safe}'")
            return rows
    """
    got = at(scan(tmp_path, {"server.py": code}), "tool-sql-injection")
    assert set(got) == {14}, got


# -- membership proved by a lookup -------------------------------------------------------------

LOOKUPS = """
    import psycopg
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("bin")


    def list_tables(conn, schema):
        cur = conn.cursor()
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema])
        return [r[0] for r in cur.fetchall()]


    @mcp.tool()
    def restore(schema: str, table: str) -> str:
        cur = psycopg.connect("db").cursor()
        cur.execute("SELECT id FROM bin WHERE schema_name = %s AND table_name = %s", [schema, table])
        row = cur.fetchone()
        if not row:
            return "not in the recycle bin"
        cur.execute(f'RECOVER TABLE "{schema}"."{table}"')
        return "restored"


    @mcp.tool()
    async def purge(conn, table: str) -> str:
        if await conn.fetchrow("SELECT 1 FROM bin WHERE table_name = $1", table) is None:
            return "not found"
        await conn.execute(f'DROP TABLE "{table}"')
        return "purged"


    @mcp.tool()
    def drop(schema: str, table: str) -> str:
        conn = psycopg.connect("db")
        tables = list_tables(conn, schema)
        if table not in tables:
            return "no such table"
        conn.execute(f'DROP TABLE "{table}"')
        return "dropped"


    @mcp.tool()
    def restore_like(table: str) -> str:
        cur = psycopg.connect("db").cursor()
        cur.execute("SELECT id FROM bin WHERE table_name LIKE %s", [table])
        if not cur.fetchone():
            return "not found"
        cur.execute(f'RECOVER TABLE "{table}"')
        return "restored"


    @mcp.tool()
    def restore_count(table: str) -> str:
        cur = psycopg.connect("db").cursor()
        cur.execute("SELECT count(*) FROM bin WHERE table_name = %s", [table])
        row = cur.fetchone()
        if not row:
            return "not found"
        cur.execute(f'RECOVER TABLE "{table}"')
        return "restored"


    @mcp.tool()
    def restore_unchecked(table: str) -> str:
        cur = psycopg.connect("db").cursor()
        cur.execute("SELECT id FROM bin WHERE table_name = %s", [table])
        row = cur.fetchone()
        cur.execute(f'RECOVER TABLE "{table}" WITH (id = {int(row[0])})')
        return "restored"
"""


def test_a_value_found_by_a_parameterised_lookup_is_no_injection(tmp_path):
    got = at(scan(tmp_path, {"server.py": LOOKUPS}), "tool-sql-injection")
    # equal to a row of the lookup (a cursor's, an asyncpg fetchrow's), or in a list a project
    # function computed: quiet (lines 20, 28, 38); LIKE proves no equality, count(*) returns a
    # row whatever matched, and a row never checked proves nothing
    assert set(got) == {48, 59, 68}, got
    assert "tool 'restore_like' passes parameter 'table' to .execute(): SQL injection" in got[48]


# -- resource-template values as paths -----------------------------------------------------------

TEMPLATES = """
    import os
    import shutil
    from urllib.parse import unquote
    from {module} import {cls}

    mcp = {cls}("docs")
    ROOT = "/srv/docs"


    def read_page(page):
        with open(os.path.join(ROOT, f"{{page}}.md")) as f:
            return f.read()


    @mcp.resource("docs://{{name}}")
    def doc(name: str) -> str:
        return read_page(name)


    @mcp.resource("docs://{{folder}}/index")
    def clear(folder: str) -> str:
        shutil.rmtree(os.path.join(ROOT, folder))
        return "cleared"


    @mcp.resource("raw://{{name}}")
    def raw(name: str) -> str:
        with open(os.path.join(ROOT, unquote(name) + ".md")) as f:
            return f.read()
"""


def _templates(root: Path, module: str = "mcp.server.fastmcp", cls: str = "FastMCP", extra: str = "") -> Dict[int, str]:
    return at(scan(root, {"server.py": TEMPLATES.format(module=module, cls=cls) + extra}), "tool-path-traversal")


def test_a_template_segment_glued_to_a_file_name_is_no_traversal(tmp_path):
    got = _templates(tmp_path / "sdk")
    # python-sdk FastMCP: {name} matches [^/]+ and is never decoded. Glued to ".md" in one
    # component it names a file of ROOT (line 11, through the helper): quiet. Alone as a
    # component it can still be '..', ROOT's parent (rmtree removes it): reported, with why.
    # Decoded by the code (unquote), "%2F" is a separator again: reported as before.
    assert set(got) == {22, 28}, got
    assert got[22].startswith("tool 'docs://{folder}/index' passes parameter 'folder' to shutil.rmtree()")
    assert "only a weak check on the way: a resource-template value holds no '/', but '..' alone " \
           "names the folder above the one it is joined to" in got[22]
    assert "weak check" not in got[28]


def test_template_segments_that_can_hold_a_separator_stay_sources(tmp_path):
    # the standalone fastmcp package percent-decodes its [^/]+ captures: "..%2Fetc" is "../etc"
    got = _templates(tmp_path / "fastmcp2", module="fastmcp")
    assert {11, 22, 28} <= set(got), got
    assert "weak check" not in got[11]
    # python-sdk 2.x with ResourceSecurity imported: its '..' check may be relaxed
    got = _templates(tmp_path / "relaxed", extra="\n    from mcp.server.mcpserver import ResourceSecurity\n")
    assert {11, 22, 28} <= set(got), got


# -- tools added in a loop over tuples, on a server typed by a forward reference -----------------

SUBCLASS = """
    import sqlite3
    from mcp.server.fastmcp import FastMCP
    from .tools import register_tools


    class NotesServer(FastMCP):
        def __init__(self):
            super().__init__("notes")
            self.db = sqlite3.connect("notes.db")
            register_tools(self)

        def run_sql(self, text):
            return self.db.execute(text).fetchall()
"""
TUPLE_TOOLS = """
    import subprocess
    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from .server import NotesServer


    def register_tools(server: "NotesServer") -> None:
        async def query(sql: str) -> list:
            return server.run_sql(sql)

        async def count() -> int:
            return len(server.run_sql("SELECT * FROM notes"))

        for name, fn, description in [
            ("notes_query", query, "Run SQL on the notes database"),
            ("notes_count", count, "Count the notes"),
        ]:
            server.add_tool(fn, name=name, description=description)
"""


def test_tools_added_in_a_loop_over_tuples_on_a_forward_referenced_server(tmp_path):
    root = tmp_path / "notes"
    findings = scan(root, {"pkg/__init__.py": "", "pkg/server.py": SUBCLASS, "pkg/tools.py": TUPLE_TOOLS})
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    _, project = cst_engine.run(files, root, jobs=1)
    assert sorted(t.name for t in project.tools) == ["notes_count", "notes_query"]
    # the closure calls the annotated parameter's class method: followed into the project class
    [cap] = [f for f in findings if f.rule_id == "capability-raw-query"]
    assert (cap.location.path, cap.location.line, cap.tool) == ("pkg/server.py", 13, "notes_query")
    assert "parameter 'sql' reaches .execute() as is" in cap.message


# -- capabilities of database clients that were not modelled ---------------------------------------

KUSTO_IOTDB = """
    from azure.kusto.data import KustoClient
    from iotdb.Session import Session
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("telemetry")


    def get_client() -> KustoClient:
        return KustoClient("https://help.kusto.windows.net")


    @mcp.tool()
    def run_kql(query: str) -> list:
        "Run a KQL query."
        client = get_client()
        return client.execute("telemetry", query).primary_results


    @mcp.tool()
    def run_iotdb(sql: str) -> list:
        "Run an SQL query on IoTDB."
        return Session("127.0.0.1", 6667).execute_query_statement(sql).todf()


    @mcp.tool()
    def describe(table: str) -> list:
        return Session("127.0.0.1", 6667).execute_query_statement("DESC " + table + " details").todf()


    @mcp.tool()
    def count(table: str) -> list:
        return Session("127.0.0.1", 6667).execute_query_statement("SELECT count(*) FROM " + table).todf()
"""


def test_kusto_and_iotdb_query_methods_are_raw_query_sinks(tmp_path):
    findings = scan(tmp_path, {"server.py": KUSTO_IOTDB})
    caps = {f.tool: f for f in findings if f.rule_id == "capability-raw-query"}
    assert sorted(caps) == ["run_iotdb", "run_kql"]
    assert (caps["run_kql"].location.line, caps["run_iotdb"].location.line) == (16, 22)
    assert "parameter 'query' reaches KustoClient.execute() as is" in caps["run_kql"].message
    assert "parameter 'sql' reaches .execute_query_statement() as is" in caps["run_iotdb"].message
    # IoTDB runs one statement per call: a name in a DESC statement only names another table,
    # while the same name after SELECT ... FROM can still add clauses
    got = at(findings, "tool-sql-injection")
    assert set(got) == {32}, got
    assert got[32].startswith("tool 'count' passes parameter 'table' to .execute_query_statement(): SQL injection")
