"""Authentication hooks installed on a Fastify app, made by a factory of another module.

``fastify.addHook("onRequest", createAuthHook(config))`` (transports/server.ts), with
``export function createAuthHook(config) { return async (request, reply) => { if (!ok(key)) {
reply.status(401).send(...); return; } } }`` (transports/auth.ts): every request passes the hook
before any route, and the hook turns away a caller without the credential. Each module records

* its hook installs (``addHook`` with a hook that runs before the handler: ``onRequest``,
  ``preHandler``, ``preValidation``, ``preParsing``): a function written in place that answers
  401 (or 403 on a credential test) is auth at once; a function named there (``createAuthHook``,
  called or passed) is auth when some module of the project defines a function of that name
  that answers so, itself or through the function it returns (``pending``);
* its functions that answer so (``rejects``, by name);
* its middleware installs by name (Express, Koa, Hono, Connect: ``app.use(authenticate_api_request)``,
  ``app.use("/mcp", requireKey)``, and a route's own middleware
  ``app.post("/mcp", authenticate, handler)``): every later route passes the function first, so
  it is auth when some module of the project defines a function of that name that answers 401 (or
  403 on a credential test) and returns (``pending``, as a hook install; :func:`_use_installs`).

:func:`settle` keeps the installs whose function rejects and drops the rest, once every module
is read (the rule http-transport-no-auth and the posture read the project's auth evidence).
"""

from __future__ import annotations

import re
from typing import List, Optional

from . import nodes as N
from .routerauth import _answers_unauthorized, _exits

#: Fastify hooks that run before a route's handler
_HOOKS = frozenset({"onRequest", "preHandler", "preValidation", "preParsing"})
#: an install waiting for the project's functions: the name of the function it names
PENDING = "hook_function"
#: a function of the module that answers 401: its name
REJECTS = "rejects"
#: a middleware install by name (``app.use(name)``): optional with the project's names
#: (``Project.optional_when_unset``), as the check it names can be
USE = "use_install"
#: the path a middleware install guards when not the whole app (``app.use("/admin", x)``, a
#: route's own middleware), whether the paths under it too, and a route handler serving no MCP
SCOPE, PREFIX, INLINE_OTHER = "guards_path", "guards_under", "handler_serves_other"
#: the module key of the project module an installed function is imported from
FROM = "imported_from"


def hook_records(mod) -> List[dict]:
    """The hook installs and the rejecting functions of ``mod`` (a TsModule), as auth records."""
    data = mod.data
    if b"401" not in data and b"403" not in data and b"addHook" not in data and b".use(" not in data \
            and b"nauthori" not in data and not _ROUTE_MW.search(data):
        return []
    out: List[dict] = []
    root = mod.tree.root_node
    if b"addHook" in data:
        for call in N.nodes_under(root, "call_expression"):
            rec = _install(data, call)
            if rec is not None:
                out.append(rec)
    out.extend(_use_installs(data, root))
    if b"401" in data or b"403" in data or b"nauthori" in data:
        out.extend({"kind": REJECTS, REJECTS: name, "pos": (line, 1, line, 1), "detail": name}
                   for name, line in _rejecting_functions(data, root))
    for rec in out:  # the project module an installed name is imported from (rev51t): see settle
        target = (getattr(mod, "imports", None) or {}).get(rec.get(PENDING) or "")
        if target and "#" in target and not target.startswith("*") and target.endswith("#" + rec[PENDING]):
            rec[FROM] = target.rpartition("#")[0]
    return out[:12]


def _install(data: bytes, call) -> Optional[dict]:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "member_expression" or N.text(data, fn.child_by_field_name("property")) != "addHook":
        return None
    args = N.args_of(call)
    if len(args) < 2 or N.string_value(data, args[0]) not in _HOOKS:
        return None
    line = call.start_point[0] + 1
    rec = {"kind": "hook", "pos": (line, 1, line, 1), "detail": N.text(data, call).split("\n")[0].strip()[:120]}
    hook = N.unwrap(args[1])
    if hook is not None and hook.type in N.FUNCTIONS:
        return rec if _rejects(data, hook) else None
    if hook is not None and hook.type == "call_expression":
        hook = hook.child_by_field_name("function")
    name = N.last_name(data, hook) if hook is not None else None
    return {**rec, PENDING: name} if name else None


#: route registrations whose middle arguments are middleware run before the handler
#: a route with a literal path and a named middleware (``app.post("/mcp", requireKey, ...)``):
#: read in a module with no other word of authentication too (rev51t)
#: (or a path named by a constant: ``app.post(MCP_PATH, requireKey, ...)``, rev52t)
_ROUTE_MW = re.compile(rb"""\.(?:get|post|put|patch|delete|all)\(\s*(?:["'`][^"'`\n]*["'`]|[A-Za-z_$][\w$.]*)\s*,\s*"""
                       rb"""[A-Za-z_$][\w$.]*\s*,""")
_ROUTES = frozenset({"use", "get", "post", "put", "patch", "delete", "all", "route"})


def _use_installs(data: bytes, root) -> List[dict]:
    """``x.use(name)`` / ``x.use(path, name)`` and ``x.post(path, name, handler)``: the middleware
    named there, pending on the project's rejecting functions. Only a function named by an
    identifier: a literal function is the router guard's (routerauth.py), and a factory's call
    (``requireValidToken({ type: "static", apiKey })``) may build a middleware that checks only the
    operator's own key, whatever branch of the factory answers 401 (todoist-ai's static mode)."""
    if b".use(" not in data and b"auth" not in data.lower() and not _ROUTE_MW.search(data):
        return []
    out: List[dict] = []
    for call in N.nodes_under(root, "call_expression"):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            continue
        method = N.text(data, fn.child_by_field_name("property"))
        if method not in _ROUTES:
            continue
        args = [N.unwrap(a) for a in N.args_of(call)]
        while args and args[0] is not None and args[0].type in ("string", "template_string", "array", "regex"):
            args = args[1:]
        if method != "use" and len(args) >= 3 and len(N.args_of(call)) == len(args) and args[0] is not None \
                and args[0].type in ("identifier", "member_expression"):
            args = args[1:]  # a route's path named by a constant (app.post(MCP_PATH, auth, h)): no middleware
        scope = _scope(data, call, method, args)
        if method != "use":
            if len(args) < 2 or len(N.args_of(call)) == len(args):
                continue  # a route: a path first, the handler last
            args = args[:-1]
        for a in args:
            if a is None or a.type not in ("identifier", "member_expression"):
                continue  # a factory's call (requireToken({ type: "static", apiKey })): its mode decides
            name = N.last_name(data, a)
            if name:
                line = call.start_point[0] + 1
                out.append({"kind": "hook", "pos": (line, 1, line, 1), PENDING: name, USE: True, **scope,
                            "detail": N.text(data, call).split("\n")[0].strip()[:120]})
    return out[:8]


#: what a route handler does when it serves MCP: hands the request to a transport, or builds one
_SERVES = re.compile(r"\b(?:handleRequest|handlePostMessage|handleMessage)\s*\(|Transport\b|\.connect\s*\(")


def _scope(data: bytes, call, method: str, rest) -> dict:
    """What a middleware install guards when not the whole app (rev51t): a route's own middleware
    (``app.post("/admin/reindex", requireAdmin, handler)``) that route only, ``app.use("/admin",
    requireAdmin)`` the paths under ``/admin`` only. ``{SCOPE: path, PREFIX: bool}``, and
    ``INLINE_OTHER`` when the route's handler is a function written there that serves no MCP."""
    first = N.unwrap(N.args_of(call)[0]) if N.args_of(call) else None
    path = N.string_value(data, first) if first is not None and first.type == "string" else None
    if first is not None and first.type == "identifier":  # a module constant: const MCP_PATH = "/mcp" (rev52t)
        value = next((v for name, v in N.top_bindings(data, call_root(call)) if name == N.text(data, first)), None)
        path = N.string_value(data, value) if value is not None and value.type == "string" else None
    mount = _router_mount(data, call)  # admin.use(requireAdmin) of a router mounted at /admin
    if mount is not None:
        path = mount.rstrip("/") + (path or "")
    if path is None or (method == "use" and path.rstrip("/") == ""):
        return {}
    out = {SCOPE: path, PREFIX: method == "use"}
    handler = rest[-1] if method != "use" and rest else None
    if handler is not None and handler.type in N.FUNCTIONS and not _SERVES.search(N.text(data, handler)):
        out[INLINE_OTHER] = True
    return out


def call_root(node):
    """The program node above ``node``."""
    while node.parent is not None:
        node = node.parent
    return node


def _router_mount(data: bytes, call) -> Optional[str]:
    """The path a router the call installs on is mounted at, when the receiver is a module's
    router (``const admin = express.Router()``, ``new Router()``) mounted with ``x.use("/admin",
    admin)`` in the module; None otherwise (an app, or a router mounted without a path)."""
    fn = call.child_by_field_name("function")
    recv = N.unwrap(fn.child_by_field_name("object")) if fn is not None else None
    if recv is None or recv.type != "identifier":
        return None
    name = re.escape(N.text(data, recv)).encode()
    if not re.search(rb"\b(?:const|let|var)\s+" + name + rb"\s*(?::[^=]+)?=\s*(?:new\s+)?(?:[\w$]+\.)?Router\s*\(", data):
        return None
    m = re.search(rb"""\.use\(\s*["'`]([^"'`]*)["'`]\s*,\s*""" + name + rb"\s*[,)]", data)
    return m.group(1).decode("utf-8", "replace") if m else None


def _scoped_out(rec: dict, routes: List[str]) -> bool:
    """A scoped install that guards no route the project serves MCP on: the routes where a
    transport is built in the handler (``routes``, routeguard.py) when any is known, else the
    handler written at the install (a route whose own handler serves no MCP)."""
    scope = rec.get(SCOPE)
    if scope is None:
        return False
    if not routes:
        return bool(rec.get(INLINE_OTHER))
    if rec.get(PREFIX):
        base = scope.rstrip("/")
        return not any(r == base or r.startswith(base + "/") for r in routes)
    return scope not in routes


def _rejects(data: bytes, fn) -> bool:
    """The function (or one it defines and returns) turns a request away: an ``if`` whose branch
    answers 401 (or 403 on a credential test) and returns or throws."""
    return any(_stops(data, s) and _answers_unauthorized(data, s) for s in N.nodes_under(fn, "if_statement"))


def _stops(data: bytes, node) -> bool:
    """The branch ends the request: it returns or throws, or sends the answer (``reply.code(401)
    .send(...)``: Fastify answers once)."""
    body = node.child_by_field_name("consequence")
    return _exits(node) or (body is not None and any(
        (N.last_name(data, c.child_by_field_name("function")) or "") in ("send", "end")
        for c in N.nodes_under(body, "call_expression")))


def _rejecting_functions(data: bytes, root) -> List[tuple]:
    """(name, line) of each named function holding such an ``if`` (in a function it returns, too)."""
    out: List[tuple] = []
    for s in N.nodes_under(root, "if_statement"):
        if not (_stops(data, s) and _answers_unauthorized(data, s)):
            continue
        p = s.parent
        while p is not None:
            name = _function_name(data, p)
            if name and (name, p.start_point[0] + 1) not in out:
                out.append((name, p.start_point[0] + 1))
            p = p.parent
    return out


def _function_name(data: bytes, node) -> Optional[str]:
    """The name of a function declaration, a method, or a variable a function literal is bound to."""
    if node.type in ("function_declaration", "method_definition"):
        name = node.child_by_field_name("name")
        return N.text(data, name) if name is not None else None
    if node.type == "variable_declarator":
        value = N.unwrap(node.child_by_field_name("value"))
        name = node.child_by_field_name("name")
        return N.text(data, name) if name is not None and value is not None and value.type in N.FUNCTIONS else None
    return None


def settle(project) -> None:
    """Keep the hook installs whose named function rejects somewhere in the project; drop the
    pending ones that do not and the records of rejecting functions (not auth by themselves)."""
    from .module import module_key

    names = {a[REJECTS] for a in project.auth_evidence if a.get("kind") == REJECTS}
    where = {(module_key(a.get("path", "")), a[REJECTS]) for a in project.auth_evidence if a.get("kind") == REJECTS}
    routes = sorted({str(s["route"]).split(" ", 1)[-1] for s in project.http_servers if s.get("route")})
    kept = []
    for a in project.auth_evidence:
        if a.get("kind") == REJECTS or (a.get(PENDING) and a[PENDING] not in names) or _scoped_out(a, routes):
            continue
        if a.get(FROM) and (a[FROM], a[PENDING]) not in where and _defines(project, a[FROM], a[PENDING]):
            continue  # imported from a module whose own function of that name does not reject (rev51t)
        kept.append(a)
    project.auth_evidence[:] = kept


def _defines(project, key: str, name: str) -> bool:
    """Whether the project module ``key`` defines a function or constant ``name`` itself (not a
    barrel that re-exports it): then another module's function of the same name is not the one
    installed."""
    from .module import module_key

    decl = re.compile(rf"\b(?:function\s*\*?\s*{re.escape(name)}\s*[(<]|(?:const|let|var)\s+{re.escape(name)}\s*[:=])")
    return any(module_key(p) == key and decl.search(f.text) for p, f in project.files.items() if not p.endswith(".py"))


def pending(rec: dict) -> bool:
    """An auth record that is not evidence until the project is read whole (:func:`settle`)."""
    return rec.get("kind") == REJECTS or bool(rec.get(PENDING))
