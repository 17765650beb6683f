"""HTTP entry points that are not MCP handlers: the routes of an express app or router, or of a
Fastify instance (``app.put("/api/specs/:name", async (request, reply) => ...)``).

An MCP server often runs an HTTP app beside its tools (a browser extension's bridge, a
workbench, a webhook). Where the project has no authentication and the app answers any origin
(``cors()`` with no origin list) or listens on every interface, anyone who reaches the port - a
web page through the browser, a host on the network - writes what a route's request carries
(``req.body``, ``req.query``, ``req.params``; Fastify's ``request`` has the same parts): caller
input like a tool's parameters. Such a
route is a handler of kind ``http_route`` named ``"POST /path"``; its flows are reported under
the tool rules. The vocabulary is data (``http.routes`` in ``rules/models/typescript/mcp.yaml``).
"""

from __future__ import annotations

import re
from typing import Dict, Iterable

from ..summary import FuncSummary, Step
from ..taintvalue import Info, Taint
from . import nodes as N
from .hookauth import pending
from .records import TsRegistration

KIND = "http_route"
#: ``cors()`` / ``cors({ origin: "*" })`` / ``origin: true``: any origin may read the answers
_WILD_CORS = re.compile(rb"\bcors\(\s*\)|\bcors\(\s*\{(?:(?!\}\s*\)).)*?\borigin\s*:\s*(?:[\"']\*[\"']|true)\b", re.S)
#: ``listen(port)`` / ``listen(port, "0.0.0.0")``: every interface (Node's default); Fastify's
#: ``listen({ port, host: "0.0.0.0" })`` (without a host it listens on localhost)
_OPEN_LISTEN = re.compile(rb"\.listen\(\s*(?:[\w.$]+\s*(?:\)|,\s*(?:\(|function|async|[\"'](?:0\.0\.0\.0|::)[\"']))"
                          rb"|\{[^{}]*\bhost\s*:\s*[\"'](?:0\.0\.0\.0|::)[\"'])")


def open_to_network(data: bytes) -> bool:
    """Whether a module's app answers any origin or listens on every interface."""
    return (b"cors" in data and _WILD_CORS.search(data) is not None) or \
        (b".listen(" in data and _OPEN_LISTEN.search(data) is not None)


class RouteCalls:
    """Route registrations in calls (mixed into the interpreter)."""

    def route_call(self, node, method: str, recv_node, args) -> bool:
        """``app.post("/path", handler)`` on an express app or router: a registration."""
        S = self.M.surface
        tp = (self.type_of(recv_node) or "").replace("()", "")
        if method == "on" and len(args) == 2 and tp in S.route_sockets:
            event = self.const_of(args[0])
            if event not in S.route_socket_events:
                return False
            reg = TsRegistration(kind=KIND, framework="ws", pos=self.mod.src.pos(node), name=f"s:WebSocket {event}",
                                 inputs=(0,))
            return self._register_handler(reg, args[1])
        if method not in S.route_methods or len(args) < 2:
            return False
        apps = S.route_apps
        if not tp or not (tp in apps or ("." in tp and tp.rsplit(".", 1)[-1] in S.route_types
                                         and tp.split(".")[0] in {a.split(".")[0] for a in apps})):
            return False
        last = N.unwrap(args[-1])
        if last is None or (last.type not in N.FUNCTIONS and last.type not in ("identifier", "member_expression")):
            return False
        where = self.const_of(args[0])
        reg = TsRegistration(kind=KIND, framework="fastify" if tp.startswith("fastify") else "express",
                             pos=self.mod.src.pos(node),
                             name=f"s:{method.upper()} {where if where is not None else '?'}", inputs=(0,))
        return self._register_handler(reg, args[-1])


class RouteSources:
    """Routes as handlers when linking (mixed into the TypeScript linker)."""

    def routes_live(self, modules: Iterable) -> bool:
        """Routes are caller input where no module authenticates (an auth that lets everything
        through while no credential is configured does not count) and some module's app is
        open: a wildcard CORS or a listen on every interface."""
        mods = list(modules)
        authed = any(a for m in mods for a in m.auth if not a.get("unset_passes") and not pending(a))
        unset = any(a.get("unset_passes") for m in mods for a in m.auth)
        return (not authed or unset) and any(getattr(m, "open_app", False) or any(
            r.framework == "serverless" for r in m.registrations) for m in mods)  # deployed to be reached (serverless.py)

    def route_env(self, path: str, fn: FuncSummary, name: str) -> Dict[str, Taint]:
        """The request's caller-written parts (``req.body`` ...) as sources."""
        top = [p for p in fn.params if p.kind != "field"]
        if not top:
            return {}
        req = top[0]
        self.route_names = getattr(self, "route_names", set()) | {name}
        env: Dict[str, Taint] = {}
        if name.startswith("WebSocket "):
            step = Step(req.pos[0], req.pos[1], f"{name} of an unauthenticated socket (caller-controlled)", path)
            return {req.name: {("src", name, req.name): Info((step,))}}
        for part in _surface().route_request:
            step = Step(req.pos[0], req.pos[1], f"request {part} of HTTP route '{name}' (unauthenticated, "
                                                f"caller-controlled)", path)
            env[f"{req.name}.{part}"] = {("src", name, part): Info((step,))}
        # `request.params.name` reads as `request.name` (params is an envelope to the
        # interpreter): such a field is the URL parameter (registry.envelope_field)
        env[f"{req.name}.*"] = {}
        return env

    def _declares(self, family, tool: str, param=None) -> bool:
        """A route declares no purpose: what anyone who reaches it can make the server do is a
        vulnerability, never a capability of a tool."""
        return tool not in getattr(self, "route_names", ()) and super()._declares(family, tool, param)  # type: ignore[misc]


def _surface():
    from ...catalog import catalog

    return catalog().typescript.surface
