"""Credentials read from the URL's query string of an HTTP request: the access log writes them.

A server served over HTTP that takes a credential from the query string of the request
(``request.query_params.get("api_key")``, ``params = dict(request.query_params)`` then
``params["password"]``, Flask's ``request.args.get("token")``; a connection URL of the form
``https://host/mcp?password=...``) hands that secret to every log of request lines on the way:
uvicorn's access log writes each request line, query string included, at INFO by default (as
werkzeug's does for Flask), and so do the proxies in front. The secret belongs in a header.

:func:`query_credentials` finds, per function, the reads of credential-named keys (a constant
key the catalog's secret names match, or a constant whose own name does:
``PASSWORD_QUERY_PARAM``) from a request object's query mapping. The vocabulary (the query
attributes, the request names, the options that turn the access log off) is data:
``http.query-credentials`` in ``rules/models/python/mcp.yaml``. Nothing is reported when the
project turns the access log off.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Iterator, List, Optional, Set, Tuple

from ..sources import is_test_path
from .unreferenced import unreferenced


def _spec() -> Dict:
    from ..catalog import catalog

    return catalog().python.surface.query_credentials or {}


def _request(node, names: "re.Pattern[str]") -> bool:
    """Whether ``node`` is a request object: a name the catalog calls one (``request``, ``req``),
    or an attribute of that name (``ctx.request_context.request``)."""
    if isinstance(node, ast.Name):
        return bool(names.match(node.id))
    return isinstance(node, ast.Attribute) and bool(names.match(node.attr))


def _query(node, spec, names) -> bool:
    """``request.query_params`` (or ``dict(request.query_params)``): the request's query mapping."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" \
            and len(node.args) == 1:
        node = node.args[0]
    return isinstance(node, ast.Attribute) and node.attr in spec["attributes"] and _request(node.value, names)


def _consts(tree: ast.Module) -> Dict[str, str]:
    """Module-level names bound to a string (``PASSWORD_PARAM = "password"``)."""
    out: Dict[str, str] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            out.update((t.id, stmt.value.value) for t in stmt.targets if isinstance(t, ast.Name))
    return out


def _key(node, consts: Dict[str, str]) -> Optional[str]:
    """The credential a key names: a string constant, or a name (its value or its own name)."""
    from ..catalog import catalog

    secret = catalog().python.is_secret_name
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if secret(node.value) else None
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
    if name is None:
        return None
    value = consts.get(name)
    if value is not None and secret(value):
        return value
    return name if secret(name) else None


def _reads(fn, spec, names, consts) -> Iterator[tuple]:
    """(line, key) of each credential read from the function's query mappings, in order."""
    held: Set[str] = set()  # names given a query mapping so far

    def mapping(x) -> bool:
        return _query(x, spec, names) or isinstance(x, ast.Name) and x.id in held

    nodes = sorted((n for n in ast.walk(fn) if hasattr(n, "lineno")), key=lambda n: (n.lineno, n.col_offset))
    for node in nodes:
        if isinstance(node, ast.Assign) and _query(node.value, spec, names):
            held.update(t.id for t in node.targets if isinstance(t, ast.Name))
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "getlist") \
                and node.args and mapping(node.func.value):
            key = _key(node.args[0], consts)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and mapping(node.value):
            key = _key(node.slice, consts)
        else:
            continue
        if key:
            yield node.lineno, key


def query_credentials(project) -> List[Dict[str, object]]:
    """``{"path", "line", "function", "keys", "unreferenced"}`` for each function of the project's
    (non-test) Python files that reads a credential from a request's query string, unless the
    project turns the access log off; ``unreferenced``: an undecorated module-level function that
    nothing used names (no route, ``Depends()`` or call: unreferenced.py)."""
    spec = _spec()
    if not spec:
        return []
    attrs = tuple(spec["attributes"])
    off = re.compile(spec["access-log-off"])
    names = re.compile(spec["request-names"])
    files = [(p, f) for p, f in sorted(project.files.items()) if p.endswith(".py") and not is_test_path(p)]
    if any(off.search(f.text) for _, f in files):
        return []
    out: List[Dict[str, object]] = []
    seen: Set[Tuple[str, int]] = set()  # (path, first line) reported: a nested function's reads are its outer one's too
    for path, f in files:
        if not any(f".{a}" in f.text for a in attrs):
            continue
        try:
            tree = ast.parse(f.text)
        except (SyntaxError, ValueError):
            continue
        consts = _consts(tree)
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            reads = list(_reads(fn, spec, names, consts))
            if reads and (path, reads[0][0]) not in seen:
                seen.add((path, reads[0][0]))
                keys = list(dict.fromkeys(k for _, k in reads))
                dead = fn in tree.body and not fn.decorator_list and unreferenced(project, fn.name)
                out.append({"path": path, "line": reads[0][0], "function": fn.name, "keys": keys, "unreferenced": dead})
    return out
