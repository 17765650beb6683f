"""The listener a transport built in a route handler is served on, found through the modules
that mount it: ``route-handlers.ts`` builds a ``StreamableHTTPServerTransport`` in
``handlePost``, ``routes.ts`` imports it into an Express ``Router`` (``router.post("/",
handlePost)``), and ``http-server.ts`` imports that router, mounts it (``app.use("/mcp",
routes)``) and listens (``app.listen(PORT, "127.0.0.1")``). The transport module listens on
nothing itself, so its serving site has no address of its own; the nearest module up the
import chain (importers of importers, a few levels) that listens gives it: its listen() calls'
address (the one that is not loopback when they differ), and their places, which the rule shows
as steps.

CORS for every origin on that listener (``app.use(cors())``, ``origin: "*"`` or ``true``: the
cors packages reflect any Origin and any requested header) lets any web page's script call the
tools of a loopback server directly, with no DNS rebinding needed: recorded as a ``cors-any``
site of the listening module, evidence for ``http-transport-no-auth`` that nothing keeps web pages
out (as an Origin check that admits ``null`` is).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set

from .routes import _WILD_CORS

_LEVELS = 4
from ..loopback import LOOPBACK as _LOOPBACK


def importers_of(linker, modules) -> Dict[str, Set[str]]:
    """module -> the project modules that import something of it."""
    module_of = linker._module_ref
    out: Dict[str, Set[str]] = {}
    for path, m in modules.items():
        for ref in set(m.imports.values()):
            target = module_of(ref)[0] if "#" in ref else None
            if target and target != path:
                out.setdefault(target, set()).add(path)
    return out


def _listener(path: str, modules, importers) -> Optional[str]:
    """The nearest module importing ``path`` (transitively) that listens, or None."""
    seen, level = {path}, [path]
    for _ in range(_LEVELS):
        level = sorted({u for p in level for u in importers.get(p, ()) if u not in seen})
        hits = [u for u in level if getattr(modules[u], "listen_hosts", None)]
        if hits:
            return hits[0]
        seen.update(level)
    return None


def _cors_any(project, path: str) -> Optional[dict]:
    src = project.files.get(path)
    data = src.text.encode("utf-8", "surrogatepass") if src is not None else b""
    m = _WILD_CORS.search(data) if b"cors" in data else None
    if m is None:
        return None
    line = data.count(b"\n", 0, m.start()) + 1
    return {"kind": "cors-any", "path": path, "pos": (line, 1, line, 1), "detail": "cors()"}


def settle(project, linker, modules) -> None:
    """Give each TypeScript serving site without an address the address of the listener it is
    mounted on, and record that listener's CORS for every origin."""
    if getattr(linker, "_module_ref", None) is None:
        return
    from ..project import NOT_SERVING

    open_sites = [s for s in project.http_servers if "host" not in s and s.get("kind") not in NOT_SERVING
                  and not str(s.get("path", "")).endswith(".py") and s.get("path") in modules]
    if not open_sites:
        return
    importers = importers_of(linker, modules)
    added: List[dict] = []
    for s in open_sites:
        where = _listener(s["path"], modules, importers)
        if where is None:
            continue
        hosts = modules[where].listen_hosts
        pick = next((h for h in hosts if h[0] not in _LOOPBACK), hosts[0])
        s.update(host=pick[0], host_default=pick[1], host_env=pick[2],
                 listens=[(where, h[3][0], h[0]) for h in hosts][:3])
        if pick[0] in _LOOPBACK and not any(a["path"] == where for a in added):
            rec = _cors_any(project, where)
            if rec is not None:
                added.append(rec)
    project.http_servers.extend(added)


__all__ = ["importers_of", "settle"]
