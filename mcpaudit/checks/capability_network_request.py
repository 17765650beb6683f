from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class CapabilityNetworkRequest(Rule):
    """
    ## What it does
    Reports, once per MCP tool, that the tool hands one of its parameters *as is* — not built
    into a larger string or path, not checked on the way — to an HTTP client (``requests``, ``httpx``, ``urllib``, ``aiohttp``). That is what the
    tool is for, not an injection: the finding is the tool's capability, with the condition that
    makes it dangerous. Its severity follows the server's exposure: low when the server only
    speaks stdio to the local user who started it, high on an HTTP transport, critical on an
    unauthenticated HTTP transport reachable from other machines.

    ## Why is this bad
    Whoever steers the model (a web page, a file, an e-mail it reads) can use the tool: it
    reaches any host the server can: cloud metadata (169.254.169.254), internal services, localhost admin ports.

    ## Remediation
    Allow-list the hosts (check ``urlparse(url).hostname``), refuse private and link-local addresses, and run the server where such addresses are not reachable.
    """

    ID = "capability-network-request"
    SUMMARY = "A tool fetches any URL its caller gives"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.HIGH
    CWE = ('CWE-918',)
    TAGS = ("capability", "network-request")
    CAPABILITY = "network-request"
    FIX = "Allow-list the hosts (check ``urlparse(url).hostname``), refuse private and link-local addresses, and run the server where such addresses are not reachable."
    VALID = [
        Valid(
            '''
            import httpx
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("web")

            @mcp.tool()
            def weather(city: str) -> str:
                return httpx.get("https://api.weather.example/v1/now", params={"q": city}).text
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import httpx
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("web")

            @mcp.tool()
            def fetch(url: str) -> str:
                """Fetch a web page."""
                return httpx.get(url).text
            ''',
            9,
        ),
    ]
