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
    if new and fq.replace("()", "") in S.socket_relay_servers and relay_open(fa.mod.data, node):
        fa.mod.http.append({"kind": "websocket", "pos": fa.mod.src.pos(relay_listen(fa.mod.data, node) or node), "owner": "",
                            "detail": f"new {fq.replace('()', '').rsplit('.', 1)[-1]}() (socket.io), a channel the tools "
                                      "relay their calls through,"})


#: a handshake check on a socket.io server: a middleware, a request filter, the client's auth data
_HANDSHAKE = re.compile(rb"allowRequest|handshake\.auth|handshake\.headers\.(?:authorization|origin)|\.engine\s*\.\s*use\s*\(")


def relay_open(data: bytes, node) -> bool:
    """``new Server(httpServer, opts)`` of socket.io in a module that emits to its sockets and
    listens on them (a relay), attached to an HTTP server (its first argument), with no handshake
    check in the module (``io.use(...)`` on the server, whatever holds it: ``this.io = new
    Server(...)``; ``io.engine.use(...)``, ``allowRequest``, the client's auth data)."""
    args = N.args_of(node)
    if not args or _HANDSHAKE.search(data) or b".emit(" not in data or b".on(" not in data:
        return False
    decl = node.parent
    while decl is not None and decl.type in N.WRAPPERS:
        decl = decl.parent
    name = decl.child_by_field_name("name") if decl is not None and decl.type == "variable_declarator" else \
        decl.child_by_field_name("left") if decl is not None and decl.type == "assignment_expression" else None
    held = re.sub(r"\s+", "", N.text(data, name)) if name is not None else ""  # io, this.io (mend45b: any assignment)
    if held and re.search(rb"(?<![\w$])" + rb"\s*\.\s*".join(re.escape(p.encode()) for p in held.split(".")) + rb"\s*\.\s*use\s*\(", data):
        return False  # io.use((socket, next) => ...): a handshake middleware
    first = N.unwrap(args[0])
    return first is not None and first.type in ("identifier", "member_expression", "call_expression")


def relay_listen(data: bytes, node):
    """The ``<server>.listen(...)`` call of the HTTP server a socket.io server is attached to
    (its first argument, a variable), in the function that builds it; else None."""
    args = N.args_of(node)
    first = N.unwrap(args[0]) if args else None
    if first is None or first.type != "identifier":
        return None
    scope = node.parent
    while scope is not None and scope.type not in N.FUNCTIONS and scope.type != "program":
        scope = scope.parent
    want = N.text(data, first) + ".listen"
    stack = [scope] if scope is not None else []
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if fn is not None and N.text(data, fn).replace(" ", "") == want:
                return n
        stack.extend(n.named_children)
    return None
