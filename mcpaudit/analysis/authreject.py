"""An "auth" middleware is authentication only if it can turn a request away.

Authentication middleware is recognised by its name (``AuthMiddleware``, anything mentioning
auth) where it is added to the app (``app.add_middleware(X)``, ``Middleware(X)``). When ``X`` is a
class of the project, what it does decides: a middleware that rejects a request answers 401 or
403 (``status_code=401``, ``HTTPException(403)``, ``HTTP_401_UNAUTHORIZED``, an ASGI
``http.response.start`` with such a status) or raises, in its own methods or in a function of
its module they call, or its ``dispatch``/``__call__`` returns on some path without calling the
app (``return JSONResponse(...)``). One that never does - it only copies headers into
``request.state`` or the scope and always calls the app - lets every request through: it is not authentication, and the
HTTP transport it wraps counts as unauthenticated. A class the analysis cannot read (a library's,
one defined outside the project) is trusted by its name as before.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Iterable, Optional, Set, Tuple

_STATUS = frozenset({401, 403})
_STATUS_NAMES = ("401", "403", "UNAUTHORIZED", "FORBIDDEN")


def _rejects(nodes: Iterable[ast.AST]) -> bool:
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Raise):
                return True
            if isinstance(node, ast.Constant) and type(node.value) is int and node.value in _STATUS:
                return True
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
            if name and any(s in name.upper() for s in _STATUS_NAMES):
                return True
    return False


def _calls_app(node: ast.AST) -> bool:
    """A call of the wrapped app (``self.app(...)``, ``call_next(...)``) in ``node``."""
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            f = n.func
            if (isinstance(f, ast.Name) and f.id == "call_next") or (isinstance(f, ast.Attribute) and f.attr == "app"):
                return True
    return False


def _turns_away(fn: ast.AST) -> bool:
    """A path of ``fn`` that ends without calling the app: a ``return`` of anything else that
    does not follow a call of it in its block (``return JSONResponse(...)``, ``return None``)."""
    for block in ast.walk(fn):
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(block, field, None)
            if not isinstance(stmts, list):
                continue
            for i, stmt in enumerate(stmts):
                if isinstance(stmt, ast.Return) and not (stmt.value is not None and _calls_app(stmt.value)) \
                        and not (i > 0 and _calls_app(stmts[i - 1])):
                    return True
    return False


def _called_names(cls: ast.ClassDef) -> Set[str]:
    out: Set[str] = set()
    for node in ast.walk(cls):
        if isinstance(node, ast.Call):
            f = node.func
            out.add(f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else "")
    return out


def never_rejects(text: str, cname: str) -> Optional[bool]:
    """Whether class ``cname`` of a module's ``text`` never answers 401/403 nor raises (in its
    methods or the module functions they call); None when the class cannot be read."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    cls = classes.get(cname)
    if cls is None:
        return None
    if any(not (isinstance(b, ast.Name) and b.id in ("object", "BaseHTTPMiddleware")) and
           not (isinstance(b, ast.Attribute) and b.attr == "BaseHTTPMiddleware") for b in cls.bases):
        return None  # a subclass of something else may inherit its checks
    helpers: Dict[str, ast.AST] = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    called = [helpers[n] for n in _called_names(cls) if n in helpers]
    handlers = [n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                and n.name in ("__call__", "dispatch")]
    if not handlers:
        return None
    return not _rejects([cls, *called]) and not any(_turns_away(h) for h in handlers)


def _only_class(project, cname: str) -> Optional[Tuple[str, str]]:
    """(path, cname) of the one Python file of the project that defines a class ``cname`` (a
    package ``__init__`` re-export the linker did not summarise), else None."""
    pattern = re.compile(rf"^class\s+{re.escape(cname)}\b", re.M)
    found = [p for p, sf in project.files.items() if p.endswith(".py") and pattern.search(sf.text)]
    return (found[0], cname) if len(found) == 1 else None


def passthrough_middleware(project, linker) -> None:
    """Mark the auth middleware records (``kind == "middleware"``) whose class is a project class
    that never rejects a request (``passthrough``: the reason): not transport authentication."""
    for rec in project.auth_evidence:
        dotted = rec.get("class")
        path = rec.get("path", "")
        if rec.get("kind") != "middleware" or not dotted or not path.endswith(".py"):
            continue
        ref = linker.class_ref(path, dotted) or _only_class(project, dotted.rsplit(".", 1)[-1])
        src = project.files.get(ref[0]) if ref is not None else None
        if src is None:
            continue
        if not never_rejects(src.text, ref[1]):
            _gated_off(project, rec, src.text, ref[1])
            continue
        rec["passthrough"] = (f"{ref[1]} ({ref[0]}) never rejects a request: no 401/403 answer and no raise, "
                              "it always calls the app")


def _gated_off(project, rec: dict, cls_text: str, cname: str) -> None:
    """A middleware that rejects only under a mode setting whose default turns it off
    (modegate.py): optional authentication, with the reason."""
    from .modegate import mode_gate

    site = project.files.get(rec.get("path", ""))
    if site is None or rec.get("optional"):
        return
    texts = [sf.text for p, sf in project.files.items() if p.endswith(".py") and "class " in sf.text]
    why = mode_gate(cls_text, cname, site.text, rec["pos"][0], texts)
    if why:
        rec["optional"] = rec["mode_gate"] = why
