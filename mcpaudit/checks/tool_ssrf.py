from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class ToolSsrf(Rule):
    """
    ## What it does
    Reports an MCP tool parameter that decides the URL (scheme and host) of an outbound request:
    ``requests``, ``httpx`` (module functions and clients), ``aiohttp`` sessions, ``urllib``,
    ``http.client``. A host checked against an allow-list (``urlparse(url).hostname in
    ALLOWED_HOSTS``) is a sanitizer.

    A value that only fills the *path* under a host the code fixes (a literal origin, the
    configured base URL, a client's ``base_url``) chooses no host, but ``../`` segments, which
    HTTP clients resolve, reach the other endpoints of that host. That is a (medium-confidence)
    finding only when the value can climb and the request carries a credential of the server's
    (an ``Authorization`` or API-key header, ``auth=``, cookies, a secret in the URL or body, a
    client built with one); without a credential, or for a value that holds no ``.``
    (``kind.split(".")[1]``), it is an audit result, and one percent-encoded as a single segment
    (``quote(v, safe="")``, ``encodeURIComponent(v)``) is not reported.

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
