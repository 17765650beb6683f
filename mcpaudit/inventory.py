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

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from .analysis.ts.byokgateway import byok_words
from .analysis.ts.servedapps import listen_words, served_first
from .analysis.ts.handmcp import mcp_route, route_words
from .analysis.project import package_root, packages_of
from .analysis.routeauth import _NONE_ANYWHERE, unguarded_transports
from .models import Confidence, Finding, FlowStep, Location, PostureFact, Severity, ToolInfo
from .engines.bandit_context import SERVER_HOST

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


_CAPABILITY_WORDS = {
    "command-execution": "runs any command",
    "code-execution": "runs arbitrary code",
    "network-request": "fetches any URL",
    "raw-query": "runs raw queries",
}

#: the condition that makes a capability dangerous, by exposure level, in a few words
EXPOSURE_WORDS = {
    "stdio": "stdio only",
    "http-auth": "over HTTP with auth",
    "http-no-auth-loopback": "without auth over HTTP on loopback",
    "http-no-auth": "reachable without auth over HTTP",
}


def capability_phrase(cap: Dict[str, Any]) -> str:
    """``runs arbitrary code``, ``writes any file; no root configured``, ``runs raw queries
    (read-only)``: what one capability of a tool lets its caller do."""
    name = cap.get("capability", "")
    if name == "file-access":
        return ("writes any file" if cap.get("writes") else "reads any file") + "; no root configured"
    text = _CAPABILITY_WORDS.get(name, name.replace("-", " "))
    if name == "raw-query" and cap.get("read_only"):
        text += " (read-only)"
    elif name == "raw-query" and cap.get("writes"):
        text += " (can write)"
    return text


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
    if exposure.auth and any(f.rule_id == HTTP_NO_AUTH and f.confidence > Confidence.LOW for f in findings):
        # the authentication found guards other routes only (a REST API's dependency, not the MCP
        # mount: reconcile_http kept the transport finding), so the tools are reached without it
        exposure.auth = False
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
                ro = f.properties.get("read_only")
                entry = {
                    "capability": cap, "severity": f.severity.label, "writes": bool(f.properties.get("writes")),
                    "read_only": ro if isinstance(ro, bool) else None,
                    "parameter": f.parameter, "path": f.location.path, "line": f.location.line,
                    "rule_id": f.rule_id,
                }
                entry["summary"] = f"{capability_phrase(entry)}; {EXPOSURE_WORDS[exposure.label]}"
                t.capabilities.append(entry)
    return kept, caps, exposure


HTTP_NO_AUTH = "http-transport-no-auth"
BIND_ALL = ("B104", "hardcoded-bind-all-interfaces")


def _kept_open(f: Finding) -> bool:
    """A route nothing guards (ts/routeguard.py) or auth installed on another app only (ts/appauth.py)."""
    return bool(f.properties.get("open_route") or f.properties.get("other_app"))


def reconcile_http(findings: List[Finding], facts: Sequence[PostureFact], tools: Sequence[ToolInfo],
                   root: Optional[Path] = None, servers: Sequence[dict] = (), project=None) -> List[Finding]:
    """One decision for "is MCP served over HTTP without authentication": the posture facts'
    (``transport.http``, ``http.bind_all``, ``http.auth``). The transport pass reads the cst engine's
    serving sites and auth evidence (the ones the rule reports from) and adds what the rule cannot
    see from one call site — a transport chosen at run time by an environment variable, a command-line
    option or a settings object, deployment files (Dockerfile ``CMD``, compose, pyproject scripts) and
    documented run lines that choose HTTP — so the rule's findings are made to agree with it here.

    * ``transport.http`` false: bandit's B104 on the host given to an MCP server object goes to the
      audit view (that server never listens: :func:`_no_http_server`); the same when HTTP is
      served but no server object's own ``run()`` serves it on the constructor's host (``servers``,
      the cst engine's serving records: :func:`_host_not_run`);
    * ``http.auth`` true: the rule's findings and bandit's bind-all-interfaces (B104) go - those of the
      package the authentication is in: in a repository of several servers (each folder with its own
      ``pyproject.toml`` or ``setup.py``), one server's token verifier does not protect another's
      transport (:func:`~mcpaudit.analysis.project.package_root`);
    * ``transport.http`` true, ``http.auth`` false and no finding of the rule: one finding at the first
      place the posture saw the HTTP transport in a module an entry point loads (ts/servedapps.py);
      When the transport is chosen at run time and every server object was built for loopback
      (``project``), that finding weighs the DNS-rebinding guard as the rule does (its confidence
      and words: :func:`~mcpaudit.checks.http_transport_no_auth.loopback_posture`);
    * the same, with the rule's findings only at low confidence for a transport or address chosen through
      configuration (``properties["configured"]``) and a deployment file or documented run line that
      chooses HTTP (``transport.http``'s note): those findings at default confidence, naming it;
    * otherwise the findings stay as they are."""
    by_id = {f.id: f for f in facts}
    http, auth = by_id.get("transport.http"), by_id.get("http.auth")
    if http is not None and http.value is False:
        _no_http_server(findings)
    elif servers:
        _host_not_run(findings, servers)
    if http is None or auth is None:
        return findings
    if auth.value is False and auth.note.startswith("authentication is optional"):
        _optional_words(findings, auth.note)
    if auth.value is True:
        covered = packages_of([loc.path for loc in auth.evidence], root) if root is not None else None
        # a web route's dependency guards that route, not an MCP transport of its own (routeauth.py)
        unguarded = {id(f) for f in unguarded_transports(findings, HTTP_NO_AUTH, auth, servers, project)}
        return [f for f in findings if (f.rule_id != HTTP_NO_AUTH and f.rule_id not in BIND_ALL)
                or (covered is not None and package_root(root, f.location.path) not in covered)
                or id(f) in unguarded or _kept_open(f)]
    if http.value is True and auth.value is False and http.note and not any(
            f.rule_id == HTTP_NO_AUTH and f.confidence >= Confidence.MEDIUM for f in findings):
        # the rule saw the transport or the address chosen through configuration and kept it low
        # (opt-in HTTP, a loopback or unknown default); deployment files or documented run lines
        # that choose HTTP are the default the operator is shown: reported at default confidence
        for f in findings:
            if f.rule_id == HTTP_NO_AUTH and f.properties.get("configured"):
                f.confidence = Confidence.MEDIUM
                f.message += f"; deployed or documented over HTTP: {http.note}"
    if http.value is not True or auth.value is not False or any(f.rule_id == HTTP_NO_AUTH for f in findings):
        return findings
    ev = served_first(project, root, sorted(http.evidence, key=lambda loc: (loc.path.endswith(".py") is False, loc.path,
                                                                          loc.line)))  # the app started (ts/servedapps.py)
    if not ev:
        return findings
    loc = ev[0]
    app_only = _web_app_only(by_id, http, getattr(project, "other_apps", ()))
    if app_only and (by_id.get("http.bind_all") is None or by_id["http.bind_all"].value is not True
                     or _inert_apps(http, servers)):
        return findings  # a web app of the project's own, not MCP, bound to loopback (or not known to be open; or serving nothing)
    confidence = Confidence.MEDIUM
    names = sorted({t.name for t in tools if t.kind == "tool"})
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    bound: Optional[Location] = None
    hand = mcp_route(project, _open_app_paths(http, by_id)) if app_only and project is not None else None
    if hand is not None:  # a route answering MCP's tools/call by hand (ts/handmcp.py): the report is there
        loc, msg = Location(hand[0], hand[1]), route_words(hand)
    elif app_only:
        msg = (f"a web server of the project's own listens on every interface ({loc.path}:{loc.line}) and no "
               "authentication is configured anywhere in the project; MCP itself runs over stdio only, but anyone "
               "who reaches the port reaches what that server serves (its routes, or the channel it opens)")
        shown = ""
    else:
        confidence, msg, bound = _served_words(loc, ev, http, auth, by_id, project)
    if shown:
        msg += f"; anyone who reaches it can call: {shown}"
    findings.append(Finding(
        rule_id=HTTP_NO_AUTH, engine="cst", severity=Severity.HIGH, confidence=confidence, message=msg,
        location=Location(loc.path, max(1, loc.line)), cwe=["CWE-306"],
        fix="Configure an auth provider / token verifier, or authentication middleware, for HTTP transports.",
        tags=["security", "auth", "transport"], properties={"decided_by": "posture"},
        flow=[FlowStep(Location(loc.path, max(1, loc.line)), "the web app is built"),
              FlowStep(bound, "it is served on every interface")] if bound is not None else [],
    ))
    return findings


def _served_words(loc: Location, ev, http: PostureFact, auth: PostureFact, by_id: Dict[str, PostureFact], project):
    """Confidence, message and the bind-all serving call (or None) of the posture's finding for MCP
    served over HTTP at ``loc`` with no authentication (:func:`reconcile_http`)."""
    confidence = Confidence.MEDIUM
    bound = None if http.note else _bound_here(loc, by_id)
    how = http.note or listen_words(ev, http.evidence) or (
        f"{loc.path}:{loc.line}: the app built here listens on every interface at {bound.path}:{bound.line}"
        if bound is not None else
        f"{loc.path}:{loc.line}: the transport is chosen at run time or by a deployment file")
    if auth.note.startswith("authentication is optional"):
        msg = f"MCP is served over HTTP ({how}) and {auth.note}: unauthenticated unless configured"
    else:
        msg = f"MCP is served over HTTP ({how}) and no authentication is configured anywhere in the project"
    if not http.note and project is not None:
        from .checks.http_transport_no_auth import loopback_posture

        loop = loopback_posture(project, loc.path, loc.line)
        if loop is not None:
            confidence, binding = loop
            msg += binding
    byok = byok_words(project, loc.path) if project is not None and not loc.path.endswith(".py") else None
    if byok:  # each request brings its own vendor key (ts/byokgateway.py)
        confidence, msg = Confidence.LOW, msg + byok
    return confidence, msg, bound


def _bound_here(loc: Location, by_id: Dict[str, PostureFact]) -> Optional[Location]:
    """The serving call that binds the posture's app to every interface in the app's own Python
    module (``uvicorn.run(app, host="0.0.0.0")`` below ``app = FastAPI()``, issue 12): the
    finding names it and its flow passes there, instead of saying the transport is chosen at
    run time."""
    bind = by_id.get("http.bind_all")
    if bind is None or bind.value is not True or not loc.path.endswith(".py"):
        return None
    here = [b for b in bind.evidence if b.path == loc.path and b.line != loc.line]
    return Location(here[0].path, here[0].line) if here else None


def _optional_words(findings: List[Finding], note: str) -> None:
    """The rule saw no authentication; the posture saw a check that applies only while a key is
    configured (:mod:`mcpaudit.analysis.posture.optauth`): the message says so."""
    for f in findings:
        if f.rule_id == HTTP_NO_AUTH and _NONE_ANYWHERE in f.message:
            f.message = f.message.replace(_NONE_ANYWHERE, f"{note}: unauthenticated unless configured")


_TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")


def _inert_apps(http: PostureFact, servers: Sequence[dict]) -> bool:
    """Every web app of the posture's evidence is in a module whose routes serve nothing but
    themselves (health, session records, an echo: ``inert-app`` records, ts/inertapps.py)."""
    inert = {s.get("path") for s in servers if s.get("kind") == "inert-app"}
    return bool(inert) and all(loc.path in inert for loc in http.evidence)


def _open_app_paths(http, by_id) -> set:
    """The modules of the web app the posture found listening on every interface (where a
    hand-written MCP route is the exposed one: ts/handmcp.py)."""
    bind = by_id.get("http.bind_all")
    where = bind.evidence if bind is not None and bind.value is True and bind.evidence else http.evidence
    return {loc.path for loc in where}


def _web_app_only(by_id: Dict[str, PostureFact], http: PostureFact, other_apps=()) -> bool:
    """HTTP is only a TypeScript/JavaScript web app of the project's own (``express()``,
    ``fastify()``), or a Python one the cst engine found is not the MCP server's (``other_apps``):
    no MCP HTTP transport (SSE, streamable HTTP) anywhere, no deployment file or documented run
    line choosing HTTP, and a stdio transport, so MCP is not what the app serves."""
    def true(fid: str) -> bool:
        f = by_id.get(fid)
        return f is not None and f.value is True
    return (not http.note and true("transport.stdio") and not true("transport.sse")
            and not true("transport.streamable_http") and all(
                loc.path.endswith(_TS_SUFFIXES) or (loc.path, loc.line) in other_apps or (loc.path, None) in other_apps
                for loc in http.evidence))


def _no_http_server(findings: List[Finding]) -> None:
    """Bandit's bind-all-interfaces on the host given to an MCP server object (a ``host=`` of its
    constructor, ``settings.host``) when no entry point serves it over HTTP: the address is
    never bound (every run is stdio). To the audit view with the reason."""
    for f in findings:
        if f.rule_id in BIND_ALL and f.properties.get("bind-context") == SERVER_HOST and f.confidence > Confidence.LOW:
            f.confidence = Confidence.LOW
            f.message += ("; the address is the MCP server object's host, and no HTTP transport is served "
                          "(every entry point runs stdio): never bound (audit view)")


#: serving records (``Project.http_servers``) of a server object's own run(): over HTTP, or with a
#: transport chosen at run time
_OWN_RUNS = ("run", "run-dynamic")


def _host_not_run(findings: List[Finding], servers: Sequence[dict]) -> None:
    """Bandit's bind-all-interfaces on the host given to an MCP server object when HTTP is served
    only by another call (``uvicorn.run(app, host=...)`` of an ASGI app: reported on its own line):
    the constructor's host is bound only by the object's own ``run()`` over HTTP (or its
    ``run_*_async``), and no such run uses it (none, or each passes its own ``host=``). To the
    audit view with the reason."""
    if any(s.get("kind") in _OWN_RUNS and not s.get("host_given") for s in servers):
        return
    others = sorted((s for s in servers if s.get("kind") not in _OWN_RUNS and s.get("transport")),
                    key=lambda s: (s.get("path", ""), s["pos"][0]))
    if not others or any(s.get("kind") == "uvicorn" and not (isinstance(s.get("host"), str) and not s.get("host_default"))
                         for s in others):
        return  # a server bound to an address chosen elsewhere may be given the object's host
    where = f"{others[0].get('detail', 'another call')} at {others[0].get('path', '?')}:{others[0]['pos'][0]}"
    for f in findings:
        if f.rule_id in BIND_ALL and f.properties.get("bind-context") == SERVER_HOST and f.confidence > Confidence.LOW:
            f.confidence = Confidence.LOW
            f.message += (f"; the address is the MCP server object's host, which only its own run() over HTTP "
                          f"binds, and no such run uses it: HTTP is served by {where}, with its own address "
                          "(audit view)")


_MCP_IMPORT = re.compile(
    r"^\s*(?:from\s+(?:mcp|fastmcp|zeromcp)(?:\.[\w.]+)?\s+import|import\s+(?:mcp|fastmcp|zeromcp)\b)"
    r"|[\"']@modelcontextprotocol/sdk[/\"']|[\"']fastmcp[\"']", re.M)
#: MCP's JSON-RPC method for calling a tool, as a string: code that serves MCP by itself (its own
#: or a vendored framework the models do not know)
_MCP_METHOD = re.compile(r"[\"']tools/call[\"']")


def surface_status(files: Iterable[Tuple[str, str]], tools: Sequence[ToolInfo],
                   unfollowed: Sequence[dict] = ()) -> Dict[str, Any]:
    """Whether the MCP surface is complete enough to score: ``{"complete": bool, "reason": str,
    "evidence": "path:line"}`` (and ``"unfollowed"``: every dispatch not followed). It is not when
    shipped code imports an MCP SDK but no tool (or low-level ``call_tool`` handler) was
    discovered, or when a ``call_tool`` handler dispatches to a callee chosen by the tool name that
    the analysis could not resolve to any function (a registry filled at run time, a plugin
    loader): the tools exist, the analysis did not follow how they are reached, so nothing was
    traced from their parameters and a clean result would prove nothing."""
    from .sources import code_kind

    shipped = sorted((u for u in unfollowed if code_kind(u["path"]) is None), key=lambda u: (u["path"], u["line"]))
    more = {"unfollowed": [dict(u) for u in shipped]} if shipped else {}
    if not any(t.kind in ("tool", "call_tool") for t in tools):
        files = sorted(files)
        for path, text in files:
            if code_kind(path) is not None:
                continue
            m = _MCP_IMPORT.search(text)
            if m:
                line = text.count("\n", 0, m.start()) + 1
                return {"complete": False, "evidence": f"{path}:{line}",
                        "reason": "the project imports an MCP SDK but no tool was discovered", **more}
        for path, text in files:
            m = _MCP_METHOD.search(text) if code_kind(path) is None else None
            if m:
                line = text.count("\n", 0, m.start()) + 1
                return {"complete": False, "evidence": f"{path}:{line}",
                        "reason": "the project handles MCP's tools/call itself (no MCP SDK the analysis knows) "
                                  "but no tool was discovered", **more}
    if shipped:
        first = shipped[0]
        what = "a call_tool dispatch" if first.get("kind") == "dispatch" else "a tool registration"
        return {"complete": False, "evidence": f"{first['path']}:{first['line']}",
                "reason": f"{what} the analysis could not follow ({first['callee']})", **more}
    return {"complete": True, "reason": "", "evidence": ""}


__all__ = ["reconcile_http", "CAPABILITY_TAG", "EXPOSURE_WORDS", "Exposure", "capability_phrase", "capability_severity", "exposure_of", "split_capabilities",
           "surface_status"]
