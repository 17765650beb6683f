"""A web app of the project's own whose routes serve nothing but themselves.

A server that runs MCP over stdio may still build an express or Fastify app on every interface;
with no authentication anywhere, http-transport-no-auth reports it ("a web server of the
project's own ... anyone who reaches the port reaches what that server serves"), because such an
app is often the back end the tools read from (a browser extension's bridge, a control API).
When every route the project registers only answers from the process's own memory - a health
check, records of sessions kept in a Map, an echo of the request - there is nothing to reach:
no tool, no data, no service, no MCP transport. A route is such bookkeeping when the calls it
makes (through the project's functions, followed a few levels) reach no sink other than a log
and every call that does not land in project code is a global or a method the models list
(``http.routes.bookkeeping`` in mcp.yaml: ``res.json``, ``sessions.set``, ``Date.now``); a call of
an imported library, a sink or an unknown method is more than that.

The linker marks the modules that build such an app with an ``inert-app`` serving record (a kind
of ``Project.NOT_SERVING``); the posture's report of a web server of the project's own does not
stand there (inventory.py). Only where the project registers routes, all are inert and none is in
a module of the MCP handlers (an app beside the tools shares their module's state: a route that
answers with the accounts a tool keeps serves them, without a call).
"""

from __future__ import annotations

import re
from typing import Set, Tuple

from ..effects import effect_kinds
from .imported import import_heads
from .routes import KIND

_DEPTH = 5
#: the project's logger: its module (src/utils/logger.ts) or class (Logger.info)
_LOGGER = re.compile(r"(?i)(^|/)(logger|logging|log)\.[cm]?[jt]s$|^\w*Logger\.")


def _inert_call(linker, target: str, libraries: Set[str]) -> bool:
    """An unresolved call target that is bookkeeping: a listed global, or a listed method on
    anything that is not an imported library."""
    glob, methods = linker.surface_bookkeeping
    plain = target.replace("()", "")
    head, last = plain.split(".")[0], plain.rsplit(".", 1)[-1]
    if head in glob:
        return True
    return "." in plain and last in methods and head not in libraries and "#" not in head


def _effect(s) -> bool:
    """A sink that does something (not a log)."""
    return s.family != "log" and bool(effect_kinds(s.family, s.sink, s.detail))


def _inert(linker, path: str, fn, depth: int, seen: Set[Tuple[str, str]]) -> bool:
    key = (path, fn.qualname)
    if key in seen or _LOGGER.search(path) or _LOGGER.search(fn.qualname):
        return True  # (the project's logger: its output is a log)
    seen.add(key)
    if any(_effect(s) and not linker.not_a_sink(path, fn, s) for s in fn.sinks):
        return False
    mod = linker.modules[path]
    libraries = import_heads(mod.imports)
    for rec in fn.calls.values():
        targets = linker.resolve_all(path, fn, rec.target)
        if not targets:
            if not _inert_call(linker, rec.target, libraries):
                return False
            continue
        if depth >= _DEPTH or not all(_inert(linker, t[0], t[1], depth + 1, seen) for t in targets):
            return False
    return True


class InertApps:
    """Linker side: mark the app modules whose every route is bookkeeping."""

    @property
    def surface_bookkeeping(self):
        from ...catalog import catalog

        return catalog().typescript.surface.route_bookkeeping

    def run(self) -> None:
        super().run()  # type: ignore[misc]
        handlers = self.handlers  # type: ignore[attr-defined]
        routes = [(path, fn) for path, fn, _tool, kind in handlers if kind == KIND]
        mcp = {p for path, _fn, tool, kind in handlers if kind != KIND for p in (path, tool.location.path)}
        if not routes or any(path in mcp for path, _fn in routes) or not all(_inert(self, path, fn, 0, set())
                                                                           for path, fn in routes):
            return  # (an app beside the tools, in their module, may answer with what they hold)
        for path in sorted({path for path, _fn in routes}):
            self.modules[path].http.append({"kind": "inert-app", "pos": (1, 1, 1, 1), "owner": ""})  # type: ignore[attr-defined]


__all__ = ["InertApps"]
