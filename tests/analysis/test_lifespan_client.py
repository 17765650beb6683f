"""A client held in the lifespan context (fixtures/taint/lifespan_client.py): a dataclass field's
declared class types ``ctx.request_context.lifespan_context.client``; a request helper's nested
call is followed; a literal method argument rules out the helper's other branches; a token read
from that client's response is a secret."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "lifespan_client.py"
_FOUND: List[Finding] = []
WEAK = ("only a weak check on the way: it fills the path under the host its base URL fixes; '../' reaches other "
        "endpoints of that host with the server's credential (the client's own settings)")


def found() -> List[Finding]:
    if not _FOUND:
        out, _ = cst_engine.run([(str(FIXTURE), FIXTURE.name)], FIXTURE.parent, jobs=1)
        assert not out.errors, out.errors
        _FOUND.extend(f for f in out.findings if f.confidence >= Confidence.MEDIUM)
    return _FOUND


def line_of(needle: str) -> int:
    hits = [i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_the_helper_s_nested_get_is_reached_only_by_the_tool_passing_get():
    got = sorted((f.location.line, f.rule_id, f.message) for f in found() if f.rule_id == "tool-ssrf")
    assert got == [
        (line_of("return await client.get(endpoint)"), "tool-ssrf",
         f"tool 'report_get' passes parameter 'key' to httpx.AsyncClient.get(): server-side request forgery; {WEAK}"),
        (line_of("return await client.delete(endpoint)"), "tool-ssrf",
         f"tool 'report_untag' passes parameter 'kind' to httpx.AsyncClient.delete(): server-side request forgery; {WEAK}"),
    ]


def test_the_flow_goes_through_the_helper_and_its_nested_function():
    f = next(f for f in found() if f.tool == "report_get")
    assert [(s.location.line, s.note) for s in f.flow] == [
        (line_of("async def report_get("), "parameter 'key' of MCP tool 'report_get' (caller-controlled)"),
        (line_of('"get", f"/api/v1/report/{key}"'), "passed to api_request()"),
        (line_of("async def api_request("), "parameter 'endpoint'"),
        (line_of("async def send()"), "used by nested function 'send'"),
        (line_of("return await client.get(endpoint)"), "reaches httpx.AsyncClient.get()"),
    ]


def test_a_token_from_the_context_client_s_response_is_returned():
    got = [(f.location.line, f.message) for f in found() if f.rule_id == "secret-in-tool-result"]
    assert got == [(line_of('"access_token": access_token}'),
                    "tool 'report_token_refresh' returned a value containing secret 'data['access_token']' to the caller")]


def test_a_method_compared_without_folding_is_decided_by_the_exact_word(tmp_path):
    (tmp_path / "server.py").write_text(textwrap.dedent('''
        import requests
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("x")

        def call(method: str, path: str):
            if method == "get":
                return requests.get("https://api.example.com" + path)
            if method != "delete":
                return None
            return requests.delete("https://api.example.com" + path)

        @mcp.tool()
        def read(name: str):
            return call("get", "/items/" + name)

        @mcp.tool()
        def read_upper(name: str):
            return call("GET", "/items/" + name)
    '''), encoding="utf-8")
    out, _ = cst_engine.run([(str(tmp_path / "server.py"), "server.py")], tmp_path, jobs=1)
    got = sorted((f.location.line, f.tool) for f in out.findings if f.rule_id == "tool-ssrf")
    # "GET" is not "get": that call skips the GET branch and is neither "delete"
    assert got == [(9, "read")]
