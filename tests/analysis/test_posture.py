"""Posture facts on small trees: values and evidence lines."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path


from mcpaudit.analysis.posture import FACTS, collect_other_files, extract_facts
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Location, Parameter, ToolInfo


def tree(tmp_path: Path, **files: str):
    """Write files (keys use __ for / and _DOT_ for .) and return extract_facts' facts by id."""
    py, other = {}, {}
    for key, text in files.items():
        rel = key.replace("__", "/").replace("_DOT_", ".")
        text = textwrap.dedent(text).lstrip("\n")
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        (py if rel.endswith(".py") else other)[rel] = text
    return py, other


def surface(root: Path, py):
    """The MCP tools of the Python files ``py`` (written under ``root``), as the one surface
    detector (the cst engine) finds them: what the pipeline hands to extract_facts."""
    _, project = cst_engine.run([(str(root / rel), rel) for rel in sorted(py)], root, jobs=1)
    return project.tools


def facts_of(tmp_path, **files):
    py, _ = tree(tmp_path, **files)
    return {f.id: f for f in extract_facts(tmp_path, py, surface(tmp_path, py))}


def lines(fact):
    return [(l.path, l.line) for l in fact.evidence]


def test_every_fact_in_order(tmp_path):
    out = extract_facts(tmp_path, {}, [], {})
    assert [f.id for f in out] == list(FACTS)
    assert all(f.value in (False, None, 0, []) for f in out)


def test_stdio_default_and_http_facts_null(tmp_path):
    f = facts_of(tmp_path, server_DOT_py='''
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("demo")

        @mcp.tool()
        def echo(text: str) -> str:
            return text

        if __name__ == "__main__":
            mcp.run()
    ''')
    assert f["transport.stdio"].value is True and lines(f["transport.stdio"]) == [("server.py", 9)]
    assert f["transport.http"].value is False
    for fid in ("http.auth", "tls.configured", "tls.client_auth", "cors.wildcard", "http.security_headers",
                "http.bind_all"):
        assert f[fid].value is None, fid
    assert f["tools.count"].value == 1


def test_http_without_auth_or_tls(tmp_path):
    f = facts_of(tmp_path, app_DOT_py='''
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("demo", host="0.0.0.0")

        @mcp.tool()
        def echo(text: str) -> str:
            return text

        mcp.run(transport="sse")
    ''')
    assert f["transport.sse"].value is True and lines(f["transport.sse"]) == [("app.py", 8)]
    assert f["transport.stdio"].value is False
    assert f["transport.http"].value is True
    assert f["http.auth"].value is False and f["http.auth"].note
    assert f["tls.configured"].value is False
    assert f["http.bind_all"].value is True and lines(f["http.bind_all"]) == [("app.py", 2)]


def test_http_with_auth_mtls_cors_headers(tmp_path):
    f = facts_of(tmp_path, srv_DOT_py='''
        import ssl
        import uvicorn
        from mcp.server.fastmcp import FastMCP
        from starlette.middleware.cors import CORSMiddleware
        from .auth import MyVerifier

        mcp = FastMCP("demo", token_verifier=MyVerifier())
        app = mcp.streamable_http_app()
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)

        def headers(resp):
            resp.headers["Strict-Transport-Security"] = "max-age=1"
            return resp

        uvicorn.run(app, ssl_keyfile="k.pem", ssl_certfile="c.pem",
                    ssl_cert_reqs=ssl.CERT_REQUIRED)
    ''')
    assert f["transport.streamable_http"].value is True
    assert f["http.auth"].value is True and ("srv.py", 7) in lines(f["http.auth"])
    assert f["tls.configured"].value is True and lines(f["tls.configured"]) == [("srv.py", 15)]
    assert f["tls.client_auth"].value is True
    assert f["cors.wildcard"].value is True and lines(f["cors.wildcard"]) == [("srv.py", 9)]
    assert f["cors.wildcard_credentials"].value is True
    assert f["http.security_headers"].value == "partial"
    assert f["http.frameworks"].value == ["starlette", "uvicorn"]


def test_tls_terminated_by_proxy_and_plain_http(tmp_path):
    f = facts_of(tmp_path, main_DOT_py='''
        import httpx
        from fastapi import FastAPI
        app = FastAPI()
        UPSTREAM = "http://billing.corp.example.com/api"
        LOCAL = "http://localhost:8080/health"
        NS = "http://www.w3.org/2001/XMLSchema"
        if not UPSTREAM.startswith(("http://", "https://")):
            raise SystemExit
        def go(host):
            return httpx.get(f"http://{host}/x")
    ''', deploy__nginx_DOT_conf='''
        server {
            listen 443 ssl;
            ssl_certificate /etc/ssl/fullchain.pem;
        }
    ''')
    assert f["transport.http"].value is True
    assert f["tls.configured"].value is True
    assert ("deploy/nginx.conf", 2) in lines(f["tls.configured"])
    assert lines(f["tls.plain_http"]) == [("main.py", 4), ("main.py", 10)]


def test_rate_limit_detection(tmp_path):
    f = facts_of(tmp_path, a_DOT_py='''
        from slowapi import Limiter
    ''')
    assert f["limits.rate_limit"].value is True and lines(f["limits.rate_limit"]) == [("a.py", 1)]


def test_rate_limiter_in_code_must_be_used(tmp_path):
    f = facts_of(tmp_path, a_DOT_py='''
        class RateLimiter:
            pass
    ''')
    assert f["limits.rate_limit"].value is False
    f = facts_of(tmp_path, a_DOT_py='''
        class RateLimiter:
            pass
        limiter = RateLimiter()
    ''')
    assert f["limits.rate_limit"].value is True and lines(f["limits.rate_limit"]) == [("a.py", 1)]


def test_timeouts(tmp_path):
    f = facts_of(tmp_path, net_DOT_py='''
        import requests, httpx, subprocess
        from subprocess import run as sprun

        def a(u):
            return requests.get(u)

        def b(u):
            return requests.post(u, timeout=5)

        def c(u):
            return httpx.get(u)

        def d():
            sprun(["ls"])

        def e():
            subprocess.run(["ls"], timeout=3)
    ''')
    assert f["limits.http_timeouts"].value == "partial"
    assert lines(f["limits.http_timeouts"]) == [("net.py", 5)]
    assert f["limits.subprocess_timeouts"].value == "partial"
    assert lines(f["limits.subprocess_timeouts"]) == [("net.py", 14)]


def test_no_calls_means_null_timeouts(tmp_path):
    f = facts_of(tmp_path, a_DOT_py="x = 1\n")
    assert f["limits.http_timeouts"].value is None
    assert f["limits.subprocess_timeouts"].value is None


def test_popen_with_communicate_timeout(tmp_path):
    f = facts_of(tmp_path, a_DOT_py='''
        import subprocess
        def go():
            p = subprocess.Popen(["ls"])
            p.communicate(timeout=5)
        def bad():
            subprocess.Popen(["ls"]).wait()
    ''')
    assert f["limits.subprocess_timeouts"].value == "partial"
    assert lines(f["limits.subprocess_timeouts"]) == [("a.py", 6)]


def test_resource_limits(tmp_path):
    f = facts_of(tmp_path, sandbox_DOT_py='''
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1, 1))
    ''', compose_DOT_yaml='''
        services:
          app:
            mem_limit: 256m
    ''')
    assert f["limits.resources"].value is True
    assert lines(f["limits.resources"]) == [("compose.yaml", 3), ("sandbox.py", 2)]


def test_audit_logging_all_partial_none(tmp_path):
    f = facts_of(tmp_path, s_DOT_py='''
        import logging
        from mcp.server.fastmcp import FastMCP
        log = logging.getLogger(__name__)
        mcp = FastMCP("x")

        @mcp.tool()
        def one(a: str) -> str:
            log.info("one called")
            return a

        @mcp.tool()
        def two(a: str) -> str:
            return a
    ''')
    assert f["logging.audit"].value == "partial"
    assert lines(f["logging.audit"]) == [("s.py", 12)]
    assert "two" in f["logging.audit"].note
    f = facts_of(tmp_path, s_DOT_py='''
        from mcp.server.fastmcp import FastMCP
        from .audit import audit_tool
        mcp = FastMCP("x")

        @mcp.tool()
        @audit_tool
        def one(a: str) -> str:
            return a
    ''')
    assert f["logging.audit"].value is True and lines(f["logging.audit"]) == [("s.py", 6)]


def test_audit_logging_via_helper_and_central_middleware(tmp_path):
    f = facts_of(tmp_path, s_DOT_py='''
        import logging
        from fastmcp import FastMCP
        from fastmcp.server.middleware.logging import LoggingMiddleware
        mcp = FastMCP("x")
        mcp.add_middleware(LoggingMiddleware())

        @mcp.tool
        def one(a: str) -> str:
            return a
    ''')
    assert f["logging.audit"].value is True and lines(f["logging.audit"]) == [("s.py", 5)]


def test_error_details(tmp_path):
    f = facts_of(tmp_path, s_DOT_py='''
        import traceback
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("x")

        def redact(t):
            return "x"

        @mcp.tool()
        def a(p: str) -> str:
            try:
                return open(p).read()
            except OSError as e:
                return f"failed: {e}"

        @mcp.tool()
        def b(p: str) -> str:
            try:
                return open(p).read()
            except OSError as exc:
                return redact(str(exc))

        @mcp.tool()
        def c(p: str) -> str:
            try:
                return open(p).read()
            except OSError:
                return traceback.format_exc()

        @mcp.tool()
        def d(p: str) -> str:
            try:
                return open(p).read()
            except OSError as exc:
                return "failed: " + type(exc).__name__
    ''')
    assert f["output.error_details"].value is True
    assert lines(f["output.error_details"]) == [("s.py", 13), ("s.py", 27)]


def test_redaction_must_be_used(tmp_path):
    f = facts_of(tmp_path, r_DOT_py='''
        def redact_secrets(text):
            return text
    ''')
    assert f["output.redaction"].value is False
    f = facts_of(tmp_path, r_DOT_py='''
        def redact_secrets(text):
            return text
        print(redact_secrets("a"))
    ''')
    assert f["output.redaction"].value is True and lines(f["output.redaction"]) == [("r.py", 1)]


def test_debug(tmp_path):
    f = facts_of(tmp_path, a_DOT_py='''
        from starlette.applications import Starlette
        app = Starlette(debug=True)
    ''', Dockerfile='''
        FROM python:3.12-slim
        ENV DEBUG=1
    ''')
    assert f["debug.enabled"].value is True
    assert lines(f["debug.enabled"]) == [("Dockerfile", 2), ("a.py", 2)]


def test_dockerfile_root_unpinned_secrets(tmp_path):
    f = facts_of(tmp_path, Dockerfile='''
        FROM python:latest
        ARG GITHUB_TOKEN
        ENV API_KEY=sk-live-123 \\
            LOG_LEVEL=info
        ENV DB_PASSWORD_FILE=/run/secrets/db
        ADD https://example.com/tool.tgz /opt/
        USER root
        CMD ["python", "server.py"]
    ''')
    assert f["docker.present"].value is True
    assert f["docker.non_root"].value is False and lines(f["docker.non_root"]) == [("Dockerfile", 7)]
    assert f["docker.pinned_base"].value is False and lines(f["docker.pinned_base"]) == [("Dockerfile", 1)]
    assert f["docker.secrets_in_env"].value is True
    assert lines(f["docker.secrets_in_env"]) == [("Dockerfile", 2), ("Dockerfile", 3)]
    assert f["docker.add_url"].value is True and lines(f["docker.add_url"]) == [("Dockerfile", 6)]
    assert f["docker.healthcheck"].value is False
    assert f["docker.minimal_base"].value is False


def test_dockerfile_multistage_non_root_tag_pinned(tmp_path):
    f = facts_of(tmp_path, Dockerfile='''
        ARG PY=3.12-slim
        FROM python:${PY} AS build
        RUN pip wheel .
        FROM gcr.io/distroless/python3-debian12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        COPY --from=build /w /w
        USER 10001:10001
        HEALTHCHECK CMD ["python", "-c", "print(1)"]
    ''')
    assert f["docker.non_root"].value is True and lines(f["docker.non_root"]) == [("Dockerfile", 6)]
    assert f["docker.pinned_base"].value == "partial" and lines(f["docker.pinned_base"]) == [("Dockerfile", 2)]
    assert f["docker.minimal_base"].value is True
    assert f["docker.healthcheck"].value is True and lines(f["docker.healthcheck"]) == [("Dockerfile", 7)]
    assert f["docker.secrets_in_env"].value is False


def test_no_dockerfile_means_null_docker_facts(tmp_path):
    f = facts_of(tmp_path, a_DOT_py="x = 1\n")
    assert f["docker.present"].value is False
    for fid in ("docker.non_root", "docker.pinned_base", "docker.secrets_in_env", "docker.healthcheck",
                "container.signed"):
        assert f[fid].value is None


def test_container_runtime(tmp_path):
    f = facts_of(tmp_path, Dockerfile="FROM python:3.12-slim\n", compose_DOT_yml='''
        services:
          app:
            read_only: true
            cap_drop: [ALL]
            network_mode: none
    ''', _DOT_github__workflows__ci_DOT_yml='''
        jobs:
          x:
            steps:
              - run: pip-audit -r requirements.txt
              - run: cosign sign --yes img
              - run: semgrep --config rules/
    ''')
    assert lines(f["container.read_only"]) == [("compose.yml", 3)]
    assert lines(f["container.syscall_restrictions"]) == [("compose.yml", 4)]
    assert lines(f["container.network_isolation"]) == [("compose.yml", 5)]
    assert lines(f["ci.dependency_scan"]) == [(".github/workflows/ci.yml", 4)]
    assert lines(f["container.signed"]) == [(".github/workflows/ci.yml", 5)]
    assert lines(f["ci.sast"]) == [(".github/workflows/ci.yml", 6)]


def test_privileged_container_has_no_syscall_restrictions(tmp_path):
    f = facts_of(tmp_path, compose_DOT_yaml='''
        services:
          app:
            cap_drop: [ALL]
            privileged: true
    ''')
    assert f["container.syscall_restrictions"].value is False
    assert lines(f["container.syscall_restrictions"]) == [("compose.yaml", 4)]


def test_kubernetes_network_policy(tmp_path):
    f = facts_of(tmp_path, k8s__netpol_DOT_yaml='''
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: mcp
    ''')
    assert f["deploy.kubernetes"].value is True
    assert lines(f["container.network_isolation"]) == [("k8s/netpol.yaml", 2)]


def test_dependencies(tmp_path):
    f = facts_of(tmp_path, requirements_DOT_txt='''
        # pinned
        mcp==1.9.4
        httpx>=0.27
        -r other.txt
    ''')
    assert f["deps.lockfile"].value is False
    assert f["deps.pinned"].value == "partial" and lines(f["deps.pinned"]) == [("requirements.txt", 3)]
    f = facts_of(tmp_path, uv_DOT_lock="version = 1\n")
    assert f["deps.lockfile"].value is True and lines(f["deps.lockfile"]) == [("uv.lock", 1)]
    assert f["deps.pinned"].value is True


def test_pyproject_dependencies(tmp_path):
    f = facts_of(tmp_path, pyproject_DOT_toml='''
        [project]
        name = "x"
        dependencies = [
          "mcp>=1.2",
          "httpx==0.28.1",
        ]
    ''')
    assert f["deps.pinned"].value == "partial"
    assert lines(f["deps.pinned"]) == [("pyproject.toml", 4)]


def test_tools_raw_destructive_ungated(tmp_path):
    f = facts_of(tmp_path, t_DOT_py='''
        import os, sqlite3
        from mcp.server.fastmcp import FastMCP
        from mcp.types import ToolAnnotations
        mcp = FastMCP("x")
        ROLE = os.environ.get("ROLE")

        @mcp.tool()
        def run_sql(sql: str) -> str:
            return str(sqlite3.connect("d").execute(sql).fetchall())

        @mcp.tool()
        def search_code(query: str) -> str:
            return query

        @mcp.tool(annotations=ToolAnnotations(destructiveHint=True))
        def delete_record(rid: int) -> str:
            return "ok"

        @mcp.tool()
        def remove_file(path: str, confirm: bool = False) -> str:
            if not has_scope("files:admin"):
                return "forbidden"
            return "ok"

        if ROLE == "admin":
            @mcp.tool()
            def drop_table(name: str) -> str:
                return "ok"
    ''')
    assert f["tools.count"].value == 5
    assert f["tools.raw_exec"].value is True and lines(f["tools.raw_exec"]) == [("t.py", 8)]
    assert "run_sql" in f["tools.raw_exec"].note
    assert lines(f["tools.destructive_unannotated"]) == [("t.py", 8), ("t.py", 27)]
    assert lines(f["tools.privileged_ungated"]) == [("t.py", 8), ("t.py", 16)]


def test_tools_from_surface_analysis(tmp_path):
    py, _ = tree(tmp_path, srv_DOT_py='''
        def wipe(target):
            return target
    ''')
    tools = [ToolInfo(name="wipe_disk", kind="tool", function="wipe", location=Location("srv.py", 1),
                      parameters=[Parameter("target")], annotations={"destructiveHint": True})]
    f = {x.id: x for x in extract_facts(tmp_path, py, tools)}
    assert f["tools.destructive_unannotated"].value is False
    assert f["tools.privileged_ungated"].value is True
    assert lines(f["tools.privileged_ungated"]) == [("srv.py", 1)]


def test_tools_come_only_from_the_surface_detector(tmp_path):
    """Posture has no tool detector of its own: given no tools it reports none, whatever the source
    holds, and resources or prompts are not tools."""
    py, _ = tree(tmp_path, s_DOT_py='''
        import subprocess
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("x")

        @mcp.tool()
        def run_command(command: str) -> str:
            return subprocess.run(command, shell=True, timeout=5).stdout
    ''')
    resource = ToolInfo(name="cfg", kind="resource", function="run_command", location=Location("s.py", 6))
    for given in ([], [resource]):
        f = {x.id: x for x in extract_facts(tmp_path, py, given)}
        assert f["tools.count"].value == 0
        for fid in ("tools.raw_exec", "tools.destructive_unannotated", "tools.privileged_ungated", "logging.audit"):
            assert (f[fid].value, f[fid].evidence, f[fid].note) == (None, [], "no MCP tools found"), fid
    f = {x.id: x for x in extract_facts(tmp_path, py, surface(tmp_path, py))}
    assert f["tools.count"].value == 1
    assert lines(f["tools.raw_exec"]) == [("s.py", 6)]
    assert f["tools.raw_exec"].note == "raw execution tools: run_command"
    assert f["logging.audit"].value is False and lines(f["logging.audit"]) == [("s.py", 6)]


def test_raw_exec_by_direct_sink(tmp_path):
    f = facts_of(tmp_path, t_DOT_py='''
        import subprocess
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("x")

        @mcp.tool()
        def helper(line: str) -> str:
            return subprocess.run(line, shell=True, capture_output=True, timeout=5).stdout
    ''')
    assert f["tools.raw_exec"].value is True and lines(f["tools.raw_exec"]) == [("t.py", 6)]


def test_test_files_are_ignored(tmp_path):
    f = facts_of(tmp_path, tests__test_srv_DOT_py='''
        import requests
        requests.get("http://api.corp.net/x")
    ''')
    assert f["limits.http_timeouts"].value is None
    assert f["tls.plain_http"].value is False


def test_never_executes_scanned_code(tmp_path):
    marker = tmp_path / "executed"
    src = f"open({str(marker)!r}, 'w').write('x')\nraise SystemExit(3)\n"
    (tmp_path / "evil.py").write_text(src)
    extract_facts(tmp_path, {"evil.py": src, "broken.py": "def (:\n"}, [])
    assert not marker.exists()


def test_collect_other_files(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\n")
    (tmp_path / "requirements-dev.txt").write_text("pytest\n")
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "app.yaml").write_text("kind: Deployment\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "Dockerfile").write_text("FROM x\n")
    (tmp_path / "big.yaml").write_text("x" * (2 * 1024 * 1024 + 1))
    (tmp_path / "notes.md").write_text("not collected")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("secret: 1\n")
    try:
        os.symlink(outside, tmp_path / "link.yaml")
        os.symlink(tmp_path.parent, tmp_path / "up")
    except OSError:  # pragma: no cover - platforms without symlinks
        pass
    got = collect_other_files(tmp_path)
    assert sorted(got) == ["Dockerfile", "deploy/app.yaml", "requirements-dev.txt"]
    assert got["Dockerfile"] == "FROM python:3.12\n"


def test_extract_facts_collects_other_files_when_not_given(tmp_path):
    (tmp_path / "uv.lock").write_text("version = 1\n")
    f = {x.id: x for x in extract_facts(tmp_path, {}, [])}
    assert f["deps.lockfile"].value is True


def test_lowlevel_stdio_and_fastmcp2_http(tmp_path):
    f = facts_of(tmp_path, low_DOT_py='''
        from mcp.server.lowlevel import Server
        from mcp.server.stdio import stdio_server
        server = Server("x")

        async def main():
            async with stdio_server() as (r, w):
                await server.run(r, w, server.create_initialization_options())
    ''')
    assert f["transport.stdio"].value is True and lines(f["transport.stdio"]) == [("low.py", 6)]
    assert f["transport.http"].value is False and not f["transport.stdio"].note
    f = facts_of(tmp_path, low_DOT_py='''
        from fastmcp import FastMCP
        mcp = FastMCP("x")

        async def serve(kind):
            if kind == "sse":
                await mcp.run_http_async(transport="sse", host="127.0.0.1")
            else:
                await mcp.run_http_async(host="127.0.0.1")
    ''')
    assert lines(f["transport.sse"]) == [("low.py", 6)]
    assert lines(f["transport.streamable_http"]) == [("low.py", 8)]
    assert f["http.bind_all"].value is False


def test_namespace_uris_are_not_endpoints(tmp_path):
    f = facts_of(tmp_path, rdf_DOT_py='''
        from rdflib import Namespace, URIRef
        NS = Namespace("http://voc.example-corp.com/model#")
        ONT = URIRef("http://voc.example-corp.com/model")
    ''')
    assert f["tls.plain_http"].value is False


def test_line_numbers_ignore_form_feeds_and_other_unicode_breaks(tmp_path):
    """Only \\r\\n, \\r and \\n end a line (as for Python and editors): a form feed or U+2028 inside a
    line must not push the evidence of the lines below it."""
    src = 'NOTE = "page\x0cbreak\u2028here"\nfrom slowapi import Limiter\nimport requests\nrequests.get(NOTE)\n'
    dockerfile = "FROM python:3.12-slim\n# section\x0c two\nUSER root\n"
    f = {x.id: x for x in extract_facts(tmp_path, {"app.py": src}, [], {"Dockerfile": dockerfile})}
    assert lines(f["limits.rate_limit"]) == [("app.py", 2)]
    assert lines(f["limits.http_timeouts"]) == [("app.py", 4)]  # the ast line of the call
    assert lines(f["docker.non_root"]) == [("Dockerfile", 3)]
    assert f["docker.non_root"].note == "Dockerfile: USER root"


def test_a_header_set_on_an_outbound_request_is_not_server_auth(tmp_path):
    """urllib's Request.add_header / http.client's putheader name a header of a request the
    server sends upstream (with a 401 retry next to it); a header read from a request is auth."""
    f = facts_of(tmp_path, client_DOT_py='''
        import os
        import urllib.request
        from urllib.error import HTTPError
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("demo", host="0.0.0.0")

        def fetch(url):
            req = urllib.request.Request(url)
            req.add_header("X-API-Key", os.environ["UPSTREAM_KEY"])
            try:
                return urllib.request.urlopen(req).read()
            except HTTPError as e:
                if e.code == 401:
                    raise RuntimeError("upstream refused the key")
                raise

        mcp.run(transport="streamable-http")
    ''')
    assert f["transport.http"].value is True
    assert f["http.auth"].value is False
    g = facts_of(tmp_path / "in", app_DOT_py='''
        from mcp.server.fastmcp import FastMCP
        from starlette.responses import Response

        mcp = FastMCP("demo", host="0.0.0.0")

        async def gate(request, call_next):
            if request.headers.get("X-API-Key") != "k":
                return Response(status_code=401)
            return await call_next(request)

        mcp.run(transport="streamable-http")
    ''')
    assert g["http.auth"].value is True and ("app.py", 7) in lines(g["http.auth"])
