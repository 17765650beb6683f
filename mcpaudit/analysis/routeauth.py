"""Authentication tied to the app it guards (issue 12).

The posture fact ``http.auth`` is decided over the whole project: a FastAPI route's dependency
(``user = Depends(get_current_user)``) anywhere makes it true, and :func:`mcpaudit.inventory.
reconcile_http` then drops the rule http-transport-no-auth's findings of that package. A route's
dependencies run for that route alone. When every piece of evidence is of that kind (the
catalog's ``route-auth`` lines: dependency parameters, the security scheme objects they call,
their import), it guards a web app's routes, not an MCP transport the project serves on its
own: the MCP server's own ``run()`` / ``run_sse_async()``, or an ASGI server whose app the same
function builds with the MCP server's app method (``sse_app()``, ``streamable_http_app()``).
Such a finding of the rule stays, saying what the authentication there is guards; so does one whose
MCP app is mounted into the web app (``app.mount("/mcp", mcp.http_app())``, ``Mount("/mcp", app=...)``):
the routes' checks do not run for the mount, and the flow names the mount's line. Anything else
(a server's ``auth=``, a token verifier, middleware, app- or router-wide ``dependencies=[...]``,
a proxy in a deployment file, a web app serving the tools through its routes) still vouches for
the package, as before.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence

from ..catalog import catalog
from ..models import Finding, FlowStep, Location

_NONE_ANYWHERE = "no authentication is configured anywhere in the project"


def _route_only(evidence, project) -> Optional[str]:
    """``path:line`` of the first piece of ``evidence`` when all of it is route-scoped
    authentication (the catalog's ``route-auth`` lines), else None."""
    pattern = catalog().python.surface.route_auth
    if pattern is None or project is None or not evidence:
        return None
    for loc in evidence:
        src = project.files.get(loc.path) if loc.path.endswith(".py") else None
        if src is None or not pattern.match(src.line(loc.line)):
            return None
    first = evidence[0]
    return f"{first.path}:{first.line}"


def _own_transport(finding: Finding, servers: Sequence[dict]) -> bool:
    """The serving site of ``finding`` is an MCP server's own transport: its ``run()`` (or a
    method naming the transport), or an ASGI server whose app an MCP app method of the same
    function builds."""
    app_kinds = set(catalog().python.surface.app_methods)
    here = [s for s in servers if s.get("path") == finding.location.path and s["pos"][0] == finding.location.line]
    for site in here:
        if site.get("kind") == "run":
            return True
        if site.get("local_app") and any(s.get("kind") in app_kinds and s.get("path") == site.get("path")
                                          and s.get("scope") == site.get("scope") for s in servers):
            return True
    return False


_APP_VAR = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(?::[^=]+)?=\s*.*\.(\w+)\(")


def _mount_line(finding: Finding, servers: Sequence[dict], project) -> Optional[int]:
    """The line of ``finding``'s file that mounts an MCP app built there (``X = mcp.http_app()``,
    then ``app.mount("/mcp", X)`` or ``Mount("/mcp", app=X)``), or None."""
    src = project.files.get(finding.location.path) if project is not None else None
    if src is None:
        return None
    app_kinds = set(catalog().python.surface.app_methods)
    names = set()
    for site in servers:
        if site.get("path") == finding.location.path and site.get("kind") in app_kinds:
            m = _APP_VAR.match(src.line(site["pos"][0]))
            if m and m.group(2) == site["kind"]:
                names.add(re.escape(m.group(1)))
    if not names:
        return None
    alt = "|".join(sorted(names))
    mount = re.compile(rf"(?:\.mount\(\s*[^,]+,\s*(?:app\s*=\s*)?|\bMount\(.*\bapp\s*=\s*)(?:{alt})\b")
    return next((n for n, text in enumerate(src.lines, 1) if mount.search(text)), None)


def _say_mounted(f: Finding, line: int) -> None:
    f.message += (f"; the MCP app is mounted into that web app at line {line}, and the routes' own checks "
                  "do not run for the mount")
    f.flow = [*(f.flow or []), FlowStep(Location(f.location.path, line), "the MCP app mounted beside the "
                                         "checked routes: no authentication on the mount")]


def unguarded_transports(findings: List[Finding], rule: str, auth_fact, servers: Sequence[dict],
                         project) -> List[Finding]:
    """The findings of ``rule`` that project-wide authentication evidence (``auth_fact``, the
    posture's ``http.auth``) does not guard: every piece of it is a web route's dependency and
    the finding serves an MCP transport of its own. Their messages say so."""
    where = _route_only(auth_fact.evidence, project)
    if where is None:
        return []
    mounts = {id(f): _mount_line(f, servers, project) for f in findings if f.rule_id == rule}
    kept = [f for f in findings if f.rule_id == rule and (_own_transport(f, servers) or mounts[id(f)])]
    for f in kept:
        f.message = f.message.replace(_NONE_ANYWHERE, "no authentication is configured for it", 1)
        f.message += (f"; the authentication the project has ({where} and the like) is a web route's "
                      "dependency: it guards that app's routes, not this MCP transport")
        if mounts[id(f)]:
            _say_mounted(f, mounts[id(f)])
    return kept


__all__ = ["unguarded_transports"]
