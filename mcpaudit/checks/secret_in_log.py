from typing import Iterable

from ..models import Confidence, Finding, Location, Severity
from ..rule import Invalid, Rule, Valid


class SecretInLog(Rule):
    """
    ## What it does
    Reports log and print calls (``logging``, ``logger.*``, ``print``, ``warnings.warn``,
    ``sys.stderr.write``, the MCP ``ctx.info``/``ctx.debug`` that go to the client) whose
    arguments carry a secret: a variable, attribute or parameter named like a credential
    (``token``, ``password``, ``api_key``, ``secret``, ``authorization`` ...), an ``os.environ``
    secret, or request headers, followed through helpers. Logging a tool's whole argument mapping
    (``arguments``, ``**kwargs``) or headers is reported at medium confidence.

    ## Why is this bad
    Logs are shipped, indexed and read by many more people than the secret was meant for; MCP
    context logs go straight to the client and the model.

    ## Remediation
    Log the fact, not the value (``"token set: %s", bool(token)``), or redact (``token[:4] + "…"``).
    Log argument names, not argument values.

    Also reported, once per project, where the log level defaults to DEBUG for the root logger
    of a server that serves the SSE transport (the mcp SDK's, which fastmcp uses too) while a
    tool takes a credential parameter (a password, a token, a connection string): that transport
    logs every posted request body at DEBUG, the tool's arguments included
    (:mod:`mcpaudit.analysis.debuglog`). Keep the root logger at INFO, or set the ``mcp``
    logger's level to INFO or above.

    Also reported where a function takes a credential from the URL's query string of an HTTP
    request (``request.query_params.get("api_key")``, Flask's ``request.args``): the access log
    of the HTTP server (uvicorn's, at INFO by default) writes every request line with its query
    string, and so do proxies (:mod:`mcpaudit.analysis.querycreds`). Take the credential from a
    header, or turn the access log off.

    Also reported where a TypeScript HTTP route that hands its request to an MCP transport
    (``transport.handlePostMessage(req, res)``, ``transport.handleRequest(req, res, req.body)``)
    logs ``req.body`` whole while a tool takes a credential parameter (``privateKey``): the body is
    the ``tools/call`` message with the tool's arguments (:mod:`mcpaudit.analysis.ts.bodylogs`).
    Log the message's method or id instead.
    """

    ID = "secret-in-log"
    SUMMARY = "A credential (or a tool's whole argument mapping) is written to a log"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = ("CWE-532",)
    TAGS = ("secrets", "logging")
    FAMILY = "log"
    FIX = "Do not log secret values; log that they are set, or a redacted form."
    VALID = [
        Valid(
            '''
            import logging, os
            from mcp.server.fastmcp import FastMCP

            logger = logging.getLogger(__name__)
            mcp = FastMCP("api")
            API_TOKEN = os.environ.get("API_TOKEN")

            @mcp.tool()
            def status() -> str:
                logger.info("token configured: %s", bool(API_TOKEN))
                return "ok"
            '''
        ),
    ]
    INVALID = [
        Invalid(
            '''
            import logging, os
            from mcp.server.fastmcp import FastMCP

            logger = logging.getLogger(__name__)
            mcp = FastMCP("api")

            @mcp.tool()
            def connect(host: str) -> str:
                api_key = os.environ["SERVICE_API_KEY"]
                logger.debug(f"connecting to {host} with key {api_key}")
                return "ok"
            ''',
            10,
        ),
        Invalid(
            '''
            import logging
            from mcp.server.lowlevel import Server

            log = logging.getLogger("srv")
            server = Server("srv")

            @server.call_tool()
            async def call_tool(name: str, arguments: dict):
                log.info("call %s with %s", name, arguments)
                return []
            ''',
            9,
        ),
    ]

    def check(self, project) -> Iterable[Finding]:
        from ..analysis.debuglog import debug_sse_logs

        yield from self._query_credentials(project)
        yield from self._route_bodies(project)
        found = debug_sse_logs(project)
        if found is None:
            return
        src = project.files.get(found["path"])
        yield Finding(
            rule_id=self.ID, engine="cst", severity=self.SEVERITY, confidence=Confidence.MEDIUM,
            message=f"request bodies, credentials included, are logged: {found['words']}",
            location=Location(found["path"], found["line"], 1), cwe=list(self.CWE),
            fix="Default the log level to INFO (or set the 'mcp' logger to INFO) so transports do not log request bodies.",
            tags=["security", *self.TAGS], snippet=src.line(found["line"]).strip() if src else None,
        )

    def _route_bodies(self, project) -> Iterable[Finding]:
        from ..analysis.ts.bodylogs import logged_bodies
        from ..models import FlowStep

        for found in logged_bodies(project):
            src = project.files.get(found["path"])
            yield Finding(
                rule_id=self.ID, engine="ts", severity=self.SEVERITY, confidence=Confidence.MEDIUM,
                message=found["words"], location=Location(found["path"], found["line"], 1), cwe=list(self.CWE),
                fix="Log the message's method or id, never its body: it holds the tools' arguments.",
                tags=["security", *self.TAGS], snippet=src.line(found["line"]).strip() if src else None,
                tool=found["tool"], parameter=found["param"],
                flow=[FlowStep(Location(p, ln, 1), note) for p, ln, note in found["flow"]],
            )

    def _query_credentials(self, project) -> Iterable[Finding]:
        from ..analysis.querycreds import query_credentials

        for found in query_credentials(project):
            src = project.files.get(found["path"])
            keys = ", ".join(f"'{k}'" for k in found["keys"])
            dead = (f"; nothing in the project uses {found['function']}() (no route, Depends() or call names it, "
                    "or only helpers that are themselves unused) (audit view)") if found.get("unreferenced") else ""
            yield Finding(
                rule_id=self.ID, engine="cst", severity=self.SEVERITY,
                confidence=Confidence.LOW if dead else Confidence.MEDIUM,
                message=(f"{found['function']}() takes the credential {keys} from the URL's query string of an HTTP "
                         "request: the HTTP server's access log (uvicorn's at INFO by default) and any proxy write "
                         f"every request line with its query string, the secret included{dead}"),
                location=Location(found["path"], found["line"], 1), cwe=list(self.CWE),
                fix="Take the credential from a request header (Authorization), or turn the access log off.",
                tags=["security", *self.TAGS], snippet=src.line(found["line"]).strip() if src else None,
            )
