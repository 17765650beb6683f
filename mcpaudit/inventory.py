"""The tool inventory: what each MCP tool can do, and how exposed the server is.

A *capability* is what a tool can do because it hands a parameter to a sink as is — it runs
the caller's commands, evaluates their code, reads or writes any file, fetches any URL, runs
their query text (the cst engine reports it once per tool, as a ``capability-*`` finding). That
is the tool's purpose, not an injection; how urgent it is depends on who can call the tool, so
its severity follows the server's *exposure*, read from the posture facts:

========================================  =====================  ======================
exposure                                   commands, code         files, URLs, queries
========================================  =====================  ======================
stdio only (the local user who starts it)  medium                 low (medium: writes)
HTTP with authentication                   high                   medium
HTTP without authentication, loopback      high                   medium
HTTP without authentication, any host      critical               high
========================================  =====================  ======================

Capabilities are kept apart from the findings (``AuditResult.capabilities``), listed with
their tool in the inventory (``ToolInfo.capabilities``), and gate like findings when their
severity reaches ``--fail-on``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .models import Finding, PostureFact, Severity, ToolInfo

CAPABILITY_TAG = "capability"
_EXECUTES = frozenset({"command-execution", "code-execution"})


@dataclass
class Exposure:
    """Who can call the server's tools, from the posture facts."""

    http: bool = False
    auth: Optional[bool] = None  # None: no HTTP, or unknown
    bind_all: Optional[bool] = None
    transports: List[str] = field(default_factory=list)

    @property
    def rank(self) -> int:
        """0 stdio only, 1 HTTP with auth, 2 HTTP without auth on loopback, 3 without auth and
        reachable from other machines (or the bind address is not known)."""
        if not self.http:
            return 0
        if self.auth:
            return 1
        return 3 if self.bind_all is not False else 2

    @property
    def condition(self) -> str:
        return (
            "reachable over stdio only, by the local user who starts the server",
            "reachable over HTTP, with authentication",
            "reachable over HTTP without authentication, bound to loopback",
            "reachable over HTTP without authentication by anyone who can reach the port",
        )[self.rank]

    @property
    def label(self) -> str:
        return ("stdio", "http-auth", "http-no-auth-loopback", "http-no-auth")[self.rank]

    def to_dict(self) -> Dict[str, Any]:
        return {"level": self.label, "http": self.http, "auth": self.auth, "bind_all": self.bind_all,
                "transports": list(self.transports), "condition": self.condition}


def exposure_of(facts: Sequence[PostureFact]) -> Exposure:
    """The server's exposure from the posture facts (transport.*, http.auth, http.bind_all)."""
    by_id = {f.id: f.value for f in facts}
    transports = [t for t, fid in (("stdio", "transport.stdio"), ("sse", "transport.sse"),
                                   ("streamable-http", "transport.streamable_http")) if by_id.get(fid) is True]
    http = by_id.get("transport.http") is True
    return Exposure(http=http, auth=by_id.get("http.auth") if http else None,
                    bind_all=by_id.get("http.bind_all") if http else None, transports=transports)


def capability_severity(capability: str, writes: bool, exposure: Exposure) -> Severity:
    """How urgent a capability is where the server is exposed (see the module's table)."""
    rank = exposure.rank
    if capability in _EXECUTES:
        return (Severity.MEDIUM, Severity.HIGH, Severity.HIGH, Severity.CRITICAL)[rank]
    if rank == 0:
        return Severity.MEDIUM if writes else Severity.LOW
    return Severity.HIGH if rank == 3 else Severity.MEDIUM


def split_capabilities(findings: Sequence[Finding], facts: Sequence[PostureFact], tools: Sequence[ToolInfo]
                       ) -> Tuple[List[Finding], List[Finding], Exposure]:
    """(findings, capabilities, exposure): capability findings get their severity and condition
    from the exposure and are listed on their tools."""
    exposure = exposure_of(facts)
    kept: List[Finding] = []
    caps: List[Finding] = []
    by_tool: Dict[str, List[ToolInfo]] = {}
    for t in tools:
        by_tool.setdefault(t.name, []).append(t)
    for f in findings:
        cap = f.properties.get("capability") if CAPABILITY_TAG in f.tags else None
        if cap is None:
            kept.append(f)
            continue
        f.severity = capability_severity(cap, bool(f.properties.get("writes")), exposure)
        f.properties["exposure"] = exposure.label
        if not f.message.endswith(exposure.condition):
            f.message += f"; {exposure.condition}"
        caps.append(f)
        for t in by_tool.get(f.tool or "", ()):
            if not any(c["capability"] == cap for c in t.capabilities):
                t.capabilities.append({
                    "capability": cap, "severity": f.severity.label, "writes": bool(f.properties.get("writes")),
                    "parameter": f.parameter, "path": f.location.path, "line": f.location.line,
                    "rule_id": f.rule_id,
                })
    return kept, caps, exposure


__all__ = ["CAPABILITY_TAG", "Exposure", "capability_severity", "exposure_of", "split_capabilities"]
