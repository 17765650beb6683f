from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolAnnotationMismatch(Rule):
    """
    ## What it does
    Compares a tool's MCP annotations with what its code can do: ``destructiveHint=False`` on a
    tool that deletes files or executes commands or code, and ``openWorldHint=False`` on a tool
    that fetches any URL its caller gives; and ``readOnlyHint=True`` on a tool whose own
    description says it acts on what it visits (a browser agent "filling forms", "clicking
    buttons"). (``readOnlyHint=True`` on a tool whose code writes is ``tool-read-only-bypass``.)

    ## Why is this bad
    Clients use the annotations to decide what to ask the user about; an annotation that
    understates a tool gets it approved without a question.

    ## Remediation
    Make the annotation true: ``destructiveHint=True`` for tools that delete or execute,
    ``openWorldHint=True`` for tools that reach arbitrary hosts — or restrict the tool.
    """

    ID = "tool-annotation-mismatch"
    SUMMARY = "A tool's MCP annotations understate what it does"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-451",)
    TAGS = ("annotations", "mcp")
    FAMILY = "annotation"
    FIX = "Set destructiveHint / openWorldHint to what the tool does, or restrict the tool."
    VALID = [
        Valid(
            '''
            import os
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("files")

            @mcp.tool(annotations={"destructiveHint": True})
            def delete_report(name: str) -> str:
                os.remove(os.path.join("/srv/reports", os.path.basename(name)))
                return "deleted"
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import os
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("files")

            @mcp.tool(annotations={"destructiveHint": False})
            def cleanup(name: str) -> str:
                os.remove(os.path.join("/srv/reports", os.path.basename(name)))
                return "done"
            ''',
            8,
        ),
        Invalid(
            '''
            import httpx
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("web")

            @mcp.tool(annotations={"openWorldHint": False})
            def fetch(url: str) -> str:
                return httpx.get(url).text
            ''',
            8,
        ),
    ]
