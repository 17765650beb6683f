"""Servers whose every tool runs on the caller's own upstream credential.

A hosted MCP server in front of a vendor API often holds no key of its own: each tool takes the
caller's key from the request that carries the call (fastmcp's ``get_http_headers()``, a
Starlette ``request.headers``) and fails without it::

    def get_api_key(ctx) -> str:
        key = get_http_headers().get("x-api-key")
        if key:
            return key
        raise ValueError("an API key is required")

    @mcp.tool()
    def search(query: str, ctx: Context) -> dict:
        client = VendorClient(get_api_key(ctx))      # every tool, before its work
        return client.search(query)

Such a server is authenticated by the vendor: a caller without a valid key of their own gets
nothing but the error, and a caller with one acts with their own account. That holds only when

* every tool of the project (outside tests) calls such a getter unconditionally - in its own body,
  or through project functions that do (``client = make_client(ctx)``), not under an ``if``;
* the getter reads a credential-named header (``Authorization``, ``X-API-Key``, any header the
  secret-name models call a credential) from the request's headers and raises on some path
  (a ``raise`` outside an ``except`` handler);
* the server holds no credential of its own: no module outside tests reads a secret-named
  environment variable (``os.getenv("VENDOR_API_KEY")``, ``os.environ[...]``) or declares a
  secret-named field on a pydantic ``BaseSettings`` class.

Then (:func:`settle`) the project's auth evidence gets a ``request-credential`` record (the rule
http-transport-no-auth and the posture fact ``http.auth`` see it, and bandit's B104 on the
transport goes with it, inventory.reconcile_http), and a path-only URL fill that was a default
finding because its request carries a credential (reqcreds.py) is an audit result: the credential
is the caller's own, so the path reaches nothing the caller could not reach with it directly.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set

from ..catalog import catalog
from ..models import Confidence
from ..sources import is_fixture_path, is_test_path
from .reqcreds import callers_own

#: a quoted header name that may carry a credential (a cheap pre-filter on a module's text)
_MAYBE_HEADER = re.compile(r"[\"'][\w-]*(?:authorization|api[-_]?key|token|secret)[\w-]*[\"']", re.I)
#: a string read at a key (``.get("X-API-Key")`` or ``["Authorization"]``): the text of a module
#: where a function reads a credential header has one whose key is a credential header's name
#: (a test on the text before any parse: most modules that name a token read none this way);
#: not a read of ``os.environ`` (no request's headers) and not a store
_KEYED = re.compile(r"""(?<!\bos\.environ)(?:\.\s*get\s*\(\s*|\[\s*)\(?\s*[rRbBuU]{0,2}(?:"{1,3}|'{1,3})([^"'\n]*)["']{1,3}"""
                    r"""(?!\s*\]\s*=(?!=))""")  # not a store (``headers["Authorization"] = ...``)
#: functions that return the current request's headers (fastmcp.server.dependencies)
_HEADER_GETTERS = frozenset({"get_http_headers"})
_ENV_READ = re.compile(r"(?:getenv|environ\.get|environ)\s*[(\[]\s*[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']")
#: statements whose body may not run: a call there is no call on every path
_CONDITIONAL = (ast.If, ast.IfExp, ast.While, ast.For, ast.AsyncFor, ast.BoolOp, ast.ListComp, ast.SetComp,
                ast.DictComp, ast.GeneratorExp, ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                ast.ExceptHandler)
_MAX_ROUNDS = 4


@dataclass
class _Files:
    texts: Dict[str, str]
    trees: Dict[str, Optional[ast.AST]] = field(default_factory=dict)

    def tree(self, path: str) -> Optional[ast.AST]:
        if path not in self.trees:
            try:
                self.trees[path] = ast.parse(self.texts[path])
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                self.trees[path] = None
        return self.trees[path]


def _functions(tree: ast.AST) -> Iterable[ast.AST]:
    return (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))


def _credential_header(name: str) -> bool:
    low = name.strip().lower()
    return low == "authorization" or catalog().python.is_secret_name(low.replace("-", "_"))


def _headers_expr(node: ast.AST, bound: Set[str]) -> bool:
    """The request's headers: ``x.headers``, ``get_http_headers()``, or a local bound to either."""
    if isinstance(node, ast.Attribute) and node.attr == "headers":
        return True
    if isinstance(node, ast.Call):
        f = node.func
        return (f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else "") in _HEADER_GETTERS
    return isinstance(node, ast.Name) and node.id in bound


def _reads_header(fn: ast.AST) -> Optional[str]:
    """The credential header ``fn`` reads from the request's headers, if any."""
    bound = {t.id for n in ast.walk(fn) if isinstance(n, ast.Assign) and _headers_expr(n.value, set())
             for t in n.targets if isinstance(t, ast.Name)}
    for n in ast.walk(fn):
        key = base = None
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get" and n.args:
            key, base = n.args[0], n.func.value
        elif isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load):
            key, base = n.slice, n.value
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and _credential_header(key.value) \
                and _headers_expr(base, bound):
            return key.value
    return None


def _keyed_text(text: str) -> bool:
    return any(_credential_header(k) for k in set(_KEYED.findall(text)))


def _keyed_read(tree: ast.AST) -> bool:
    """Whether some function of the module may read a credential header (``x.headers.get("X-API-Key")``,
    ``headers["Authorization"]`` with ``headers = get_http_headers()``): a read at a credential
    header's name of the request's headers, or of a name the module binds to them anywhere (a
    superset of :func:`_reads_header`'s test of each function). One walk that spares that test's
    walks of every function (nested ones again with each enclosing function) where none can."""
    bound: Set[str] = set()
    keyed: List[tuple] = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Assign):
            if _headers_expr(n.value, set()):
                bound.update(t.id for t in n.targets if isinstance(t, ast.Name))
            continue
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get" and n.args:
            key, base = n.args[0], n.func.value
        elif isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load):
            key, base = n.slice, n.value
        else:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            keyed.append((key.value, base))
    return any(_headers_expr(base, bound) and _credential_header(key) for key, base in keyed)


def _raises(fn: ast.AST) -> bool:
    """A ``raise`` of ``fn`` outside its ``except`` handlers (and outside nested functions)."""
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Raise):
            return True
        if not isinstance(n, (ast.ExceptHandler, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(n))
    return False


def _called_always(fn: ast.AST) -> Set[str]:
    """Names of the functions ``fn`` calls on every path (not under an if, a loop, a boolean
    operator or an except handler; a try or with body counts)."""
    out: Set[str] = set()
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        n = stack.pop()
        if isinstance(n, _CONDITIONAL):
            continue
        if isinstance(n, ast.Call):
            f = n.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name:
                out.add(name)
        stack.extend(ast.iter_child_nodes(n))
    return out


def _env_credential(files: _Files) -> bool:
    """Whether some module outside tests reads a secret-named environment variable or declares a
    secret-named field on a pydantic settings class."""
    py = catalog().python
    for path, text in files.texts.items():
        if any(py.is_secret_env(k) for k in _ENV_READ.findall(text)):
            return True
        if "BaseSettings" in text and (tree := files.tree(path)) is not None:
            for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in cls.bases}
                if "BaseSettings" in bases and any(
                        isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and py.is_secret_name(s.target.id)
                        for s in cls.body):
                    return True
    return False


def _find(tree: ast.AST, qualname: str) -> Optional[ast.AST]:
    """The function ``qualname`` (``outer.inner``, ``Class.method``) of a module."""
    scope: List[ast.AST] = [tree]
    found = None
    for part in qualname.split("."):
        found = next((n for s in scope for n in ast.walk(s)
                      if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == part), None)
        if found is None:
            return None
        scope = [found]
    return found if isinstance(found, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


def caller_credential(project) -> Optional[dict]:
    """The ``request-credential`` auth record when every tool runs on the caller's credential
    (module docstring), else None."""
    texts = {p: sf.text for p, sf in project.files.items() if p.endswith(".py") and not is_test_path(p)}
    # the project's own modules, not its test fixtures' (unless the fixtures are all there is)
    texts = {p: t for p, t in texts.items() if not is_fixture_path(p)} or texts
    tools = [t for t in project.tools if t.kind == "tool" and t.location.path in texts]
    if not tools or not any(_MAYBE_HEADER.search(t) for t in texts.values()):
        return None
    files = _Files(texts)
    getters: Dict[str, tuple] = {}
    for path, text in texts.items():
        if not _MAYBE_HEADER.search(text) or not _keyed_text(text) or (tree := files.tree(path)) is None \
                or not _keyed_read(tree):
            continue
        for fn in _functions(tree):
            header = _reads_header(fn)
            if header and _raises(fn):
                getters.setdefault(fn.name, (path, fn.lineno, header))
    if not getters or _env_credential(files):
        return None
    names = set(getters)
    for _ in range(_MAX_ROUNDS):  # project functions that call a getter on every path
        grown = set(names)
        for path, text in texts.items():
            if not any(n in text for n in names) or (tree := files.tree(path)) is None:
                continue
            grown |= {fn.name for fn in _functions(tree) if _called_always(fn) & names}
        if grown == names:
            break
        names = grown
    for t in tools:
        tree = files.tree(t.location.path)
        fn = _find(tree, t.function) if tree is not None else None
        if fn is None or not (_called_always(fn) & names):
            return None
    name, (path, line, header) = sorted(getters.items(), key=lambda kv: (kv[1][0], kv[1][1]))[0]
    return {"kind": "request-credential", "path": path, "pos": (line, 1, line, 1),
            "detail": f"{name}() reads the caller's credential from the request's '{header}' header and "
                      "raises without it; every tool needs it and the server holds no key of its own"}


def settle(project, raws) -> None:
    """Record the caller's per-request credential as the project's authentication, and make the
    path-only URL fills that were default findings for the credential their request carries audit
    results (module docstring)."""
    rec = caller_credential(project)
    if rec is None:
        return
    project.auth_evidence.append(rec)
    note = f"{rec['detail'].split('()')[0]}() at {rec['path']}:{rec['pos'][0]}"
    for raw in raws:
        if raw.family == "ssrf" and raw.confidence > Confidence.LOW:
            msg = callers_own(raw.message, note)
            if msg is not None:
                raw.message, raw.confidence = msg, Confidence.LOW


__all__ = ["caller_credential", "settle"]
