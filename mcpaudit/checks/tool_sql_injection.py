from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolSqlInjection(Rule):
    """
    ## What it does
    Reports an MCP tool parameter that reaches the query text of ``execute``, ``executemany``,
    ``executescript``, SQLAlchemy ``text()``, pandas ``read_sql`` or a raw-query method of a
    database handle, whether it was formatted in (f-string, ``%``, ``.format``, ``+``) or is the
    whole query. With ``--min-confidence low`` it also lists queries built from non-constant
    values that do not come from a tool (audit view).

    ## Why is this bad
    The caller can change the query: read other tables, bypass a read-only check with
    ``; DROP TABLE``, or exfiltrate data through the tool result.

    ## Remediation
    Keep the query text constant and pass values as parameters (``execute("... WHERE id = ?",
    (value,))``). Identifiers (table, column names) must come from an allow-list.
    """

    ID = "tool-sql-injection"
    SUMMARY = "MCP tool input reaches SQL query text (SQL injection)"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-89",)
    TAGS = ("injection", "sql")
    FAMILY = "sql"
    FIX = "Use a constant query with bound parameters; take identifiers from an allow-list."
    VALID = [
        Valid(
            '''
            import sqlite3
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("db")
            conn = sqlite3.connect("app.db")

            @mcp.tool()
            def get_user(user_id: str) -> list:
                return conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchall()
            '''
        ),
        Valid(
            '''
            import sqlite3
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("db")
            TABLES = {"users", "orders"}

            @mcp.tool()
            def count(table: str) -> int:
                if table not in TABLES:
                    raise ValueError("unknown table")
                cur = sqlite3.connect("app.db").cursor()
                return cur.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import sqlite3
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("db")

            @mcp.tool()
            def find_user(name: str) -> list:
                cur = sqlite3.connect("app.db").cursor()
                cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
                return cur.fetchall()
            ''',
            9,
        ),
        Invalid(
            '''
            from sqlalchemy import text
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("db")

            def build(table):
                return "SELECT * FROM " + table

            @mcp.resource("db://{table}/rows")
            def rows(table: str) -> str:
                return str(engine.connect().execute(text(build(table))).all())
            ''',
            11,
        ),
    ]
