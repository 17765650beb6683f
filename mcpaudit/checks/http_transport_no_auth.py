import os
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from ..analysis.deployenv import deployed_value
from ..analysis.depversion import Declared, at_least, declared_version, parse_version, predating
from ..catalog import catalog

from ..analysis.project import NOT_SERVING, package_root, packages_of
from ..models import Confidence, Finding, FlowStep, Location, Severity
from ..rule import Invalid, Rule, Valid


class HttpTransportNoAuth(Rule):
    """
    ## What it does
    Finds where the project serves MCP over HTTP: ``run(transport="sse" | "streamable-http" |
    "http")``, ``streamable_http_app()`` / ``sse_app()`` / ``http_app()`` mounted in Starlette or
    FastAPI, ``uvicorn.run``. If the project has no authentication anywhere (an ``auth=`` or
    ``token_verifier=``/``auth_server_provider=`` on the server, an auth provider or token
    verifier class, ``AuthenticationMiddleware`` or another auth middleware), each file that
    serves is reported once, at its serving call. Authentication that only configuration turns
    on (auth middleware added inside ``if api_key:``) does not count: the server starts without
    it, and the message says where it would be added. Authentication guards the servers of its
    own package only (the folder with its ``pyproject.toml``/``setup.py``: a repository may hold
    several servers), and two functions that each build and serve an app (``run_sse()``,
    ``run_http()``) are two servers, each reported.

    The confidence follows the bind address: all interfaces (or an address chosen at run time)
    is reported at medium confidence; loopback at low, unless the project shows that nothing
    checks the Host and Origin headers, and then at medium, saying what showed it. A FastMCP
    server's ``run()`` binds to the address the server object was built for: its constructor's
    ``host=``, a later ``settings.host = ...``, else the framework's default (loopback for the
    ``mcp`` SDK's FastMCP and for fastmcp 2.x). Host and Origin are checked when the project
    configures ``TransportSecuritySettings``, or when its nearest declaration of the ``mcp``
    package (inline script metadata of the server's file, a lock file, a pin or a lower bound,
    up to the repository's top) requires 1.23.0 or later, from which the SDK's ``FastMCP`` built
    for a loopback host checks them by itself; a server on an unknown address so protected is
    reported at low confidence too. Nothing checks them when the settings switch the protection
    off, or when the nearest declaration (a lock, an ``==`` pin, or a range bounded above)
    allows only versions of the server's framework that never check them (the ``mcp`` SDK's
    FastMCP before 1.23.0, fastmcp before 3.4.3): a web page then reaches a loopback server
    through DNS rebinding. A lower bound alone shows neither (an install resolves the newest
    version), and with no evidence either way a loopback server stays at low confidence.

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
            10,
        ),
    ]

    def check(self, project) -> Iterable[Finding]:
        serving = [s for s in project.http_servers if s.get("kind") not in NOT_SERVING]
        auth = project.transport_auth()
        required = [a for a in auth if not a.get("optional")]
        # authentication guards the servers of its own package (a repository may hold several)
        covered = packages_of([a.get("path", "") for a in required], project.root) if required else set()
        if not serving or covered is None:
            return
        by_file: Dict[str, List[dict]] = {}
        binds: Dict[str, List[dict]] = {}
        for b in project.http_servers:
            if b.get("kind") == "bind":
                binds.setdefault(b["path"], []).append(b)
        for site in serving:
            if site.get("kind") != "run-dynamic":  # transport chosen at run time: the posture facts record it
                by_file.setdefault(site["path"], []).append(site)
        for path, sites, alone in [(p, g, len(gs) == 1) for p, s in sorted(by_file.items()) for gs in (_servers(s),) for g in gs]:
            # one exposure per server: the app-building calls and the call that serves them are
            # one server; report it at the serving call, naming the others
            sites.sort(key=lambda s: (s.get("kind") not in ("run", "uvicorn"), s["pos"][0]))
            site = sites[0]
            package = package_root(project.root, path)
            if package in covered:
                continue
            optional = [a for a in auth if a.get("optional") and package_root(project.root, a.get("path", "")) == package
                        and (alone or a.get("path") != path or a.get("scope") == site.get("scope"))]
            every = [b for bs in binds.values() for b in bs]
            host, default = _binding(sites, binds.get(path) or every)
            deployed = _deployed(project, sites) if default and host in _LOOPBACK else None
            if deployed is not None:
                host = deployed[0]
            line, col, end_line, end_col = site["pos"]
            msg = f"{site['detail']} serves MCP over HTTP and " + _auth_words(optional, required, auth)
            others = sorted({s["pos"][0] for s in sites[1:]} - {line})
            if others:
                msg += f" (the same server is also built or served at line{'s' if len(others) > 1 else ''} " + ", ".join(map(str, others)) + ")"
            confidence, binding = _scale(host, default, *_host_checks(project, path, every))
            if deployed is not None:
                binding = binding.replace(" by default", f" by the project's deployment ({deployed[1]})", 1)
            msg += binding
            shown = _tool_names(project, package)
            if shown:
                msg += f"; anyone who reaches it can call: {shown}"
            src = project.files.get(path)
            yield Finding(
                rule_id=self.ID, engine="cst", severity=self.SEVERITY, confidence=confidence,
                message=msg, location=Location(path, line, col, end_line, end_col),
                cwe=list(self.CWE), fix=self.FIX, tags=["security", *self.TAGS],
                snippet=src.line(line).strip() if src else None,
                flow=_evidence(project, path, optional, site) if optional else [],
            )


_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_ALL_INTERFACES = ("0.0.0.0", "::", "")


def _auth_words(optional: List[dict], required: List[dict], auth: List[dict]) -> str:
    if optional:
        return _optional_words(optional)
    if required:
        a = required[0]
        return (f"no authentication is configured for it (what there is guards another package's server: "
                f"{a['detail']} at {a['path']}:{a['pos'][0]})")
    if auth:
        a = auth[0]
        return f"no authentication is configured for it ({a['detail']} at {a['path']}:{a['pos'][0]} wraps another server)"
    return "no authentication is configured anywhere in the project"


def _evidence(project, path: str, optional: List[dict], site: dict) -> List[FlowStep]:
    """Where optional authentication shows: the check that lets every request through while no
    credential is configured, an Origin check that admits ``null``, then the serving call."""
    steps = [FlowStep(Location(a["path"], a["pos"][0], 1), "lets every request through while no credential is configured")
             for a in project.auth_evidence if a.get("unset_passes")][:1]
    steps += [FlowStep(Location(s["path"], s["pos"][0], 1), "admits Origin 'null' (a sandboxed iframe on any web page)")
              for s in _nearest(project, path, [s for s in project.http_servers if s.get("kind") == "origin-null"])][:1]
    if steps:
        steps.append(FlowStep(Location(path, site["pos"][0], site["pos"][1]), f"{site['detail']} serves MCP over HTTP"))
    return steps


def _tool_names(project, package: str) -> str:
    """The tools anyone reaching a server of ``package`` can call: the package's own (all of the
    project's when none is in it)."""
    every = sorted({t.name for t in project.tools if t.kind == "tool"})
    names = sorted({t.name for t in project.tools if t.kind == "tool"
                    and package_root(project.root, t.location.path) == package}) if package else every
    names = names or every
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _servers(sites: List[dict]) -> List[List[dict]]:
    """The servers one file's serving sites make: one, unless calls that serve (``run()``,
    ``uvicorn.run``) sit in different functions (``run_sse()`` and ``run_http()``, each building
    and serving its own app), each of which is then a server of its own with the app-building
    calls of its function (the rest join the first). A closure serves for the function around it
    (its call may be recorded in both: one site)."""
    unique: Dict[tuple, dict] = {}
    for s in sites:
        key = (tuple(s["pos"]), s.get("kind"))
        if key not in unique or len(str(s.get("scope"))) < len(str(unique[key].get("scope"))):
            unique[key] = s
    sites = sorted(unique.values(), key=lambda s: tuple(s["pos"]))
    serving = {str(s.get("scope")) for s in sites if s.get("kind") in _SERVES}

    def outer(scope) -> str:
        return next((o for o in sorted(serving) if str(scope).startswith(f"{o}.")), str(scope))

    scopes = sorted({outer(sc) for sc in serving})
    if len(scopes) < 2:
        return [sites]
    groups: Dict[str, List[dict]] = {scope: [] for scope in scopes}
    for s in sites:
        scope = outer(s.get("scope"))
        groups[scope if scope in groups else scopes[0]].append(s)
    return list(groups.values())


_SERVES = ("run", "uvicorn")


def _optional_words(optional: List[dict]) -> str:
    """Authentication that only configuration turns on: the server starts without it."""
    a = optional[0]
    more = f" (and {len(optional) - 1} more place{'s' if len(optional) > 2 else ''} alike)" if len(optional) > 1 else ""
    return (f"authentication is optional, off unless configured: {a['detail']} at {a['path']}:{a['pos'][0]} "
            f"is added conditionally (if {a['optional']}){more}")


def _binding(sites, binds) -> Tuple[Optional[str], bool]:
    """The address the server binds to: the serving call's, else any other site's in the file,
    else where the server objects were built for (``binds``: constructor host=, settings.host,
    the framework's default) when ``run()`` serves one (a web server call names its own)."""
    for s in sites:
        if s.get("host") is not None:
            return s["host"], bool(s.get("host_default"))
    if not binds or not any(s.get("kind") == "run" for s in sites) or any(s.get("host_given") for s in sites):
        return None, False  # run(host=<chosen at run time>) overrides where the server was built for
    hosts = [b.get("host") for b in binds]
    if None in hosts:
        return None, False  # one server object's address is chosen at run time
    chosen = [b for b in binds if not b.get("host_default")] or binds
    worst = next((b for b in chosen if b["host"] not in _LOOPBACK), chosen[0])
    return worst["host"], bool(worst.get("host_default"))


def _deployed(project, sites) -> Optional[Tuple[str, str]]:
    """(address, how) when the server's loopback default comes from an environment variable the
    project's own deployment files set to every interface (a Helm chart's HOST=0.0.0.0)."""
    var = next((s.get("host_env") for s in sites if s.get("host_env")), None)
    hit = deployed_value(str(project.root), var) if var else None
    if hit is None or hit[0] not in _ALL_INTERFACES:
        return None
    return hit[0], f"{hit[1]} sets {var}={hit[0]}"


def _host_checks(project, path: str, binds: List[dict]) -> Tuple[Optional[str], Optional[str]]:
    """Whether the Host and Origin headers are checked (DNS-rebinding protection) for a server
    of file ``path`` whose server objects were built at ``binds``: (how they are checked, the
    evidence that nothing checks them), either or both None (unknown). Settings the project
    gives (``TransportSecuritySettings``, switched off or not) decide for the whole project;
    else the versions of the framework's package its nearest declarations allow (depversion):
    none before the one from which the mcp SDK's FastMCP built for a loopback host checks them
    by itself, or none from the one before which the framework never does (``unchecked-before``)."""
    reb = catalog().python.surface.rebinding
    off = next((s for s in project.http_servers if s.get("kind") == "rebinding-off"), None)
    if off is not None:
        return None, (f"nothing checks Host or Origin: {reb['settings-class']}({reb['flag']}=False) at "
                      f"{off['path']}:{off['pos'][0]} switches them off")
    admits_null = next((s for s in _nearest(project, path, [s for s in project.http_servers
                                                            if s.get("kind") == "origin-null"])), None)
    if admits_null is not None:
        return None, (f"the Origin check at {admits_null['path']}:{admits_null['pos'][0]} admits Origin 'null', "
                      "which a sandboxed iframe on any web page sends")
    guard = next((s for s in project.http_servers if s.get("kind") == "rebinding"), None)
    if guard is not None:
        # the SDK's settings, or a request handler's own Origin check (ts/originguard.py)
        return guard.get("guard") or "DNS-rebinding protection is configured (TransportSecuritySettings)", None
    auto = reb["auto"]
    autos = [s for s in project.http_servers if s.get("kind") == "rebinding-auto"]
    for site in _nearest(project, path, autos):
        since = parse_version(auto["since"])
        # the declaration nearest to the file that builds the server (a monorepo has several)
        found = declared_version(Path(project.root, site["path"]), auto["package"], stop=Path(project.root))
        if found and since and at_least(found.version, since):
            return (f"the {auto['package']} SDK (>= {found.shown} required) checks Host and Origin headers for a "
                    f"FastMCP built for a loopback host, from {auto['package']} {auto['since']} on"), None
    unchecked = reb.get("unchecked-before", {})
    for b in _nearest(project, path, [b for b in binds if b.get("framework") in unchecked]):
        rule = unchecked[b["framework"]]
        found = None if b.get("security") else predating(Path(project.root, b["path"]), rule["package"],
                                                          rule["version"], stop=Path(project.root))
        if found:
            return None, (f"nothing checks Host or Origin: {_declared_words(found, rule['package'], project.root)}, "
                          f"and {rule['name']} checks neither Host nor Origin before {rule['package']} {rule['version']}")
    return None, None


def _nearest(project, path: str, records: List[dict]) -> List[dict]:
    """The records of file ``path``, else of its package, else all of them."""
    package = package_root(project.root, path)
    return ([r for r in records if r.get("path") == path]
            or [r for r in records if package_root(project.root, r.get("path", "")) == package] or records)


def _declared_words(found: Declared, package: str, root) -> str:
    """Where a project says which versions of ``package`` it runs: 'mcp 1.6.0 is locked in uv.lock'."""
    where = os.path.relpath(found.path, Path(root).resolve()).replace(os.sep, "/")
    if found.script:
        where = f"the inline script metadata of {where}"
    if found.how == "locked":
        return f"{package} {found.shown} is locked in {where}"
    if found.how == "pinned":
        return f"{package}{found.spec} is pinned in {where}"
    return f"{where} requires {package}{found.spec}"


def _scale(host: Optional[str], default: bool, protection: Optional[str],
           unchecked: Optional[str] = None) -> Tuple[Confidence, str]:
    """Confidence and words by binding: all interfaces (default confidence even with Host
    checks, which a client on the network bypasses by sending any Host), loopback (low: only
    this machine, and web pages through DNS rebinding unless Host/Origin are checked; default
    confidence when the project shows that nothing checks them, saying how), and unknown (low
    only when Host/Origin checks keep web pages out)."""
    how = " by default" if default else ""
    if host in _ALL_INTERFACES:
        words = f" (bound to all interfaces{how}"
        return Confidence.MEDIUM, words + (f"; {protection}, which a client on the network passes by sending a "
                                           "loopback Host header)" if protection else ")")
    if host in _LOOPBACK:
        if protection:
            return Confidence.LOW, f" (bound to {host}{how}: reachable from this machine only; {protection})"
        words = f" (bound to {host}{how}: reachable from this machine and, through DNS rebinding, from web pages"
        if unchecked:
            return Confidence.MEDIUM, f"{words}, since {unchecked})"
        return Confidence.LOW, words + ")"
    if host:
        return Confidence.MEDIUM, f" (bound to {host}{how})"
    if protection:
        return Confidence.LOW, f" (bind address chosen at run time; {protection})"
    return Confidence.MEDIUM, ""
