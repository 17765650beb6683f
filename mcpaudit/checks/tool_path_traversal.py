from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolPathTraversal(Rule):
    """
    ## What it does
    Reports an MCP tool parameter that reaches a file operation (``open``, ``pathlib`` read/write/
    unlink, ``os``/``shutil`` file functions, archive extraction, ``FileResponse``, ``git.Repo``)
    without a containment check. A check counts when the path was resolved (``resolve()``,
    ``os.path.realpath``) and then tested with ``is_relative_to``, ``relative_to`` inside ``try``,
    or ``os.path.commonpath``. ``str.startswith(root)`` without a trailing separator is reported
    at medium confidence as a weak check (CVE-2025-53110: ``/allowed-evil`` starts with
    ``/allowed``).

    ## Why is this bad
    ``../../home/user/.ssh/id_rsa`` or an absolute path reads or overwrites any file the server
    can reach; a write can plant code, keys or cron jobs.

    ## Remediation
    ``p = (ROOT / name).resolve()`` then ``if not p.is_relative_to(ROOT.resolve()): raise``.
    Compare with ``os.path.commonpath`` or ``startswith(root + os.sep)`` if you must use strings.
    """

    ID = "tool-path-traversal"
    SUMMARY = "MCP tool input reaches a file path without a containment check (path traversal)"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-22",)
    TAGS = ("path-traversal", "file")
    FAMILY = "path"
    FIX = "Resolve the path and require is_relative_to(root) (or commonpath) before using it."
    VALID = [
        Valid(
            '''
            from pathlib import Path
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("files")
            ROOT = Path("/srv/data").resolve()

            @mcp.tool()
            def read_file(name: str) -> str:
                target = (ROOT / name).resolve()
                if not target.is_relative_to(ROOT):
                    raise ValueError("outside the data directory")
                return target.read_text()
            '''
        ),
        Valid(
            '''
            import os
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("files")
            ROOT = "/srv/data"

            @mcp.tool()
            def size(name: str) -> int:
                full = os.path.realpath(os.path.join(ROOT, name))
                if os.path.commonpath([ROOT, full]) != ROOT:
                    raise ValueError("outside")
                with open(full, "rb") as fh:
                    return len(fh.read())
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("files")

            @mcp.tool()
            def read_note(name: str) -> str:
                with open(f"/srv/notes/{name}") as fh:
                    return fh.read()
            ''',
            7,
        ),
        Invalid(
            '''
            import os
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("files")
            ALLOWED = "/srv/data"

            @mcp.tool()
            def write_note(path: str, text: str) -> str:
                full = os.path.realpath(path)
                if not full.startswith(ALLOWED):
                    raise ValueError("denied")
                with open(full, "w") as fh:
                    fh.write(text)
                return "ok"
            ''',
            12,
        ),
    ]
