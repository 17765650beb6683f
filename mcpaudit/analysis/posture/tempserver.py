"""A web server that only lives while one function waits: ``server = http.createServer(...)``
closed by the function that made it in a ``finally`` clause, or by its own request handler
(``server.close()`` once the request it waits for came). An OAuth login's redirect catcher
(listen, open the browser, await ``/callback?code=``, close) is one: it serves no MCP transport
and no tool, so it is not the HTTP exposure of the server. A server closed anywhere else (a
``SIGINT`` handler's ``server.close()``) is a standing one.
"""

from __future__ import annotations

from typing import Optional

from ..ts import nodes as N

_DECL_WRAPPERS = N.WRAPPERS
_FN_TYPES = N.FUNCTIONS


def closed_when_done(ix, node) -> bool:
    """Whether the server ``node`` creates is closed in a ``finally`` of the function that
    creates it (or of a function around it), or by its own request handler (the function
    given to the call)."""
    name = _bound_name(ix, node)
    if name is None:
        return False
    handlers = [a for a in N.args_of(node) if N.unwrap(a) is not None and N.unwrap(a).type in N.FUNCTIONS]
    if any(_closes(ix, h, name) for h in handlers):
        return True
    fn = node.parent
    while fn is not None:  # the function that creates it, or one it runs in (a Promise executor)
        if fn.type in _FN_TYPES and any(_closes(ix, f, name) for f in _finally_clauses(fn)):
            return True
        fn = fn.parent
    return False


def _bound_name(ix, node) -> Optional[str]:
    """The variable the created server is stored in (``const server =``, ``server =``)."""
    p = node.parent
    while p is not None and p.type in _DECL_WRAPPERS:
        p = p.parent
    if p is None:
        return None
    if p.type == "variable_declarator":
        target = p.child_by_field_name("name")
    elif p.type == "assignment_expression":
        target = p.child_by_field_name("left")
    else:
        return None
    return N.text(ix.data, target) if target is not None and target.type == "identifier" else None


def _finally_clauses(fn):
    stack = [fn.child_by_field_name("body")] if fn.child_by_field_name("body") is not None else []
    while stack:
        n = stack.pop()
        if n.type == "finally_clause":
            yield n
        elif n.type not in _FN_TYPES:
            stack.extend(n.named_children)


def _closes(ix, root, name: str) -> bool:
    """A ``name.close()`` (or ``name?.close()``) call under ``root``."""
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            f = n.child_by_field_name("function")
            if f is not None and f.type == "member_expression":
                obj, prop = f.child_by_field_name("object"), f.child_by_field_name("property")
                if prop is not None and N.text(ix.data, prop) == "close" and obj is not None and \
                        obj.type == "identifier" and N.text(ix.data, obj) == name:
                    return True
        stack.extend(n.named_children)
    return False


#: what may be done with an app that serves nothing: listen, ask its port, close it
_IDLE_USES = frozenset({"listen", "address", "close", "on", "once", "unref", "ref"})


def serves_nothing(ix, node) -> bool:
    """Whether the web app ``node`` builds (``express()``, ``fastify()``, called without
    arguments) is never given a route, a middleware or a handler: it is listened on straight
    away (``express().listen(0)``, kept for its port number), or the variable it is stored in is
    only listened on, asked its address or closed. Every request to it gets the framework's 404:
    no exposure."""
    if node.type != "call_expression" or N.args_of(node):
        return False
    p = node.parent
    if p is not None and p.type == "member_expression" and p.child_by_field_name("object") == node:
        prop = p.child_by_field_name("property")
        return prop is not None and N.text(ix.data, prop) == "listen"
    name = _bound_name(ix, node)
    if name is None:
        return False
    scope = node.parent
    while scope is not None and scope.type not in _FN_TYPES and scope.type != "program":
        scope = scope.parent
    if scope is None:
        return False
    stack, used = [scope], False
    while stack:
        n = stack.pop()
        if n.type == "identifier" and N.text(ix.data, n) == name:
            p = n.parent
            if p is not None and p.type == "variable_declarator" and p.child_by_field_name("name") == n:
                continue
            if p is None or p.type != "member_expression" or p.child_by_field_name("object") != n:
                return False  # passed on, returned, stored: may get routes elsewhere
            prop = p.child_by_field_name("property")
            if prop is None or N.text(ix.data, prop) not in _IDLE_USES or _serving_event(ix, p):
                return False
            used = True
        stack.extend(n.named_children)
    return used


#: events whose listener answers the server's requests: ``server.on("request", handler)`` serves
_SERVING_EVENTS = frozenset({"request", "upgrade", "connect", "connection", "stream"})


def _serving_event(ix, member) -> bool:
    """``x.on("request", handler)`` / ``x.once(...)``: a listener that answers requests, not an
    idle use (``server.on("error", ...)``, ``server.on("listening", ...)`` are)."""
    call = member.parent
    if N.text(ix.data, member.child_by_field_name("property")) not in ("on", "once") or call is None \
            or call.type != "call_expression":
        return False
    args = N.args_of(call)
    first = N.unwrap(args[0]) if args else None
    return first is not None and first.type == "string" and N.text(ix.data, first).strip("'\"`") in _SERVING_EVENTS


def idle_listen(ix, call) -> bool:
    """Whether ``call`` (``x.listen(...)``) listens with an app that serves nothing
    (:func:`serves_nothing`): ``express().listen(0)``, or ``app.listen(0)`` of such an app."""
    fn = call.child_by_field_name("function")
    obj = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
    obj = N.unwrap(obj) if obj is not None else None
    if obj is None:
        return False
    if obj.type == "call_expression":
        return serves_nothing(ix, obj)
    if obj.type != "identifier":
        return False
    name = N.text(ix.data, obj)
    return any(node.type == "call_expression" and _bound_name(ix, node) == name and serves_nothing(ix, node)
               for _n, node, _line in ix.calls)
