from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class CapabilityCodeExecution(Rule):
    """
    ## What it does
    Reports, once per MCP tool, that the tool hands one of its parameters *as is* — not built
    into a larger string or path, not checked on the way — to ``eval``, ``exec``, ``compile`` or a dynamic import. That is what the
    tool is for, not an injection: the finding is the tool's capability, with the condition that
    makes it dangerous. Its severity follows the server's exposure: low when the server only
    speaks stdio to the local user who started it, high on an HTTP transport, critical on an
    unauthenticated HTTP transport reachable from other machines.

    ## Why is this bad
    Whoever steers the model (a web page, a file, an e-mail it reads) can use the tool: it
    runs any Python code in the server process.

    ## Remediation
    Keep such a tool on stdio for one local user, or run the code in a separate sandboxed process (no secrets, no network, resource limits) behind authentication.
    """

    ID = "capability-code-execution"
    SUMMARY = "A tool evaluates code its caller writes"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    CWE = ('CWE-94',)
    TAGS = ("capability", "code-execution")
    CAPABILITY = "code-execution"
    FIX = "Keep such a tool on stdio for one local user, or run the code in a separate sandboxed process (no secrets, no network, resource limits) behind authentication."
    VALID = [
        Valid(
            '''
            import ast
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("py")

            @mcp.tool()
            def parse(literal: str) -> str:
                return repr(ast.literal_eval(literal))
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("py")

            @mcp.tool()
            def evaluate(code: str) -> str:
                """Evaluate a Python expression."""
                return repr(eval(code))
            ''',
            8,
        ),
    ]
