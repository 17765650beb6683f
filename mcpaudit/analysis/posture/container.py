"""Container runtime, deployment and CI facts, all read from deployment files and workflows.

Decides ``container.read_only``, ``container.syscall_restrictions``, ``container.network_isolation``,
``container.signed``, ``deploy.kubernetes``, ``deploy.present``, ``ci.dependency_scan`` and ``ci.sast`` from compose
files, Kubernetes manifests, ``docker run`` flags (also in MCP client JSON configs), systemd units,
CI workflows and Dependabot/Renovate configs: a read-only root filesystem; seccomp, dropped
capabilities or no-new-privileges (and privileged/unconfined containers, which fail it); network
``none``, internal networks or a NetworkPolicy; an image signing step (null without a
Dockerfile); Kubernetes workload manifests or a Helm chart; a dependency audit and a SAST tool.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .context import Context
from .evidence import Evidence, line_of

_KINDS = {"yaml", "other", "docker"}

_READ_ONLY = re.compile(r"^\s*read_only:\s*true|readOnlyRootFilesystem:\s*true|--read-only\b", re.I)
_READ_ONLY_JSON = re.compile(r"\"--read-only\"")
_SYSCALLS_RESTRICTED = re.compile(
    r"seccomp|no-new-privileges|^\s*cap_drop:|--cap-drop|allowPrivilegeEscalation:\s*false"
    r"|^\s*drop:\s*(?:\[\s*[\"']?ALL|$)", re.I)
_SYSCALLS_OPEN = re.compile(r"seccomp[=:]\s*[\"']?unconfined|^\s*privileged:\s*true|--privileged\b"
                            r"|type:\s*Unconfined", re.I)
_NETWORK_ISOLATION = re.compile(
    r"network_mode:\s*[\"']?none|^\s*internal:\s*true|kind:\s*NetworkPolicy|--network[= ]none")
_SIGNING = re.compile(r"cosign\s+sign|sigstore/cosign-installer|notation\s+sign|docker\s+trust\s+sign"
                      r"|DOCKER_CONTENT_TRUST\s*[=:]\s*[\"']?1|attest-build-provenance")
_K8S_API = re.compile(r"^apiVersion:", re.M)
_K8S_KIND = re.compile(
    r"^kind:\s*(Deployment|StatefulSet|DaemonSet|Pod|Job|CronJob|Service|Ingress|NetworkPolicy)\b", re.M)
_DEPENDENCY_SCAN = re.compile(r"pip-audit|pip_audit|safety\s+(?:check|scan)|osv-scanner|\btrivy\b|\bgrype\b|\bsnyk\b"
                              r"|dependency-review-action|uv\s+pip\s+audit", re.I)
_SAST = re.compile(r"\bbandit\b|\bsemgrep\b|codeql|\bmcpaudit\b", re.I)


def _is_json(path: str) -> bool:
    return path.lower().endswith(".json")


def _runtime(ctx: Context) -> None:
    ro = ctx.grep_other(_READ_ONLY, kinds=_KINDS)
    ro.update(ctx.grep_other(_READ_ONLY_JSON, names=_is_json))
    ctx.set("container.read_only", bool(ro), ro, "" if ro else "no read-only root filesystem configured")

    good = ctx.grep_other(_SYSCALLS_RESTRICTED, kinds=_KINDS)
    bad = ctx.grep_other(_SYSCALLS_OPEN, kinds=_KINDS)
    if bad:
        ctx.set("container.syscall_restrictions", False, bad, "privileged or unconfined container")
    else:
        ctx.set("container.syscall_restrictions", bool(good), good,
                "" if good else "no seccomp profile, cap_drop or no-new-privileges found")

    iso = ctx.grep_other(_NETWORK_ISOLATION, kinds=_KINDS)
    ctx.set("container.network_isolation", bool(iso), iso, "" if iso else "no network isolation configured")

    signed = ctx.grep_other(_SIGNING, kinds=_KINDS)
    if ctx.value("docker.present"):
        ctx.set("container.signed", bool(signed), signed, "" if signed else "no image signing step found")
    else:
        ctx.set("container.signed", None, signed or None)


def _kubernetes(ctx: Context) -> None:
    k8s = Evidence()
    for path, text in ctx.yaml.items():
        if _K8S_API.search(text):
            m = _K8S_KIND.search(text)
            if m:
                k8s.add(path, line_of(text, m.start()))
        if PurePosixPath(path).name == "Chart.yaml":
            k8s.add(path, 1)
    ctx.set("deploy.kubernetes", bool(k8s), k8s)


_COMPOSE = re.compile(r"^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$")
_MANIFESTS = ("fly.toml", "procfile", "app.yaml", "render.yaml", "railway.json", "railway.toml", "heroku.yml",
              "serverless.yml", "serverless.yaml", "vercel.json", "netlify.toml")


def _deployment(ctx: Context) -> None:
    """``deploy.present``: container files or deployment manifests exist (a Dockerfile, a compose
    file, Kubernetes manifests or a Helm chart, a systemd unit, a platform manifest such as
    ``fly.toml`` or a ``Procfile``). Deployment and container checklist items apply only then, or
    when the server speaks HTTP."""
    found = Evidence()
    present = False
    for ev in ("docker.present", "deploy.kubernetes"):
        fact = ctx.facts.get(ev)
        if fact is not None and fact.value:
            present = True
            for loc in fact.evidence[:3]:
                found.add(loc.path, loc.line)
    for path in ctx.other:
        name = PurePosixPath(path).name.lower()
        if _COMPOSE.match(name) or name in _MANIFESTS or name.endswith(".service"):
            found.add(path, 1)
    ctx.set("deploy.present", present or bool(found), found,
            "" if found else "no Dockerfile, compose file, Kubernetes manifest or platform manifest")


def _ci(ctx: Context) -> None:
    scan = ctx.grep_other(_DEPENDENCY_SCAN, kinds={"yaml", "other"})
    for path in ctx.other:
        low = path.lower()
        if low.endswith((".github/dependabot.yml", ".github/dependabot.yaml")) \
                or PurePosixPath(low).name.startswith(("renovate.json", ".renovaterc")):
            scan.add(path, 1)
    ctx.set("ci.dependency_scan", bool(scan), scan, "" if scan else "no dependency audit (pip-audit, Dependabot...) configured")
    sast = ctx.grep_other(_SAST, kinds={"yaml"})
    ctx.set("ci.sast", bool(sast), sast)


def decide(ctx: Context) -> None:
    """Set the container runtime, Kubernetes and CI facts (after the Docker facts)."""
    _runtime(ctx)
    _kubernetes(ctx)
    _deployment(ctx)
    _ci(ctx)
