"""HTTP entry points beside the MCP tools (fixtures/typescript/routes, routes_auth): on a project
with no authentication whose express app answers any origin or listens on every interface, a
route's request body/query/params and a WebSocket's messages are caller input; behind an auth
middleware, or on an app that is neither, they are not."""

from __future__ import annotations

import textwrap

from mcpaudit.engines import ts as ts_engine
from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps, tools_of


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("routes")
    test_ts_engine.test_findings_equal_annotations("routes_auth")


def test_a_routes_request_body_is_caller_input_with_its_flow():
    out, _ = scan("routes")
    f = only(out.findings, tool="POST /snapshot")
    assert f.rule_id == "tool-path-traversal" and f.confidence == Confidence.HIGH
    assert f.location.line == line_of("server.ts", 'path.join(folder, "snapshot.png")', "routes")
    assert f.message == ("tool 'POST /snapshot' passes parameter 'body' to fs.writeFileSync(): path traversal / "
                         "arbitrary file access (write)")
    assert [s[2] for s in steps(f)] == [
        "request body of HTTP route 'POST /snapshot' (unauthenticated, caller-controlled)", "parameter 'req'",
        "assigned to 'folder'", "reaches fs.writeFileSync()"]
    assert not [f for f in out.findings if f.tool in ("POST /snapshot-named", "GET /logs", "snapshot_count")]


def test_a_websocket_message_is_caller_input():
    out, _ = scan("routes")
    f = only(out.findings, tool="WebSocket message")
    assert f.rule_id == "tool-argument-injection"
    assert f.location.line == line_of("server.ts", 'execFile("less"', "routes")
    assert [s[2] for s in steps(f)][0] == "WebSocket message of an unauthenticated socket (caller-controlled)"


def test_a_module_variable_one_route_sets_is_the_target_another_requests():
    # state kept between requests (ts/state.py): reported where the caller's value is stored
    out, _ = scan("routes")
    f = only(out.findings, tool="POST /current-page")
    assert f.rule_id == "tool-ssrf"
    assert f.location.line == line_of("server.ts", "currentPage = req.body.url", "routes")
    assert f.message.endswith("(the value is kept as the target of later requests, which reach fetch() at "
                              f"server.ts:{line_of('server.ts', 'fetch(currentPage)', 'routes')})")
    assert [s[2] for s in steps(f)] == [
        "request body of HTTP route 'POST /current-page' (unauthenticated, caller-controlled)", "parameter 'req'",
        "stored in 'currentPage'", "'currentPage' read (stored by an earlier call)", "reaches fetch()"]
    assert not [f for f in out.findings if f.tool in ("POST /status-mirror", "GET /status", "GET /preview")]


def test_routes_are_listed_apart_from_tools():
    tools = tools_of("routes")
    assert {n: t.kind for n, t in tools.items()} == {
        "POST /snapshot": "http_route", "POST /snapshot-named": "http_route", "GET /logs": "http_route",
        "POST /current-page": "http_route", "GET /preview": "http_route", "POST /status-mirror": "http_route",
        "GET /status": "http_route", "WebSocket message": "http_route", "snapshot_count": "tool"}


def test_an_app_behind_authentication_has_no_route_sources():
    out, project = scan("routes_auth")
    assert out.findings == [] and project.tools == []


def test_an_app_on_loopback_without_cors_has_no_route_sources(tmp_path):
    src = textwrap.dedent("""\
        import express from "express";
        import fs from "node:fs";
        const app = express();
        app.use(express.json());
        app.post("/snapshot", (req, res) => {
          fs.writeFileSync(req.body.folder + "/snapshot.png", req.body.png);
          res.json({ saved: true });
        });
        app.listen(3025, "127.0.0.1");
        """)
    (tmp_path / "server.ts").write_text(src)
    out, project = ts_engine.run([(str(tmp_path / "server.ts"), "server.ts")], tmp_path, jobs=1)
    assert [f for f in out.findings if f.confidence != Confidence.LOW] == [] and project.tools == []
