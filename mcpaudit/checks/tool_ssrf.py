from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolSsrf(Rule):
    """
    ## What it does
    Reports an MCP tool parameter that decides the URL (scheme and host) of an outbound request:
    ``requests``, ``httpx`` (module functions and clients), ``aiohttp`` sessions, ``urllib``,
    ``http.client``. A URL whose constant prefix already fixes the host
    (``f"https://api.github.com/repos/{name}"``) is not reported; a host checked against an
    allow-list (``urlparse(url).hostname in ALLOWED_HOSTS``) is a sanitizer.

    ## Why is this bad
    The caller can make the server fetch ``http://169.254.169.254/`` (cloud credentials),
    internal admin interfaces, or ``file://`` URLs, and read the answer through the tool result.

    ## Remediation
    Fix the host in code, or parse the URL and check scheme and host against an allow-list;
    refuse private, loopback and link-local addresses after DNS resolution.
    """

    ID = "tool-ssrf"
    SUMMARY = "MCP tool input chooses the URL of a server-side request (SSRF)"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-918",)
    TAGS = ("ssrf", "network")
    FAMILY = "ssrf"
    FIX = "Fix the host in code or check the parsed host against an allow-list before fetching."
    VALID = [
        Valid(
            '''
            import httpx
            from urllib.parse import urlparse
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("web")
            ALLOWED_HOSTS = {"docs.python.org"}

            @mcp.tool()
            async def fetch(url: str) -> str:
                if urlparse(url).hostname not in ALLOWED_HOSTS:
                    raise ValueError("host not allowed")
                async with httpx.AsyncClient(timeout=10) as client:
                    return (await client.get(url)).text
            '''
        ),
        Valid(
            '''
            import requests
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("gh")

            @mcp.tool()
            def repo(name: str) -> dict:
                return requests.get(f"https://api.github.com/repos/{name}", timeout=10).json()
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
            async def status(host: str) -> str:
                async with httpx.AsyncClient() as client:
                    response = await client.get(f"http://{host}:8080/status")
                return response.text
            ''',
            9,
        ),
        Invalid(
            '''
            import urllib.request
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("web")

            @mcp.tool()
            def health(server: str) -> bytes:
                return urllib.request.urlopen("http://" + server + "/health").read()
            ''',
            8,
        ),
    ]
