from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class CapabilityRawQuery(Rule):
    """
    ## What it does
    Reports, once per MCP tool, that the tool hands one of its parameters *as is* — not built
    into a larger string or path, not checked on the way — to a query method (``execute``, ``query``, ``session.run``, ``collection.find``) as the whole query. That is what the
    tool is for, not an injection: the finding is the tool's capability, with the condition that
    makes it dangerous. Its severity follows the server's exposure: low when the server only
    speaks stdio to the local user who started it, high on an HTTP transport, critical on an
    unauthenticated HTTP transport reachable from other machines.

    ## Why is this bad
    Whoever steers the model (a web page, a file, an e-mail it reads) can use the tool: it
    reads, changes or deletes any data the database account can, and on some engines reaches files and the network (COPY, file(), url()).

    ## Remediation
    Give the tool a read-only database account or transaction (not a keyword check), or replace it with parameterised tools that take values, not query text.
    """

    ID = "capability-raw-query"
    SUMMARY = "A tool runs the query text its caller writes"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    CWE = ('CWE-89',)
    TAGS = ("capability", "raw-query")
    CAPABILITY = "raw-query"
    FIX = "Give the tool a read-only database account or transaction (not a keyword check), or replace it with parameterised tools that take values, not query text."
    VALID = [
        Valid(
            '''
            import sqlite3
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("db")
            conn = sqlite3.connect("app.db")

            @mcp.tool()
            def user(name: str) -> list:
                return conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import sqlite3
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("db")
            conn = sqlite3.connect("app.db")

            @mcp.tool()
            def query(sql: str) -> list:
                """Run a SQL query."""
                return conn.execute(sql).fetchall()
            ''',
            10,
        ),
    ]
