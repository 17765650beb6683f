"""Auth middleware a project writes but never attaches to the app it serves (issue 12).

The ``http.auth`` fact reads auth vocabulary in the Python sources (``HTTPBearer``, a token
verifier, ...). A project may define its own middleware class around such code
(``class OAuthMiddleware: self.security = HTTPBearer()``) and build an instance of it
(``_oauth_middleware = OAuthMiddleware(config)``) that only some side routes consult, while the
app that serves MCP never runs it. A middleware protects the transport only when it wraps the
served app: passed to ``Starlette(middleware=[Middleware(Cls)])``, ``app.add_middleware(Cls)``
(any ``*middleware*`` call or keyword naming the class), or called on the ASGI app
(``app = Cls(app)``). The auth words inside a file whose middleware classes are none of that
(its imports and those classes' bodies) are no evidence of auth.
"""

from __future__ import annotations

import ast
import re
from typing import List, Set, Tuple

_MIDDLEWARE_CLASS = re.compile(r"^\s*class\s+\w*Middleware\b", re.M)


def _names(node: ast.AST) -> Set[str]:
    """The identifiers ``node`` mentions (names and attribute names)."""
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
    return out


def _app_methods() -> frozenset:
    from ...catalog import catalog

    return frozenset(catalog().python.surface.app_methods)


def _on_method(py, call) -> bool:
    """``call`` is made on an MCP server's app method itself (``mcp.http_app.add_middleware``, or
    a local bound to ``mcp.http_app``): it installs nothing (analysis/boundapps.py)."""
    from ..boundapps import ast_method_receiver

    recv = call.func.value if isinstance(call.func, ast.Attribute) else None
    scope = py.enclosing_func(call) or ast.Module(body=list(py.assigns), type_ignores=[])
    return recv is not None and ast_method_receiver(recv, scope, _app_methods(), py.assigns)


def _attached(ctx, cls: str) -> bool:
    """Some call of the project attaches middleware class ``cls`` to an app."""
    for py, call, name in ctx.calls(lambda n: True):
        callee = name.rsplit(".", 1)[-1]
        args = [*call.args, *(k.value for k in call.keywords)]
        if "middleware" in callee.lower() and any(cls in _names(a) for a in args) and not _on_method(py, call):
            return True  # add_middleware(Cls), Middleware(Cls, ...)
        if any(k.arg and "middleware" in k.arg.lower() and cls in _names(k.value) for k in call.keywords):
            return True  # Starlette(middleware=[...Cls...]), FastMCP(middleware=[Cls()])
        if callee == cls and call.args and any("app" in n.lower() for n in _names(call.args[0])):
            return True  # app = Cls(app): wraps the ASGI app
    return False


def _unattached_spans(ctx, py) -> List[Tuple[int, int]]:
    """Line spans of the file's middleware classes none of which is attached, with its import
    lines; empty when one of them is attached (or the file defines none)."""
    if not _MIDDLEWARE_CLASS.search(py.text):
        return []
    try:
        tree = ast.parse(py.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Middleware")]
    if not classes or any(_attached(ctx, c.name) for c in classes):
        return []
    spans = [(c.lineno, c.end_lineno or c.lineno) for c in classes]
    spans += [(n.lineno, n.end_lineno or n.lineno) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    return spans


def drop_unattached(ctx, ev) -> None:
    """Take out of ``ev`` the auth words of middleware classes the served app never runs."""
    for py in ctx.py:
        locs = [loc for loc in ev.raw() if loc[0] == py.path]
        if not locs:
            continue
        spans = _unattached_spans(ctx, py)
        for path, line in locs:
            if any(a <= line <= b for a, b in spans):
                ev.discard(path, line)


__all__ = ["drop_unattached"]
