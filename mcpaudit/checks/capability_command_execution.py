from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class CapabilityCommandExecution(Rule):
    """
    ## What it does
    Reports, once per MCP tool, that the tool hands one of its parameters *as is* — not built
    into a larger string or path, not checked on the way — to a shell or a program launcher (``subprocess.run(command, shell=True)``, ``os.system``, an argv whose program is the parameter). That is what the
    tool is for, not an injection: the finding is the tool's capability, with the condition that
    makes it dangerous. Its severity follows the server's exposure: low when the server only
    speaks stdio to the local user who started it, high on an HTTP transport, critical on an
    unauthenticated HTTP transport reachable from other machines.

    ## Why is this bad
    Whoever steers the model (a web page, a file, an e-mail it reads) can use the tool: it
    runs any command with the server's privileges.

    ## Remediation
    Keep such a tool on stdio for one local user, or behind authentication and a sandbox (a container without secrets or network, an allow-list of programs). Annotate it destructiveHint=True and ask for confirmation.
    """

    ID = "capability-command-execution"
    SUMMARY = "A tool runs shell commands or programs its caller chooses"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    CWE = ('CWE-78',)
    TAGS = ("capability", "command-execution")
    CAPABILITY = "command-execution"
    FIX = "Keep such a tool on stdio for one local user, or behind authentication and a sandbox (a container without secrets or network, an allow-list of programs)."
    VALID = [
        Valid(
            '''
            import subprocess
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("shell")

            @mcp.tool()
            def disk_usage() -> str:
                return subprocess.run(["df", "-h"], capture_output=True, text=True).stdout
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import subprocess
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("shell")

            @mcp.tool()
            def run(command: str) -> str:
                """Run a shell command."""
                return subprocess.run(command, shell=True, capture_output=True, text=True).stdout
            ''',
            9,
        ),
    ]
