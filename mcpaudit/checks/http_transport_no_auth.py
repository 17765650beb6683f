import os
import re
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from ..analysis.deployenv import deployed_value, deployment_files
from ..analysis.depversion import predating
from ..catalog import catalog

from ..analysis.handlerapis import handler_api_sites, site_words
from ..analysis.loopback import LOOPBACK as _LOOPBACK
from ..analysis.sideapps import side_app_sites, side_words
from ..analysis.publicdeploy import public_deploy_sites, public_deploy_words
from ..analysis.streamservers import stream_server_sites, stream_words
from ..analysis.project import NOT_SERVING, package_root, packages_of
from ..analysis.ts.appauth import other_app_auth, other_app_words
from ..analysis.ts.barrentools import barren_words
from ..analysis.ts.byokgateway import byok_words
from ..analysis.ts.transportsteps import where
from ..analysis.ts.unmounted import unmounted_factory
from ..analysis.ts.routeguard import mounted_auth, open_route
from ..models import Confidence, Finding, FlowStep, Location, Severity
from ..rule import Invalid, Rule, Valid
from ..sources import is_fixture_path
from ._settingsenv import settings_deployed
from ._hostchecks import _declared_words, _host_checks, _loopback_checks, _nearest, _null_origins


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
    ``run_http()``) are two servers, each reported. A deploy command the project runs that
    publishes an HTTP endpoint with the platform's authentication off (``gcloud functions deploy
    ... --allow-unauthenticated``, an argv list or a command string) is reported at the flag: the
    executor its tools post to answers anyone on the internet who learns the URL.

    The transport, the address and the authentication are often chosen through configuration.
    A ``run(transport=<setting>)`` serves HTTP by default when the setting's default (a
    click/typer/argparse option, an environment variable, a settings field) is an HTTP transport,
    and serves it only when configured to (opt-in) when its default is stdio but the call passes
    ``host=``/``port=``; fastmcp's ``run_http_async``/``run_sse_async`` serve the transport they
    name. The address is followed through a parameter (its default where a caller in its module
    passes none, or what the callers pass), ``value or settings.host``, an environment variable's
    default and a settings attribute whose default the project declares (a pydantic field with its
    ``env_prefix``, a property returning ``os.getenv``, a keyword ``host=os.environ.get(...)``);
    a Dockerfile or compose file that sets that variable decides the address it is deployed on.
    ``auth=`` given to a server constructor is optional when it is ``x if cond else None``, when
    the constructor sits in an ``if`` on a local or parameter (``if verifier:``), or when the
    function making it returns None (``make_auth(<unset setting>)``), or when it is a name set to
    None and afterwards only under a condition (``verifier = None``; ``if provider:
    verifier = load(provider)``); a bearer-token setting
    that nothing reads is named. Opt-in HTTP on a loopback or unknown default address is
    reported at low confidence (unless nothing checks Host/Origin), and raised to the default
    when a deployment file or a documented run line chooses HTTP (the message names it). A
    ``run(transport=<setting>)`` with no address whose setting defaults to stdio (often in a
    ``main()`` that imports the server object) is left to the transport posture, except when the
    server objects were built for loopback (``host=os.environ.get("HOST", "127.0.0.1")``, the
    framework's default) and Host/Origin are checked: then it is reported at low confidence.

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
    version), and with no evidence either way a loopback server stays at low confidence (a lower
    bound below the guard's version is named, with the version). A server whose transport only
    the transport posture sees chosen at run time (``run(sys.argv[1])``), every server object
    built for loopback, is weighed the same way.

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
        yield from self._handler_apis(project)
        yield from self._public_deploys(project)
        serving = _not_fixtures([s for s in project.http_servers if s.get("kind") not in NOT_SERVING])
        auth = project.transport_auth()
        required = [a for a in auth if not a.get("optional")]
        # authentication guards the servers of its own package (a repository may hold several)
        covered = packages_of([a.get("path", "") for a in required], project.root) if required else set()
        if not serving:
            return
        whole = covered is None  # auth outside Python code guards every package, except an open route's
        by_file: Dict[str, List[dict]] = {}
        binds: Dict[str, List[dict]] = {}
        for b in project.http_servers:
            if b.get("kind") == "bind":
                binds.setdefault(b["path"], []).append(b)
        for path, bs in binds.items():  # (a settings.host assignment replaces the framework's default)
            binds[path] = bs if any(not b.get("framework") for b in bs) else [_older_default(project, b) for b in bs]
        for site in serving:
            if site.get("kind") != "run-dynamic":  # transport chosen at run time: the posture facts record it
                by_file.setdefault(site["path"], []).append(site)
        if not whole:
            yield from self._run_time_loopback(project, serving, binds, auth, required, covered)
        for path, sites, alone in [(p, g, len(gs) == 1) for p, s in sorted(by_file.items()) for gs in (_servers(s),) for g in gs]:
            # one exposure per server: the app-building calls and the call that serves them are
            # one server; report it at the serving call, naming the others
            sites.sort(key=lambda s: (s.get("kind") not in ("run", "uvicorn"), s["pos"][0]))
            package = package_root(project.root, path)
            route = _open_route(project, sites, package) if auth else None  # per-route auth (routeguard.py)
            if route is not None:
                sites.sort(key=lambda s: open_route(s) != route)
            site = sites[0]
            other = other_app_auth(project, path, sites, required) if required and route is None else None
            if (whole or package in covered) and route is None and other is None:
                continue  # (other: the auth guards another app than this server's, ts/appauth.py)
            # auth middleware guards the app of its own function; a constructor's auth= the server object
            optional = [a for a in auth if a.get("optional") and package_root(project.root, a.get("path", "")) == package
                        and (alone or a.get("path") != path or a.get("scope") == site.get("scope")
                             or str(a.get("kind", "")).startswith("ctor-"))]
            every = [b for bs in binds.values() for b in bs]
            host, default = _binding(sites, binds.get(path) or every)
            # TS: a loopback default an environment variable the deployment files set overrides
            chart = _deployed(project, sites) if default and host in _LOOPBACK else None
            if chart is not None:
                host = chart[0]
            line, col, end_line, end_col = site["route_pos"] if route else site["pos"]  # where its guard belongs
            msg = f"{site['detail']} serves MCP over HTTP and " + (
                _route_words(route, auth, site) if route else other_app_words(other) if other
                else _auth_words(optional, required, auth, path))
            if not auth:
                msg += _unread_words(project)
            others = sorted({s["pos"][0] for s in sites[1:]} - {line})
            if others:
                msg += f" (the same server is also built or served at line{'s' if len(others) > 1 else ''} " + ", ".join(map(str, others)) + ")"
            # Python: the variable the address is read from (the serving call's, or the server object's)
            deployed = _deployed_env(project.root, sites, binds.get(path) or every) or settings_deployed(
                project, sites, binds.get(path) or every, lambda: _deployment_files(project.root), _SETS,
                (*_ALL_INTERFACES, *_LOOPBACK))  # FASTMCP_HOST of the framework's settings (_settingsenv.py)
            if deployed is not None:
                host, default = deployed["value"], False
            opt_in = "" if deployed is not None and deployed.get("serves") else _opt_in(sites)
            checks = _loopback_checks if host in _LOOPBACK else _host_checks
            confidence, binding = _scale(host, default, *checks(project, path, every), opt_in=bool(opt_in))
            library = unmounted_factory(project, sites)  # an exported TS factory nothing mounts
            if library:
                confidence, binding = Confidence.LOW, binding + library
            barren = ((barren_words(project) if confidence > Confidence.LOW else None) or byok_words(project, path)) \
                if not path.endswith(".py") else None  # (ts/byokgateway.py: a bring-your-own-key gateway)
            if barren:  # tools that reach nothing worth protecting (ts/barrentools.py)
                confidence, binding = Confidence.LOW, binding + barren
            if deployed is None and chart is not None:
                binding = binding.replace(" by default", f" by the project's deployment ({chart[1]})", 1)
            if deployed is None:
                binding = _with_older(binding, binds.get(path) or every, host, default)
            msg += binding + (deployed["words"] if deployed is not None else _chosen_words(sites, host)) + opt_in
            shown = _tool_names(project, package)
            if shown:
                msg += f"; anyone who reaches it can call: {shown}"
            src = project.files.get(path)
            yield Finding(
                rule_id=self.ID, engine="cst", severity=self.SEVERITY, confidence=confidence,
                message=msg, location=Location(path, line, col, end_line, end_col),
                cwe=list(self.CWE), fix=self.FIX, tags=["security", *self.TAGS],
                snippet=src.line(line).strip() if src else None,
                flow=_evidence(project, path, optional, sites) if optional and not route else _site_steps(path, sites),
                # a transport or address chosen through configuration: deployment files and
                # documented run lines that choose HTTP may raise it (inventory.reconcile_http)
                properties={"open_route": route} if route else {"other_app": True} if other else {"configured": True} if confidence < Confidence.MEDIUM and not barren and (
                    opt_in or _configured(sites, binds.get(path) or every, host)) else {},
            )

    def _handler_apis(self, project) -> Iterable[Finding]:
        """The project's own ``http.server`` API its MCP tools call (handlerapis.py), the web
        apps it serves beside its MCP server (sideapps.py), and a raw stream listener whose handler
        calls the tools (streamservers.py)."""
        for site in [*handler_api_sites(project), *side_app_sites(project), *stream_server_sites(project)]:
            default, msg = stream_words(site) if "stream" in site else site_words(site) if "handler" in site \
                else side_words(site)
            call, path = site["call"], site["path"]
            src = project.files.get(path)
            yield Finding(rule_id=self.ID, engine="cst", severity=self.SEVERITY,
                          confidence=Confidence.MEDIUM if default else Confidence.LOW, message=msg,
                          location=Location(path, call.lineno, call.col_offset + 1, call.end_lineno,
                                            (call.end_col_offset or 0) + 1),
                          cwe=list(self.CWE), fix=self.FIX, tags=["security", *self.TAGS],
                          snippet=src.line(call.lineno).strip() if src else None)

    def _public_deploys(self, project) -> Iterable[Finding]:
        """Deploy commands that publish an endpoint with no authentication (publicdeploy.py)."""
        for site in public_deploy_sites(project):
            node, path = site["node"], site["path"]
            src = project.files.get(path)
            yield Finding(rule_id=self.ID, engine="cst", severity=self.SEVERITY, confidence=Confidence.MEDIUM,
                          message=public_deploy_words(site),
                          location=Location(path, node.lineno, node.col_offset + 1, node.end_lineno,
                                            (node.end_col_offset or 0) + 1),
                          cwe=list(self.CWE), fix=self.FIX, tags=["security", *self.TAGS],
                          snippet=src.line(node.lineno).strip() if src else None)

    def _run_time_loopback(self, project, serving, binds, auth, required, covered) -> Iterable[Finding]:
        """``server.run(transport=<setting>)`` whose setting defaults to stdio (the posture facts
        decide it), when the server objects were built for loopback (an environment variable's
        default, the framework's) and the project's mcp SDK checks Host and Origin for them: HTTP
        only when configured, reachable from this machine only, reported at low confidence. When
        they were built for all interfaces (``host="0.0.0.0"``, or the SDK's FastMCP default before
        mcp 1.9.1 in a project that locks or pins such a version), HTTP once configured is open to
        the network: reported at default confidence, as opt-in HTTP on all interfaces always is."""
        every = [b for bs in binds.values() for b in bs]
        for site in (s for s in serving if s.get("kind") == "run-dynamic"):
            path = site["path"]
            if package_root(project.root, path) in covered or \
                    (site.get("transport_choice") or {}).get("text") in _HTTP_NAMES:
                continue
            run = {**site, "kind": "run", "host": None, "host_given": False, "opt_in": True}
            host, default = _binding([run], every)
            deployed = _deployed_env(project.root, [run, *every])
            protection, _ = _loopback_checks(project, path, every) if host in _LOOPBACK else (None, None)
            if deployed is not None or host not in _ALL_INTERFACES and (host not in _LOOPBACK or not protection):
                continue  # another address, no protection shown: the posture decides (loopback_posture)
            if host in _ALL_INTERFACES and any(s["path"] == path and s.get("kind") != "run-dynamic" for s in serving):
                continue  # the file's HTTP serving call is this server's finding (run() is its other branch)
            confidence, binding = _scale(host, default, protection, opt_in=True)
            binding = _with_older(binding, every, host, default)
            msg = (f"{site['detail'].replace('<not a constant>', '<chosen at run time>')} serves MCP over HTTP "
                   f"when configured to, and {_auth_words([], required, auth)}{binding}{_chosen_words(every, host)}"
                   f"; HTTP only when configured: the transport is chosen at run time")
            shown = _tool_names(project, package_root(project.root, path))
            if shown:
                msg += f"; anyone who reaches it can call: {shown}"
            line, col, end_line, end_col = site["pos"]
            src = project.files.get(path)
            yield Finding(rule_id=self.ID, engine="cst", severity=self.SEVERITY, confidence=confidence, message=msg,
                          location=Location(path, line, col, end_line, end_col), cwe=list(self.CWE), fix=self.FIX,
                          tags=["security", *self.TAGS], snippet=src.line(line).strip() if src else None,
                          properties={"configured": True})


def _not_fixtures(sites: List[dict]) -> List[dict]:
    """The serving sites outside test-fixture folders (``src/fixtures/``, ``__fixtures__``: small
    servers the project's tests start), when there are any: the library's own listeners are
    what its users run."""
    own = [s for s in sites if not is_fixture_path(s.get("path", ""))]
    return own or sites


_ALL_INTERFACES = ("0.0.0.0", "::", "")


def _open_route(project, sites: List[dict], package) -> Optional[str]:
    """The route of a site of this server that no middleware, handler guard or app-wide
    authentication of its package guards, while another route of the same server is guarded (the
    project authenticates per route, and missed this one)."""
    routes = [r for r in map(open_route, sites) if r]
    if not routes or not any(s.get("route_guarded") for s in sites):
        return None
    texts = [f.text for p, f in project.files.items() if package_root(project.root, p) == package
             and not p.endswith(".py")]
    return None if mounted_auth(texts) else routes[0]


def _route_words(route: str, auth: List[dict], site: dict) -> str:
    """What an open route's finding says: the route, where the transport is built, and the
    project's authentication that guards other routes (its middleware, else none named)."""
    a = next((a for a in auth if a.get("unset_passes")), None) or next((a for a in auth if a.get("path") == site.get("path")), None)
    named = f" ({' '.join(a['detail'].split())} at {a['path']}:{a['pos'][0]})" if a else ""
    return (f"its route {route} has no authentication (no middleware on it, no guard in its handler, none mounted "
            f"app-wide; the transport is built at line {site['pos'][0]}): the project's authentication{named} guards "
            f"other routes only")


def _auth_words(optional: List[dict], required: List[dict], auth: List[dict], near: Optional[str] = None) -> str:
    if optional:
        return _optional_words(optional, near)
    if required:
        a = required[0]
        return (f"no authentication is configured for it (what there is guards another package's server: "
                f"{a['detail']} at {a['path']}:{a['pos'][0]})")
    if auth:
        a = auth[0]
        return f"no authentication is configured for it ({a['detail']} at {a['path']}:{a['pos'][0]} wraps another server)"
    return "no authentication is configured anywhere in the project"


def _evidence(project, path: str, optional: List[dict], sites: List[dict]) -> List[FlowStep]:
    """Where optional authentication shows: the check that lets every request through while no
    credential is configured, an Origin check that admits ``null``, then the serving call (and the
    other calls of the same server, served the same way)."""
    site = sites[0]
    steps = [FlowStep(Location(a["path"], a["pos"][0], 1), "lets every request through while no credential is configured")
             for a in project.auth_evidence if a.get("unset_passes")][:1]
    steps += [FlowStep(Location(s["path"], s["pos"][0], 1), "admits Origin 'null' (a sandboxed iframe on any web page)")
              for s in _nearest(project, path, _null_origins(project))][:1]
    steps += [FlowStep(Location(s["path"], s["pos"][0], 1), "allows every origin (CORS): any web page's script")
              for s in _nearest(project, path, [s for s in project.http_servers if s.get("kind") == "cors-any"])][:1]
    steps += [FlowStep(Location(p, line, 1), f"the app it is mounted on listens on {host}")
              for p, line, host in site.get("listens", ())]
    steps += _own_steps(sites, {(p, line) for p, line, _ in site.get("listens", ())})
    if steps:
        steps.append(FlowStep(Location(path, site["pos"][0], site["pos"][1]), f"{site['detail']} serves MCP over HTTP"))
        steps += [FlowStep(Location(path, s["pos"][0], s["pos"][1]), f"{s['detail']} also serves it")
                  for s in sites[1:] if s["pos"][0] != site["pos"][0]][:3]
    return steps


def _own_steps(sites: List[dict], seen: set) -> List[FlowStep]:
    """TypeScript: the listen calls that serve the transport and the constructions of a project
    transport class (ts/transportsteps.py), once each (but the places ``seen`` already shows)."""
    steps = []
    for s in sites:
        for p, line, text in s.get("steps", ()):
            if (p, line) not in seen:
                seen.add((p, line))
                steps.append(FlowStep(Location(p, line, 1), text))
    return steps


def _site_steps(path: str, sites: List[dict]) -> List[FlowStep]:
    """A finding with no optional authentication: where its transport listens and is built, then
    the serving site itself; [] when there is nothing to name."""
    site = sites[0]
    steps = [FlowStep(Location(p, line, 1), f"the app it is mounted on listens on {where(host, '')}")
             for p, line, host in site.get("listens", ())]
    steps += _own_steps(sites, {(p, line) for p, line, _ in site.get("listens", ())})
    if steps:
        steps.append(FlowStep(Location(path, site["pos"][0], site["pos"][1]), f"{site['detail']} serves MCP over HTTP"))
    return steps


def _tool_names(project, package: str) -> str:
    """The tools anyone reaching a server of ``package`` can call: the package's own (all of the
    project's when none is in it)."""
    tools = [t for t in project.tools if not is_fixture_path(t.location.path)] or project.tools
    every = sorted({t.name for t in tools if t.kind == "tool"})
    names = sorted({t.name for t in tools if t.kind == "tool"
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


def _optional_words(optional: List[dict], near: Optional[str] = None) -> str:
    """Authentication that only configuration turns on: the server starts without it. Named by
    the check that lets requests through while unset, else by the evidence in the serving file
    (``near``): a conditional client elsewhere (a login command's OAuth client) is not what
    guards this server."""
    optional = sorted(optional, key=lambda a: (not a.get("unset_passes"), near is not None and a.get("path") != near,
                                               not str(a.get("kind", "")).startswith("ctor-"),
                                               _use_rank(a)))
    a = optional[0]
    more = f" (and {len(optional) - 1} more place{'s' if len(optional) > 2 else ''} alike)" if len(optional) > 1 else ""
    if "only when the request sends one" in str(a.get("detail", "")):  # ts/headerauth.py
        return (f"authentication is optional: {a['detail'].split(' (the credential')[0]} at {a['path']}:{a['pos'][0]} checks the "
                "credential only when the request sends one, so a request with no Authorization header is let through")
    if a.get("mode_gate"):  # a middleware whose check a mode setting turns off by default (modegate.py)
        return f"authentication is optional, off by default: {a['detail']} at {a['path']}:{a['pos'][0]} is added, but {a['mode_gate']}{more}"
    if a.get("optional_why"):
        return (f"authentication is optional, off unless configured: {a['detail']} at {a['path']}:{a['pos'][0]} "
                f"is None when {a['optional_why']}{more}")
    return (f"authentication is optional, off unless configured: {a['detail']} at {a['path']}:{a['pos'][0]} "
            f"is added conditionally (if {a['optional']}){more}")


def _use_rank(a: dict) -> int:
    """Which of a name's records says most (ts/authnames.py): a call of it, then another use of it
    (a key, a header read), then the import that brings it in (rev52t)."""
    return 0 if a.get("call") else 2 if a.get("import") else 1


def _unread_words(project) -> str:
    """A setting meant to authenticate callers that nothing reads (``auth_token`` declared in a
    settings class): the project looks protected when configured, and is not."""
    cached = project.__dict__.get("_unread_auth", False)
    if cached is False:
        from ..analysis import configured  # libcst: not loaded by `mcpaudit rules` (test_startup)

        cached = project.__dict__["_unread_auth"] = configured.unused_auth_setting(
            {p: f.text for p, f in project.files.items()})
    if not cached:
        return ""
    return f" (the {cached['name']} setting at {cached['path']}:{cached['line']} is declared, but nothing reads it)"


def _opt_in(sites: List[dict]) -> str:
    """Words when every call that serves the server runs HTTP only if configuration selects it
    (``run(transport=<setting>, host=..., port=...)`` whose setting defaults to stdio); empty
    when some call serves HTTP by default."""
    serving = [s for s in sites if s.get("kind") in _SERVES]
    if not serving or not all(s.get("opt_in") for s in serving):
        return ""
    choice = serving[0].get("transport_choice") or {}
    if choice.get("text") in _HTTP_NAMES:
        return ""
    env = f" ({choice['env']})" if choice.get("env") else ""
    said = f": {choice['how']} is {choice['text']!r}" if choice.get("text") and choice.get("how") else ""
    return f"; HTTP only when configured: the transport is a setting{env}{said}"


_HTTP_NAMES = ("sse", "streamable-http", "streamable_http", "http")


def _chosen_words(sites: List[dict], host: Optional[str]) -> str:
    """Where the bind address and the transport come from when configuration chooses them."""
    words = []
    # (an address chosen at run time says how when it knows: an entry point's **config item)
    h = next((s.get("host_choice") for s in sites if (s.get("host_choice") or {}).get("text") == host
              and (host or (s.get("host_choice") or {}).get("how"))), None)
    if h and h.get("how"):
        words.append(f"the address is {h['how']}")
    t = next((s.get("transport_choice") for s in sites if s.get("kind") in _SERVES and not s.get("opt_in")
              and (s.get("transport_choice") or {}).get("text") in _HTTP_NAMES), None)
    if t and t.get("how"):
        words.append(f"HTTP by default: {t['text']!r} is {t['how']}")
    return "; " + "; ".join(words) if words else ""


def _configured(sites: List[dict], binds: List[dict], host: Optional[str]) -> bool:
    """The transport or the address comes from configuration: a transport setting, an address
    chosen at run time, or one that is the default of an option, a parameter, a setting or an
    environment variable (``settings.host = args.host``), not a literal or the framework's own."""
    if host is None or any(s.get("transport_choice") or s.get("host_choice") for s in sites):
        return True
    if any(s.get("host") == host and s.get("host_default") and s.get("kind") in _SERVES for s in sites):
        return True
    # settings.host = args.host: set after the server object was built, from an option's default
    return any(b.get("kind") == "bind" and b.get("host_default") and not b.get("framework") for b in binds)


def _older_default(project, b: dict) -> dict:
    """A server object built on its framework's default address, in a project whose nearest
    declarations of the framework's package allow only versions from before that default became
    loopback (``bind: defaults-before``): the older default, and the words saying why."""
    bind = catalog().python.surface.bind
    old = bind.get("defaults-before", {}).get(b.get("framework"))
    if not old or not b.get("host_default") or b.get("host") != bind.get("defaults", {}).get(b.get("framework")):
        return b
    found = predating(Path(project.root, b["path"]), old["package"], old["version"], stop=Path(project.root))
    if not found:
        return b
    words = (f"; {_declared_words(found, old['package'], project.root)}, and {old['name']} binds to {old['host']} "
             f"by default before {old['package']} {old['version']}")
    return dict(b, host=old["host"], default_words=words)


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


def _with_older(binding: str, binds, host: Optional[str], default: bool) -> str:
    """``binding`` with why the address is the default one, when a bind record of ``host`` says
    (the SDK's FastMCP before mcp 1.9.1 bound 0.0.0.0 by default)."""
    older = next((b["default_words"] for b in binds if b.get("default_words") and b["host"] == host), "")
    return binding.replace(" by default", " by default" + older, 1) if default and older else binding


def loopback_posture(project, path: str, line: int) -> Optional[Tuple[Confidence, str]]:
    """MCP served over HTTP by a transport chosen at run time that no serving call of the rule's
    shows (the transport posture decides it, :func:`mcpaudit.inventory.reconcile_http`, at
    ``path:line``): when every server object of the project was built for loopback and that call
    gives no address of its own, the confidence and words the rule gives a
    loopback server opted into HTTP (:func:`_scale`): default confidence only when the project's
    versions of its framework show that nothing checks Host and Origin. None otherwise."""
    binds = [_older_default(project, b) if b.get("framework") else b
             for b in project.http_servers if b.get("kind") == "bind"]
    # TypeScript: the transports themselves carry the address their server listens on
    served = [] if binds else [s for s in project.http_servers if s.get("kind") not in NOT_SERVING and "host" in s
                               and not str(s.get("path", "")).endswith(".py")]
    hosts = {b.get("host") for b in binds or served}
    if not (binds or served) or not hosts <= set(_LOOPBACK) or _deployed(project, binds or served) is not None \
            or _given_host(project, path, line):
        return None
    checks = _loopback_checks(project, path, binds or served)
    if served and not checks[0]:
        return None  # a listener's loopback address alone: the posture's default stands
    host = sorted(hosts)[0]
    return _scale(host, all(b.get("host_default") for b in binds or served), *checks, opt_in=True)


def _given_host(project, path: str, line: int) -> bool:
    """The call at ``path:line`` passes an address (the models' host keyword), or its text is not
    known: the address the server objects were built for may not be the one served."""
    src = project.files.get(path)
    if src is None:
        return True
    text = "\n".join(src.line(n) for n in range(line, line + 8))
    depth, end = 0, len(text)
    for i, ch in enumerate(text):  # the call's own brackets
        depth += (ch == "(") - (ch == ")")
        if ch == ")" and depth <= 0:
            end = i
            break
    keyword = catalog().python.surface.bind.get("host-keyword", "host")
    return re.search(rf"\b{re.escape(keyword)}\s*=(?!=)", text[:end]) is not None


def _scale(host: Optional[str], default: bool, protection: Optional[str],
           unchecked: Optional[str] = None, opt_in: bool = False) -> Tuple[Confidence, str]:
    """Confidence and words by binding: all interfaces (default confidence even with Host
    checks, which a client on the network bypasses by sending any Host), loopback (low: only
    this machine, and web pages through DNS rebinding unless Host/Origin are checked; default
    confidence when the project shows that nothing checks them, saying how), and unknown (low
    only when Host/Origin checks keep web pages out). A server that serves HTTP only when its
    operator configures it to (``opt_in``) is reported at default confidence only when it then
    binds to all interfaces or another named address by default, or to loopback with nothing
    checking Host/Origin."""
    if opt_in and (host is None or host in _LOOPBACK):
        # reachable from web pages through DNS rebinding once on (nothing checks Host/Origin): as
        # a server that always serves HTTP; otherwise this machine only, and only when configured
        confidence, words = _scale(host, default, protection, unchecked)
        return (confidence if host in _LOOPBACK and unchecked else Confidence.LOW), words
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


_DEPLOY_NAMES = re.compile(r"^(?:Dockerfile[\w.-]*|[\w.-]*\.dockerfile|(?:docker-)?compose[\w.-]*\.ya?ml)$", re.I)


def _deployment_files(root) -> Dict[str, str]:
    """Dockerfiles and compose files of the project (three folders deep at most)."""
    return {rel: text for rel, text in deployment_files(root, max_depth=3).items()
            if _DEPLOY_NAMES.match(rel.rsplit("/", 1)[-1])}


#: an assignment in a Dockerfile ENV, a shell line or a compose environment: ``X=v``, ``X: v``,
#: ``"X": "v"`` (not a shell test, ``[ "$X" = "http" ]``)
_SETS = r"(?:=|[\"']?\s*:\s*)[\"']?"


def _deployed_env(root, sites: List[dict], binds: List[dict] = ()) -> Optional[dict]:
    """The bind address a Dockerfile or compose file sets through the environment variable the
    code reads it from (``ENV X_BIND_HOST=0.0.0.0`` for ``os.environ.get("X_BIND_HOST", ...)``),
    and whether it also selects an HTTP transport through the transport's variable: the address
    the image serves on, with the file and line that set it. The variable is the serving call's,
    else, when ``run()`` serves on the address its server object was built for (``binds``,
    :func:`_binding`), the one that address is read from (``FastMCP(host=os.getenv("HOST",
    "127.0.0.1"))``, ``mcp.settings.host = host`` of a click option with ``envvar="MCP_HOST"``)."""
    envs = [(s.get("host_choice") or {}).get("env") for s in sites if s.get("kind") in _SERVES]
    if not any(envs) and not any(s.get("host") is not None or s.get("host_given") for s in sites) \
            and any(s.get("kind") == "run" for s in sites):
        envs = [(b.get("host_choice") or {}).get("env") for b in binds]
    envs = [e for e in envs if e]
    if not envs:
        return None
    files = _deployment_files(root)
    for path, text in sorted(files.items()):
        for env in envs:
            m = re.search(rf"\b{re.escape(env)}{_SETS}([0-9a-fA-F.:\[\]]+|localhost)[\"']?", text)
            if not m or m.group(1).strip("[]") not in (*_ALL_INTERFACES, *_LOOPBACK) and not m.group(1)[0].isdigit():
                continue
            line = text.count("\n", 0, m.start()) + 1
            value = m.group(1).strip("[]")
            serves = any(re.search(rf"\b{re.escape(t['env'])}{_SETS}(?:{'|'.join(_HTTP_NAMES)})\b", text)
                         for t in (s.get("transport_choice") or {} for s in sites) if t.get("env"))
            return {"value": value, "serves": serves,
                    "words": f"; {path}:{line} sets {env}={value}, the variable the address is read from"}
    return None
