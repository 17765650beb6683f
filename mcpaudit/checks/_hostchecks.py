"""DNS-rebinding protection of the servers http-transport-no-auth reports: whether the Host and Origin
headers are checked for a server (settings of its framework, middleware of the project, the versions the
project declares of a framework that checks nothing by default), and Origin checks that admit ``null``.
A helper module of :mod:`mcpaudit.checks.http_transport_no_auth` (its leading underscore keeps it out
of the rule discovery)."""

import os
from pathlib import Path
from typing import List, Optional, Tuple

from ..analysis.depversion import Declared, at_least, declared_version, parse_version, predating
from ..catalog import catalog
from ..analysis.project import package_root
from ..analysis.ts.barerebind import guards_headers
from ..analysis.ts.transportsteps import where


def _null_origins(project) -> List[dict]:
    """The Origin checks that admit ``null`` where a page so admitted can call tools: not when
    the module's transport is stateful and no CORS of the project exposes its session header
    (ts/nullorigin.py; another module's middleware may expose it: rev51t)."""
    from ..analysis.ts.nullorigin import exposed_anywhere

    null = [s for s in project.http_servers if s.get("kind") == "origin-null"]
    if any(s.get("session_hidden") for s in null) and exposed_anywhere(project):
        return null
    return [s for s in null if not s.get("session_hidden")]


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
    admits_null = next((s for s in _nearest(project, path, _null_origins(project))), None)
    if admits_null is not None:
        return None, (f"the Origin check at {admits_null['path']}:{admits_null['pos'][0]} admits Origin 'null', "
                      "which a sandboxed iframe on any web page sends")
    any_origin = next(iter(_nearest(project, path, [s for s in project.http_servers if s.get("kind") == "cors-any"])), None)
    if any_origin is not None:  # the listener a route handler's transport is mounted on (ts/mountedlisten.py)
        return None, (f"{any_origin['detail']} at {any_origin['path']}:{any_origin['pos'][0]} allows every origin, "
                      "so any web page's script calls it directly")
    bare = _nearest(project, path, [s for s in project.http_servers if s.get("kind") == "rebinding-bare"])
    if any(s.get("kind") == "rebinding" and not s.get("path", "").endswith(".py") for s in project.http_servers) \
            or guards_headers(project):
        bare = [b for b in bare if b.get("path", "").endswith(".py")]  # a TS Origin/Host guard covers its app
    if bare:
        return None, (f"nothing checks Host or Origin: the mcp SDK's {bare[0]['detail']} at {bare[0]['path']}:"
                      f"{bare[0]['pos'][0]} leaves DNS-rebinding protection off (the SDK's transports check "
                      "neither header unless given settings)")
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


def _loopback_checks(project, path: str, binds: List[dict]) -> Tuple[Optional[str], Optional[str]]:
    """:func:`_host_checks` for a server bound to loopback; when they show neither, a lower bound
    of the SDK's package alone (no lock, no pin, no upper bound) below the version whose FastMCP
    checks Host and Origin for a loopback host: an install resolves the newest release the bound
    allows, which has that guard (the words name the declared bound and the guard's version)."""
    protection, unchecked = _host_checks(project, path, binds)
    if protection or unchecked:
        return protection, unchecked
    auto = catalog().python.surface.rebinding["auto"]
    if not any(b.get("framework") == auto["framework"] and not b.get("security") for b in binds):
        return None, None
    site = (_nearest(project, path, binds) or [{"path": path}])[0]
    found = declared_version(Path(project.root, site["path"]), auto["package"], stop=Path(project.root))
    if found is None or found.how != "bounded" or found.below is not None:
        return None, None
    return (f"{_declared_words(found, auto['package'], project.root)} with nothing locking it: an install resolves "
            f"the newest release, whose FastMCP built for a loopback host checks Host and Origin (from "
            f"{auto['package']} {auto['since']} on; the older releases the bound allows do not)"), None


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
