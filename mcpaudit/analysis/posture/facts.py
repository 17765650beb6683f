"""The catalog of posture facts: every id, what it means, and the order :func:`extract_facts`
returns them in (the same order as the reports list them in, and the checklists refer to them by
these ids)."""

from __future__ import annotations

from typing import Dict

# fact id -> what it means (also the order extract_facts returns them in)
FACTS: Dict[str, str] = {
    "transport.stdio": "the server can run over stdio (explicitly, or FastMCP's default run())",
    "transport.sse": "an SSE transport is served",
    "transport.streamable_http": "a streamable HTTP transport is served",
    "transport.http": "the server listens on HTTP (SSE, streamable HTTP, or an ASGI/web app): in code, a deployment or command-line file, or a documented run line when the code reads the transport from argv/env; the note says which",
    "http.frameworks": "web frameworks/servers imported (starlette, fastapi, uvicorn, ...)",
    "http.bind_all": "binds to all interfaces (0.0.0.0 / ::); null without HTTP",
    "http.auth": "authentication on the HTTP transport; null without HTTP",
    "tls.configured": "TLS is configured (server certs or a TLS-terminating proxy); null without HTTP",
    "tls.client_auth": "client certificates are required (mutual TLS); null without HTTP",
    "tls.plain_http": "plain http:// endpoints to non-local hosts appear in the code",
    "cors.configured": "a CORS policy is configured; null without HTTP",
    "cors.wildcard": "CORS allows any origin; null without HTTP",
    "cors.wildcard_credentials": "CORS allows any origin together with credentials; null without HTTP",
    "http.security_headers": "security headers are set: true (3+ or a library), partial (1-2), false; null without HTTP",
    "limits.rate_limit": "a rate limiter is used (library or one in code/proxy config)",
    "limits.http_timeouts": "outbound HTTP calls have timeouts: true, partial, false; null without calls",
    "limits.subprocess_timeouts": "subprocesses have timeouts: true, partial, false; null without subprocesses",
    "limits.resources": "resource limits are set (setrlimit, container/pod/systemd limits)",
    "logging.audit": "tool invocations are audit-logged: true (all/central), partial, false; null without tools",
    "output.error_details": "exception text or tracebacks are returned to callers",
    "output.redaction": "sensitive data is redacted from outputs/logs",
    "debug.enabled": "debug mode or auto-reload is switched on",
    "docker.present": "a Dockerfile/Containerfile exists",
    "docker.non_root": "the final image stage runs as a non-root USER; null without Dockerfile",
    "docker.pinned_base": "base images pinned: true (digest), partial (tag), false (latest/untagged); null without Dockerfile",
    "docker.minimal_base": "the final base image is minimal (slim/alpine/distroless); null without Dockerfile",
    "docker.secrets_in_env": "ENV/ARG carry secret-looking names; null without Dockerfile",
    "docker.add_url": "ADD fetches from a URL; null without Dockerfile",
    "docker.healthcheck": "the image (or compose service) defines a HEALTHCHECK; null without Dockerfile",
    "container.read_only": "the container root filesystem is read-only",
    "container.syscall_restrictions": "seccomp / dropped capabilities / no-new-privileges are configured",
    "container.network_isolation": "network isolation (network none, internal networks, NetworkPolicy)",
    "container.signed": "container images are signed in CI (cosign, notation); null without Dockerfile",
    "deploy.kubernetes": "Kubernetes manifests are present",
    "deploy.present": "container files or deployment manifests exist (Dockerfile, compose, Kubernetes, Procfile, fly.toml...)",
    "deps.lockfile": "a lock file (uv.lock, poetry.lock, hashed requirements...) is present",
    "deps.pinned": "dependencies are pinned: true (lock file or all ==), partial, false; null when none are declared",
    "ci.dependency_scan": "dependency audit configured (pip-audit, safety, osv-scanner, Dependabot, ...)",
    "ci.sast": "static analysis in CI/pre-commit (bandit, semgrep, CodeQL, mcpaudit)",
    "tools.count": "number of MCP tools found",
    "tools.raw_exec": "a tool's whole job is raw command, SQL or code execution; null without tools",
    "tools.destructive_unannotated": "destructive tools without destructiveHint or confirmation; null without tools",
    "tools.privileged_ungated": "privileged tools registered without a role/scope gate; null without tools",
}
