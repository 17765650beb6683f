"""A web app of the project's own, bound to all interfaces, that serves nothing but constants.

``uvicorn.run(app, host="0.0.0.0")`` where ``app = FastAPI(...)`` (or ``Starlette()``) is built in
the same file, is never handed to anything else (no ``app.mount("/mcp", mcp.sse_app())``, no
``FastMCP.from_fastapi(app)``, no ``FastApiMCP(app)``, no router included), and whose every route
(``@app.get("/health")``) takes no parameter and returns literals, a timestamp or its own locals:
the address serves a status page, not the MCP server nor any operation. Bandit's B104 there moves
to the audit view with the reason. Any other use of the app, a route that takes input (a path,
query or body parameter) or reads anything else (a file, a setting, a module name) keeps it.

A route may also stream such constants (py55c): a nested generator that yields literals and its
own counters, handed to ``StreamingResponse``/``EventSourceResponse``, pausing on
``asyncio.sleep``, with a ``request: Request`` parameter read only for ``is_disconnected()`` (the
connection's state, not input). The posture does not count such an app as an HTTP transport of
the server either (:func:`constant_app_lines`, posture/transports.py): it serves nothing of it.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set

#: constructors of an ASGI app whose routes are added by decorators
_APPS = frozenset({"FastAPI", "Starlette"})
#: route decorators of such an app
_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "api_route", "route"})
#: what a constant route may call: a clock, a text conversion of its own values
_CLOCK = frozenset({"now", "utcnow", "today", "isoformat", "time", "strftime", "timestamp", "str", "int", "len",
                    "monotonic"})
_CLOCK_NAMES = frozenset({"datetime", "time", "timezone", "date", "str", "int", "len"})
#: serving calls whose first argument is the app and whose ``host`` keyword is the bind address
_SERVE = frozenset({"run", "Config"})


def _callee(node: ast.AST) -> Optional[str]:
    f = node.func if isinstance(node, ast.Call) else None
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _served_app(node: ast.AST, parents: Dict[int, ast.AST]) -> Optional[str]:
    """The app name of ``uvicorn.run(app, host=<node>)`` (or ``uvicorn.Config``), else None."""
    kw = parents.get(id(node))
    call = parents.get(id(kw)) if isinstance(kw, ast.keyword) and kw.arg == "host" else None
    if not isinstance(call, ast.Call) or _callee(call) not in _SERVE or not call.args:
        return None
    f = call.func
    if not (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "uvicorn") \
            and not isinstance(f, ast.Name):
        return None
    first = call.args[0]
    return first.id if isinstance(first, ast.Name) else None


#: responses that send what the route built (a body or a generator of its own)
_RESPONSES = frozenset({"StreamingResponse", "EventSourceResponse", "JSONResponse", "PlainTextResponse",
                        "HTMLResponse", "Response"})
#: annotations of a parameter that is the connection itself
_CONNECTION = frozenset({"Request"})


def _connection_params(fn: ast.AST) -> Optional[Set[str]]:
    """The route's parameters when each is the request object (``request: Request``), else None."""
    a = fn.args
    if a.posonlyargs or a.kwonlyargs or a.vararg or a.kwarg or a.defaults:
        return None
    out = set()
    for p in a.args:
        ann = p.annotation
        name = ann.id if isinstance(ann, ast.Name) else ann.attr if isinstance(ann, ast.Attribute) else None
        if name not in _CONNECTION:
            return None
        out.add(p.arg)
    return out


def _constant_route(fn: ast.AST) -> bool:
    """No parameter but the connection (read only for ``is_disconnected()``), and a body of
    literals, its own locals, clock calls and generators of the same, sent as a response."""
    conn = _connection_params(fn)
    if conn is None:
        return False
    nodes = [x for s in fn.body for x in ast.walk(s)]
    local = {t.id for s in nodes if isinstance(s, (ast.Assign, ast.AnnAssign, ast.AugAssign))
             for t in (s.targets if isinstance(s, ast.Assign) else [s.target]) if isinstance(t, ast.Name)}
    local |= {n.name for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    state = set()  # request.is_disconnected: the connection's state
    for n in nodes:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and (n.args.args or n.args.vararg or n.decorator_list):
            return False
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "is_disconnected" \
                and isinstance(n.func.value, ast.Name) and n.func.value.id in conn and not n.args:
            state.add(id(n.func.value))
    for n in nodes:
        if isinstance(n, (ast.YieldFrom, ast.Lambda, ast.Subscript)):
            return False
        if isinstance(n, ast.Call) and id(getattr(n.func, "value", None)) not in state and not _plain_call(n, local):
            return False
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and id(n) not in state and n.id not in local \
                and n.id not in _CLOCK_NAMES and n.id not in _RESPONSES and n.id != "asyncio":
            return False
    return True


def _plain_call(n: ast.Call, local: Set[str]) -> bool:
    """A clock, a response of the route's own values, ``asyncio.sleep`` or the route's own generator."""
    callee = _callee(n)
    if callee in _CLOCK or callee in _RESPONSES or isinstance(n.func, ast.Name) and callee in local:
        return True
    f = n.func
    return callee == "sleep" and isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "asyncio"


def _routes_or_none(tree: ast.Module, app: str, serve_call: ast.AST) -> Optional[List[str]]:
    """The route paths of ``app`` when every use of its name is a route decorator, its own
    construction or the serving call; None on any other use or a route that is not constant."""
    routes: List[str] = []
    decorators = set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in n.decorator_list:
                if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and isinstance(d.func.value, ast.Name) \
                        and d.func.value.id == app:
                    if d.func.attr not in _VERBS or not _constant_route(n):
                        return None
                    decorators.add(id(d.func.value))
                    path = d.args[0].value if d.args and isinstance(d.args[0], ast.Constant) else "?"
                    routes.append(str(path))
    built = 0
    for n in ast.walk(tree):
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == app for t in n.targets):
            v = n.value
            if not (isinstance(v, ast.Call) and _callee(v) in _APPS and not v.args
                    and all(isinstance(k.value, ast.Constant) and k.arg for k in v.keywords)):
                return None
            built += 1
        elif isinstance(n, ast.Name) and n.id == app and isinstance(n.ctx, ast.Load) and id(n) not in decorators \
                and n is not serve_call.args[0]:
            return None  # mounted on, handed over, given routes or middleware: not only constant
    return routes if built == 1 and routes else None


def constant_app_bind(node: ast.AST, parents: Dict[int, ast.AST], tree: ast.AST) -> Optional[str]:
    """The reason a B104 ``"0.0.0.0"`` binds only a constant app (see the module), else None."""
    app = _served_app(node, parents)
    if app is None or not isinstance(tree, ast.Module):
        return None
    call = parents.get(id(parents.get(id(node))))
    routes = _routes_or_none(tree, app, call)
    if not routes:
        return None
    return (f"the bound app '{app}' serves only constant routes ({', '.join(routes[:5])}) that take no input and read "
            f"nothing; it neither mounts nor wraps the MCP server")


def constant_app_lines(tree: ast.AST) -> Set[int]:
    """The lines of the constructions and serving calls of this module's constant apps (see the
    module): no HTTP transport of the server is served there."""
    out: Set[int] = set()
    if not isinstance(tree, ast.Module):
        return out
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or _callee(call) not in _SERVE or not call.args \
                or not isinstance(call.args[0], ast.Name):
            continue
        f = call.func
        if not (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "uvicorn"):
            continue
        app = call.args[0].id
        if _routes_or_none(tree, app, call):
            out.add(call.lineno)
            out.update(n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assign)
                       and any(isinstance(t, ast.Name) and t.id == app for t in n.targets))
    return out
