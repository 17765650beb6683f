"""MCP transports of the project's own (issue 14): a class that implements the SDK's
``Transport`` interface (imported from the SDK, ``http.socket-transports.interface`` in
mcp.yaml) and builds a WebSocket server (``new WebSocketServer({ server })``) serves MCP over
WebSocket, as the SDK's HTTP transports serve it over HTTP: its construction is an HTTP serving
site (``mod.http``), read by http-transport-no-auth with the project's authentication."""

from __future__ import annotations

import re

from . import nodes as N
from .authbranch import in_auth_arm
from .barerebind import note_bare
from .routeguard import route_site


def transport_class(fa) -> bool:
    """The function ``fa`` is a member of a class of its module declared ``implements
    Transport``, ``Transport`` imported from the SDK."""
    iface = fa.M.surface.socket_transport_interface
    if not fa.cls or not iface:
        return False
    local = next((n for n, fq in fa.mod.imports.items() if fq == iface), None)
    if local is None:
        return False
    pattern = r"\bclass\s+%s\b[^{]*\bimplements\b[^{]*\b%s\b" % (re.escape(fa.cls.split(".")[-1]), re.escape(local))
    return re.search(pattern, fa.mod.data.decode("utf-8", "replace")) is not None


def own_transport(fa, node, fq: str) -> None:
    """Record the WebSocket server a transport class builds as a site serving MCP."""
    fa.mod.http.append({"kind": "websocket", "pos": fa.mod.src.pos(node), "owner": "",
                        "detail": f"new {fq.rsplit('.', 1)[-1]}() in class {fa.cls} implements Transport"})


def worker_fetch(data: bytes, node) -> bool:
    """``node`` lies in the ``fetch(request, env, ctx)`` method of the module's default-exported
    object (Cloudflare Workers' module syntax, ``export default { fetch } satisfies
    ExportedHandler``): what it serves, the platform serves at the Worker's public address."""
    n = node.parent
    while n is not None:
        if n.type in ("method_definition", "pair"):
            key = n.child_by_field_name("name") or n.child_by_field_name("key")
            obj = n.parent
            while obj is not None and obj.type in N.WRAPPERS | {"object"}:
                obj = obj.parent
            if key is not None and N.text(data, key) == "fetch" and obj is not None and \
                    obj.type == "export_statement" and b"default" in data[obj.start_byte:obj.start_byte + 20]:
                return True
        n = n.parent
    return False


__all__ = ["own_transport", "transport_class", "worker_fetch"]


def note_transport(fa, node, fq: str, new: bool, method) -> None:
    """An MCP HTTP transport built here: ``new StreamableHTTPServerTransport()``, a call of
    Smithery's ``createStatefulServer(factory)``, or ``new WebSocketServer()`` in a project class
    implementing the SDK's ``Transport``. A site inside an auth arm is not recorded (its open twin
    is: authbranch.py)."""
    S = fa.M.surface
    kind = S.http_transports.get(fq.replace("()", ""))
    if kind and (new or method is None) and not in_auth_arm(fa.mod, node):
        site = {"kind": kind, "pos": fa.mod.src.pos(node), "detail": f"{'new ' if new else ''}{fq.replace('()', '').rsplit('.', 1)[-1]}()",
                "owner": "", "function": fa.qualname if fa.node is not None else ""}
        if worker_fetch(fa.mod.data, node):  # deployed at the platform's public address
            site.update(host="0.0.0.0", host_default=False, detail=site["detail"] + " in the Worker's fetch handler")
        site.update(route_site(fa, node))  # app.get("/sse", handler): its route, guarded or not (routeguard.py)
        fa.mod.http.append(site)
        if new:
            note_bare(fa, node, fq)  # no DNS-rebinding protection in its options (barerebind.py)
    if new and fq.replace("()", "") in S.socket_transport_servers and transport_class(fa):
        own_transport(fa, node, fq)
