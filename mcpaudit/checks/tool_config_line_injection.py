from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolConfigLineInjection(Rule):
    """
    ## What it does
    Reports an MCP tool parameter written as the value part of a ``KEY=VALUE``, ``key: value`` or
    ``[section]`` line of a configuration file (``.env``, ``*.ini``, ``*.conf``, ``*.cfg``,
    ``*.properties``, a hand-built ``*.toml``/``*.yaml``), with no refusal of newlines on the way.

    ## Why is this bad
    The file is read back one line at a time: a value such as ``"INFO\\nALLOW_LIVE_TRADING=true"``
    ends its own line and adds settings of the caller's choice - a switch the tool promised it
    cannot change, a credential, an endpoint - which the server obeys on its next reload.

    ## Remediation
    Refuse ``\\n`` and ``\\r`` in the value (``if "\\n" in v or "\\r" in v: raise``), accept only a
    one-line pattern (``re.fullmatch``), a number or a choice, or let a writer quote the value
    (``dotenv.set_key``, ``configparser``, ``json.dumps``).
    """

    ID = "tool-config-line-injection"
    SUMMARY = "MCP tool input is written as a line of a configuration file (line injection)"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-93",)
    TAGS = ("injection", "configuration")
    FAMILY = "config-line"
    FIX = "Refuse newlines in the value (or quote it) before writing it as a configuration line."
    VALID = [
        Valid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("settings")

            @mcp.tool()
            def set_level(level: str) -> str:
                if "\\n" in level or "\\r" in level:
                    raise ValueError("one line")
                with open(".env", "a") as f:
                    f.write(f"LOG_LEVEL={level}\\n")
                return "ok"
            '''
        ),
        Valid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("notes")

            @mcp.tool()
            def add_note(body: str) -> str:
                with open("notes.txt", "a") as f:
                    f.write(f"note: {body}\\n")
                return "ok"
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("settings")

            @mcp.tool()
            def set_level(level: str) -> str:
                with open(".env", "a") as f:
                    f.write(f"LOG_LEVEL={level}\\n")
                return "ok"
            ''',
            8,
        ),
    ]
