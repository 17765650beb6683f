"""A web app of the project's own, bound to all interfaces, that serves nothing but constants.

``uvicorn.run(app, host="0.0.0.0")`` where ``app = FastAPI(...)`` (or ``Starlette()``) is built in
the same file, is never handed to anything else (no ``app.mount("/mcp", mcp.sse_app())``, no
``FastMCP.from_fastapi(app)``, no ``FastApiMCP(app)``, no router included), and whose every route
(``@app.get("/health")``) takes no parameter and returns literals, a timestamp or its own locals:
the address serves a status page, not the MCP server nor any operation. Bandit's B104 there moves
to the audit view with the reason. Any other use of the app, a route that takes input (a path,
query or body parameter) or reads anything else (a file, a setting, a module name) keeps it.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional

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


def _constant_route(fn: ast.AST) -> bool:
    """No parameter, and a body of literals, its own locals and clock calls only."""
    a = fn.args
    if a.args or a.posonlyargs or a.kwonlyargs or a.vararg or a.kwarg:
        return False
    local = {t.id for s in ast.walk(fn) if isinstance(s, (ast.Assign, ast.AnnAssign))
             for t in (s.targets if isinstance(s, ast.Assign) else [s.target]) if isinstance(t, ast.Name)}
    for n in (x for s in fn.body for x in ast.walk(s)):
        if isinstance(n, (ast.Await, ast.Yield, ast.YieldFrom, ast.Lambda, ast.Subscript)):
            return False
        if isinstance(n, ast.Call) and _callee(n) not in _CLOCK:
            return False
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in local and n.id not in _CLOCK_NAMES:
            return False
    return True


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
