from ..models import Confidence, Severity
from ..rule import Invalid, Rule, Valid


class SecretInToolResult(Rule):
    """
    ## What it does
    Reports MCP handlers that return (or raise, which FastMCP turns into an error result) a value
    built from a secret: a credential-named variable or attribute, an ``os.environ`` secret, or a
    helper's return value that carries one. HTTP routes a project adds beside its MCP endpoint
    (Starlette ``Route(path, endpoint)``, ``app.add_route``, FastMCP ``@mcp.custom_route``) are
    checked the same way: a configured credential in their response (an OAuth client secret) goes
    to any client that reaches the port. Tokens a route hands out (a token endpoint's answer) are
    left out.

    ## Why is this bad
    Tool results go to the model and, through it, to whoever steers the conversation. A token in
    an error message ("auth failed with token sk-...") is a leaked token.

    ## Remediation
    Return generic errors to the caller and log details server-side, redacted. Never echo
    configuration or credentials in tool output.
    """

    ID = "secret-in-tool-result"
    SUMMARY = "An MCP handler returns a credential to the caller"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-200",)
    TAGS = ("secrets",)
    FAMILY = "return"
    FIX = "Return generic messages; keep credentials and configuration out of tool results."
    VALID = [
        Valid(
            '''
            import os
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("api")
            TOKEN = os.environ.get("SERVICE_TOKEN", "")

            @mcp.tool()
            def whoami() -> str:
                return "authenticated" if TOKEN else "anonymous"
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import os
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("api")

            def settings():
                return {"url": "https://api.example.com", "api_key": os.getenv("EXAMPLE_API_KEY")}

            @mcp.tool()
            def debug_config() -> str:
                return f"config: {settings()}"
            ''',
            11,
        ),
        Invalid(
            '''
            import os
            from mcp.server.fastmcp import FastMCP
            from starlette.responses import JSONResponse

            mcp = FastMCP("api")

            @mcp.custom_route("/oauth/register", methods=["POST"])
            async def register(request) -> JSONResponse:
                return JSONResponse({"client_id": "app", "client_secret": os.environ["APP_CLIENT_SECRET"]})
            ''',
            9,
        ),
    ]
