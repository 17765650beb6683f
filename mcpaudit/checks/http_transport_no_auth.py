from typing import Iterable

from ..models import Confidence, Finding, Location, Severity
from ..rule import Invalid, Rule, Valid


class HttpTransportNoAuth(Rule):
    """
    ## What it does
    Finds where the project serves MCP over HTTP: ``run(transport="sse" | "streamable-http" |
    "http")``, ``streamable_http_app()`` / ``sse_app()`` / ``http_app()`` mounted in Starlette or
    FastAPI, ``uvicorn.run``. If the project has no authentication anywhere (an ``auth=`` or
    ``token_verifier=``/``auth_server_provider=`` on the server, an auth provider or token
    verifier class, ``AuthenticationMiddleware`` or another auth middleware), each serving site
    is reported.

    ## Why is this bad
    Every tool of an unauthenticated HTTP server can be called by anyone who reaches the port,
    and DNS rebinding lets a web page reach ``localhost``. The MCP specification requires
    authorization for HTTP transports that expose non-public data.

    ## Remediation
    Pass an ``auth=`` provider (fastmcp 2.x) or ``token_verifier=`` with ``AuthSettings``
    (``mcp`` FastMCP), or put the ASGI app behind authentication middleware. Keep stdio for local
    single-user servers.
    """

    ID = "http-transport-no-auth"
    SUMMARY = "MCP tools are served over HTTP with no authentication"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.MEDIUM
    CWE = ("CWE-306",)
    TAGS = ("auth", "transport")
    FIX = "Configure an auth provider / token verifier, or authentication middleware, for HTTP transports."
    VALID = [
        Valid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("local")

            if __name__ == "__main__":
                mcp.run(transport="stdio")
            '''
        ),
        Valid(
            '''
            from fastmcp import FastMCP
            from fastmcp.server.auth.providers.jwt import JWTVerifier

            auth = JWTVerifier(jwks_uri="https://auth.example.com/.well-known/jwks.json", audience="mcp")
            mcp = FastMCP("remote", auth=auth)

            if __name__ == "__main__":
                mcp.run(transport="http", host="127.0.0.1", port=8000)
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("remote")

            if __name__ == "__main__":
                mcp.run(transport="streamable-http")
            ''',
            6,
        ),
        Invalid(
            '''
            import uvicorn
            from starlette.applications import Starlette
            from starlette.routing import Mount
            from mcp.server.fastmcp import FastMCP

            mcp = FastMCP("remote")
            app = Starlette(routes=[Mount("/", app=mcp.sse_app())])

            if __name__ == "__main__":
                uvicorn.run(app, host="0.0.0.0", port=8000)
            ''',
            7,
            10,
        ),
    ]

    def check(self, project) -> Iterable[Finding]:
        if not project.http_servers or project.transport_auth():
            return
        names = sorted({t.name for t in project.tools if t.kind == "tool"})
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        seen = set()
        hosts = {}
        for site in project.http_servers:
            if site.get("host"):
                hosts.setdefault(site["path"], site["host"])
        for site in sorted(project.http_servers, key=lambda s: (s["path"], s["pos"][0])):
            if site.get("kind") == "run-dynamic":
                continue  # transport chosen at run time: the posture facts record it
            key = (site["path"], site["pos"][0])
            if key in seen:
                continue
            seen.add(key)
            line, col, end_line, end_col = site["pos"]
            host = site.get("host") or hosts.get(site["path"])
            loopback = host in ("127.0.0.1", "localhost", "::1")
            msg = f"{site['detail']} serves MCP over HTTP and no authentication is configured anywhere in the project"
            if loopback:
                msg += f" (bound to {host}: reachable from this machine and, through DNS rebinding, from web pages)"
            elif host:
                msg += f" (bound to {host})"
            if shown:
                msg += f"; anyone who reaches it can call: {shown}"
            src = project.files.get(site["path"])
            yield Finding(
                rule_id=self.ID, engine="cst", severity=self.SEVERITY,
                confidence=Confidence.LOW if loopback else self.CONFIDENCE,
                message=msg, location=Location(site["path"], line, col, end_line, end_col),
                cwe=list(self.CWE), fix=self.FIX, tags=["security", *self.TAGS],
                snippet=src.line(line).strip() if src else None,
            )
