from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolReadOnlyBypass(Rule):
    """
    ## What it does
    Reports a tool whose read-only promise does not hold:

    * the caller's query text reaches the database after a read-only check that can be bypassed
      — a prefix test (``query.upper().startswith("SELECT")``) or a keyword deny-list
      (``if "DROP" in query.upper()``, or a helper that searches the text for a list of
      write-keyword patterns, ``if READ_ONLY and is_write(query): refuse``), or a deny-list of
      writing statement prefixes (``query.upper().startswith(("DROP", "DELETE"))``, or a helper
      that names the operation of a statement starting with INSERT, UPDATE, ... and returns None
      for anything else, which skips the permission check); a prefix test that
      admits a statement which writes by itself (a setter ``PRAGMA``, ``WITH ... DELETE``: the SQL
      models' ``writing-prefixes``) is bypassable even where the driver runs one statement per call;
    * a server's read-only mode that refuses an operation by the write flag its table declares
      (``if (DISALLOW_WRITES && op.isWrite) throw``) while an operation declared ``isWrite: false``
      uses a writing HTTP method (PUT, PATCH, DELETE, or a POST that is not a query by its name or
      path: ``search``, ``batch-retrieve``, ``calculate`` read), reported at the operation's flag;
    * a tool that claims read-only and takes a command line that the project classifies read-only
      by its program name alone (``READ_ONLY.has(binary)``) while listed programs write through
      their arguments: ``sort -o FILE``, ``uniq INPUT OUTPUT``, ``git diff --output=FILE``,
      ``ip route add`` (the process models' ``output-options``, ``writing-commands`` and
      ``writing-uses``); a list of whole command lines or with per-program option rules guards;
    * a tool that claims to be read-only — ``readOnlyHint=True``, a name such as
      ``run_select_query``, a description that says read-only, or registration by a function
      that says so (``register_read_only_tools``) — but executes commands or code, hands on its
      caller's value for an option that picks a mode that removes what it reads (RabbitMQ's
      ``ackmode``; the models' ``mutating-parameters``),
      writes or deletes files (a write no caller value reaches, neither its path nor what it
      writes, is the server's own bookkeeping: a cache it refreshes), runs a program (``kubectl``) with a command the caller picks from an
      allow-list that admits one that writes (``config use-context``; the process models'
      ``writing-commands``), or runs the caller's query text without a read-only mode the
      database enforces (a read-only transaction, session or setting; a read-only DuckDB
      connection is not enough, its ``COPY ... TO`` and file functions still write);
    * a server that promises read-only for every tool — instructions such as "provides read-only
      access to the database", or a read-only role listed as the SQL verbs it allows
      (``{"readonly": ["SELECT", "SHOW"]}``, which can only be kept by looking for those verbs in
      the query text) — with a tool that runs the caller's query text and no read-only mode the
      database enforces;
    * a tool that sets the server's own safety or read-only mode (``set_safety_mode(mode)``,
      ``set_read_only(flag)``) to a value its caller chooses: the caller the mode guards against
      switches it off.

    ## Why is this bad
    Clients auto-approve tools that declare ``readOnlyHint`` and people grant "read-only" tools
    to agents they would not trust with writes. ``SELECT 1; DROP TABLE t``, ``WITH x AS (DELETE
    ...)``, ``EXPLAIN ANALYZE DELETE ...``, a comment inside a keyword or a write function the
    deny-list does not know all pass such checks.

    ## Remediation
    Enforce read-only where the data is: a read-only database account, transaction or setting
    (``SET TRANSACTION READ ONLY``, ClickHouse ``readonly=1``, SQLite ``mode=ro``). Drop the
    annotation or the claim from tools that write.
    """

    ID = "tool-read-only-bypass"
    SUMMARY = "A tool's read-only promise does not hold (bypassable check, or it writes)"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-863", "CWE-693")
    TAGS = ("read-only", "sql", "mcp")
    FAMILY = "read-only"
    FIX = "Enforce read-only in the database (a read-only account, transaction or setting), not in the query text."
    VALID = [
        Valid(
            '''
            import sqlite3
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("db")
            conn = sqlite3.connect("file:app.db?mode=ro", uri=True)

            @mcp.tool(annotations={"readOnlyHint": True})
            def query(sql: str) -> list:
                """Run a read-only SQL query."""
                return conn.execute(sql).fetchall()
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import psycopg2
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("db")
            conn = psycopg2.connect("dbname=app")

            @mcp.tool()
            def read_query(query: str) -> list:
                if not query.strip().upper().startswith("SELECT"):
                    raise ValueError("only SELECT queries are allowed")
                cur = conn.cursor()
                cur.execute(query)
                return cur.fetchall()
            ''',
            12,
        ),
        Invalid(
            '''
            import json
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("alerts")
            STATE = "/var/lib/alerts/state.json"

            @mcp.tool(annotations={"readOnlyHint": True})
            def check_alerts(since: str) -> str:
                """List new alerts."""
                with open(STATE, "w") as fh:
                    json.dump({"seen": since}, fh)
                return "none"
            ''',
            10,
        ),
    ]
