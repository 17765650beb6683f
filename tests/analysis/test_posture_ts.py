"""Posture facts of TypeScript/JavaScript servers (the ``typescript`` fact group)."""

from textwrap import dedent

from mcpaudit.analysis.posture import extract_facts


def facts(files, other=None):
    out = extract_facts(None, {p: dedent(t) for p, t in files.items()}, [], other or {})
    return {f.id: f for f in out}


EXPRESS = """
    import express from "express";
    import cors from "cors";
    import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

    const server = new McpServer({ name: "x", version: "1" });
    const app = express();
    app.use(cors());
    app.post("/mcp", async (req, res) => {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
    app.listen(3000);
"""


def test_an_express_server_without_auth_listening_everywhere():
    f = facts({"src/server.ts": EXPRESS})
    assert f["transport.streamable_http"].value is True
    assert f["transport.http"].value is True
    assert f["transport.stdio"].value is False
    assert f["http.frameworks"].value == ["express"]
    assert f["http.bind_all"].value is True
    assert [(e.path, e.line) for e in f["http.bind_all"].evidence] == [("src/server.ts", 15)]
    assert f["http.auth"].value is False
    assert f["cors.configured"].value is True and f["cors.wildcard"].value is True
    assert f["cors.wildcard_credentials"].value is False
    assert f["limits.rate_limit"].value is False


def test_auth_middleware_a_local_bind_helmet_and_a_rate_limiter():
    src = EXPRESS.replace("app.listen(3000);", 'app.listen(3000, "127.0.0.1");') \
        .replace("app.use(cors());", 'app.use(cors({ origin: "https://app.example.com", credentials: true }));\n'
                 '    app.use(helmet());\n    app.use(rateLimit({ windowMs: 60000, max: 100 }));\n'
                 '    app.use(requireBearerAuth({ verifier }));') \
        .replace('import cors from "cors";', 'import cors from "cors";\n    import helmet from "helmet";\n'
                 '    import rateLimit from "express-rate-limit";')
    f = facts({"src/server.ts": src})
    assert f["http.bind_all"].value is False
    assert f["http.auth"].value is True
    assert f["cors.wildcard"].value is False
    assert f["http.security_headers"].value is True
    assert f["limits.rate_limit"].value is True


def test_a_stdio_server_has_no_http_facts():
    f = facts({"index.js": """
        const { Server } = require("@modelcontextprotocol/sdk/server/index.js");
        const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
        const server = new Server({ name: "x", version: "1" }, { capabilities: { tools: {} } });
        server.connect(new StdioServerTransport());
    """})
    assert f["transport.stdio"].value is True
    assert f["transport.http"].value is False
    assert f["http.auth"].value is None and f["http.bind_all"].value is None


def test_fastmcp_http_stream_with_authenticate():
    f = facts({"src/index.ts": """
        import { FastMCP } from "fastmcp";
        const server = new FastMCP({
          name: "x", version: "1.0.0",
          authenticate: async (request) => {
            if (request.headers["x-api-key"] !== process.env.KEY) throw new Response(null, { status: 401 });
            return {};
          },
        });
        server.start({ transportType: "httpStream", httpStream: { port: 8080 } });
    """})
    assert f["transport.streamable_http"].value is True
    assert f["http.auth"].value is True


def test_an_api_client_sending_an_authorization_header_is_not_server_auth():
    f = facts({
        "src/server.ts": EXPRESS,
        "src/client.ts": """
            export async function call(token: string) {
              return fetch("https://api.example.com/v1", { headers: { Authorization: `Bearer ${token}` } });
            }
            export function authMiddleware() { return { onRequest: (r) => r }; }
        """,
    })
    assert f["http.auth"].value is False
    assert f["limits.http_timeouts"].value is False


def test_timeouts_on_outbound_calls_and_subprocesses():
    f = facts({"src/tools.ts": """
        import { execFile, exec } from "node:child_process";
        import axios from "axios";
        export async function a(u: string) { return fetch(u, { signal: AbortSignal.timeout(5000) }); }
        export async function b(u: string) { return axios.get(u); }
        export function c() { execFile("git", ["status"], { timeout: 10000 }, () => {}); }
        export function d() { exec("make"); }
    """})
    assert f["limits.http_timeouts"].value == "partial"
    assert f["limits.subprocess_timeouts"].value == "partial"
    assert [(e.path, e.line) for e in f["limits.subprocess_timeouts"].evidence] == [("src/tools.ts", 7)]


def test_a_mixed_repository_combines_both_languages():
    f = facts({
        "server.py": """
            from mcp.server.fastmcp import FastMCP
            mcp = FastMCP("py")
            mcp.run()
        """,
        "web/server.ts": EXPRESS,
    })
    assert f["transport.stdio"].value is True  # the Python server
    assert f["transport.http"].value is True  # the TypeScript one
    assert f["http.bind_all"].value is True


def test_test_code_and_subclassed_stdio_transports():
    f = facts({
        "src/index.ts": """
            import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
            class QuietTransport extends StdioServerTransport {}
            await server.connect(new QuietTransport());
        """,
        "packages/integration-tests/src/server.ts": EXPRESS,
    })
    assert f["transport.stdio"].value is True
    assert f["transport.http"].value is False  # the HTTP server is test code
