from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class CapabilityFileAccess(Rule):
    """
    ## What it does
    Reports, once per MCP tool, that the tool hands one of its parameters *as is* — not built
    into a larger string or path, not checked on the way — to a file function (``open``, ``Path.write_text``, ``os.remove``, a document library's ``load``/``save``) with no root it is confined to. That is what the
    tool is for, not an injection: the finding is the tool's capability, with the condition that
    makes it dangerous. Its severity follows the server's exposure: low when the server only
    speaks stdio to the local user who started it, high on an HTTP transport, critical on an
    unauthenticated HTTP transport reachable from other machines.

    ## Why is this bad
    Whoever steers the model (a web page, a file, an e-mail it reads) can use the tool: it
    reads (or writes) any file the server's user can: keys, credentials, other projects.

    ## Remediation
    Confine the tool to a configured root: resolve the path (``Path.resolve()``) and require ``is_relative_to(root)`` before use; annotate writing tools destructiveHint=True.
    """

    ID = "capability-file-access"
    SUMMARY = "A tool reads or writes any file path its caller gives"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    CWE = ('CWE-73',)
    TAGS = ("capability", "file-access")
    CAPABILITY = "file-access"
    FIX = "Confine the tool to a configured root: resolve the path (``Path.resolve()``) and require ``is_relative_to(root)`` before use; annotate writing tools destructiveHint=True."
    VALID = [
        Valid(
            '''
            from pathlib import Path
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("files")
            ROOT = Path("/srv/notes").resolve()

            @mcp.tool()
            def read(name: str) -> str:
                p = (ROOT / name).resolve()
                if not p.is_relative_to(ROOT):
                    raise ValueError("outside the notes folder")
                return p.read_text()
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("files")

            @mcp.tool()
            def read(path: str) -> str:
                """Read a file."""
                with open(path) as fh:
                    return fh.read()
            ''',
            8,
        ),
    ]
