"""Authentication a module offers that only optional auth uses: ``auth/verifyAccessToken.ts``
exports the token check that ``http-server.ts`` hands to its bearer middleware inside ``if
(ENABLE_OAUTH) { ... } else { app.use("/mcp", routes) }`` (authbranch.py marks that module's auth
optional). The helper module's own auth names (``jwt.verify``, the verifier function) guard
nothing by themselves: the server starts without them unless the condition holds. So the auth
records of a module that serves nothing, whose every importer in the project has auth records and
all of them optional, are optional too, for the importer's reason (``http-transport-no-auth``
then reports the transport, naming the condition). A module nobody imports, or one imported by
a module with required auth (or none), keeps its records as they are.
"""

from __future__ import annotations

from typing import Dict, List

from .mountedlisten import importers_of


def settle(project, linker, modules) -> None:
    """Mark optional the TypeScript auth records of modules only optional auth imports."""
    if getattr(linker, "_module_ref", None) is None:
        return
    by_path: Dict[str, List[dict]] = {}
    for a in project.auth_evidence:
        if not a.get("path", "").endswith(".py"):
            by_path.setdefault(a["path"], []).append(a)
    if not any(a.get("optional") for recs in by_path.values() for a in recs):
        return
    importers = importers_of(linker, modules)
    serving = {s.get("path") for s in project.http_servers}
    for path, recs in by_path.items():
        users = importers.get(path)
        if not users or path in serving or any(a.get("optional") for a in recs):
            continue
        whys = [next((a["optional"] for a in by_path.get(u, ()) if a.get("optional")), None) for u in sorted(users)]
        if all(whys) and all(all(a.get("optional") for a in by_path[u]) for u in users):
            for a in recs:
                a["optional"] = f"{whys[0]} (the only use of {path})"


__all__ = ["settle"]
