"""A hand-written API-key check that only applies when a key is configured.

The posture takes an Authorization / X-API-Key header read next to a 401 as authentication. A
check written as::

    if config.api_key and provided != config.api_key:
        return 401

    if settings.token:
        if request.headers.get("authorization") != settings.token:
            raise HTTPException(401)

rejects nothing while the key is unset: the server starts without authentication unless its
operator configures one. :func:`optional_check` finds the file's rejecting checks and says whether
each of them is guarded by "the secret is set" (a name or attribute that names a key, token,
secret or password and is not read from the request).
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Set, Tuple
from ...astparents import enclosing_function, parents as _parents

_SECRET = re.compile(r"(key|token|secret|passw|auth)", re.I)
_REQUEST = re.compile(r"header|request|scope|\breq\b|environ\b", re.I)
_UNAUTH_TEXT = re.compile(r"\b401\b|unauthori[sz]ed|HTTP_401", re.I)


def _rejects(nodes: List[ast.stmt]) -> bool:
    """A 401 / Unauthorized in these statements."""
    for stmt in nodes:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Constant) and (n.value == 401 or (
                    isinstance(n.value, (str, bytes)) and _UNAUTH_TEXT.search(
                        n.value if isinstance(n.value, str) else n.value.decode("latin-1")))):
                return True
            if isinstance(n, (ast.Name, ast.Attribute)) and "401" in (n.id if isinstance(n, ast.Name) else n.attr):
                return True
    return False


def _request_names(fn: Optional[ast.AST]) -> Set[str]:
    """Names the function assigns from the request (its headers, scope), transitively."""
    out: Set[str] = set()
    if fn is None:
        return out
    assigns = [n for n in ast.walk(fn) if isinstance(n, ast.Assign)]
    for _ in range(3):
        for a in assigns:
            src = ast.unparse(a.value)
            if _REQUEST.search(src) or any(re.search(rf"\b{re.escape(n)}\b", src) for n in out):
                out.update(t.id for t in a.targets if isinstance(t, ast.Name))
    return out


def _secret_set(test: ast.AST, request: Set[str]) -> Optional[str]:
    """``test`` is "the configured secret is set": ``key``, ``cfg.api_key``, ``key is not None``,
    ``bool(key)``, ``len(key)``; the secret's source text, or None."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.IsNot) and \
            isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
        test = test.left
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id in ("bool", "len") \
            and len(test.args) == 1:
        test = test.args[0]
    if isinstance(test, ast.Name):
        ok = bool(_SECRET.search(test.id)) and test.id not in request
    elif isinstance(test, ast.Attribute):
        root = test
        while isinstance(root, ast.Attribute):
            root = root.value
        src = ast.unparse(test)
        ok = bool(_SECRET.search(test.attr)) and not _REQUEST.search(src) and \
            not (isinstance(root, ast.Name) and root.id in request)
    else:
        return None
    return ast.unparse(test) if ok else None


def _secret_unset(test: ast.AST, request: Set[str]) -> Optional[str]:
    """``test`` is "the configured secret is unset": ``not key``, ``key is None``, ``key == ""``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _secret_set(test.operand, request)
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Constant) and (
            (isinstance(test.ops[0], ast.Is) and test.comparators[0].value is None)
            or (isinstance(test.ops[0], ast.Eq) and test.comparators[0].value == "")):
        return _secret_set(test.left, request)
    return None


def _allows(stmt: ast.stmt) -> bool:
    """A statement that lets the request through: ``return True`` (or another true constant),
    a bare ``return`` / ``return None`` (a dependency that raised nothing), or ``return await
    call_next(request)`` (a middleware handing on)."""
    if not isinstance(stmt, ast.Return):
        return False
    v = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
    if v is None or (isinstance(v, ast.Constant) and (v.value is None or (v.value is not False and bool(v.value)))):
        return True
    return isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "call_next"


def early_allow(fn: Optional[ast.AST], before: Optional[ast.AST] = None) -> Optional[str]:
    """The secret whose being unset makes ``fn`` let every request through first thing (py53a):
    an ``if not KEY: return True`` among its top-level statements (before ``before``, one of them,
    when given) whose body only allows (comments and logging aside). A check that fails open."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    request = _request_names(fn)
    for stmt in fn.body:
        if stmt is before:
            break
        if not isinstance(stmt, ast.If) or stmt.orelse:
            continue
        body = [b for b in stmt.body if not (isinstance(b, ast.Expr) and isinstance(b.value, (ast.Call, ast.Constant)))]
        if len(body) == 1 and _allows(body[0]):
            secret = _secret_unset(stmt.test, request)
            if secret:
                return secret
    return None


def _called_check(test: ast.AST, defs: Dict[str, ast.AST]) -> Optional[str]:
    """``if not verify_api_key(request):`` (awaited too) with ``verify_api_key`` a function of
    the file that lets everything through while its key is unset: that key."""
    if not (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):
        return None
    call = test.operand.value if isinstance(test.operand, ast.Await) else test.operand
    if not isinstance(call, ast.Call):
        return None
    name = call.func.id if isinstance(call.func, ast.Name) else call.func.attr if isinstance(call.func, ast.Attribute) \
        else None
    return early_allow(defs.get(name)) if name else None


def optional_check(tree: ast.AST) -> Optional[Tuple[int, str]]:
    """(line, secret) when every rejecting check of the file (an ``if`` whose body answers 401)
    applies only while a configured secret is set; None when one rejects unconditionally, or
    there is none."""
    parents = _parents(tree)
    rejecting = [n for n in ast.walk(tree) if isinstance(n, ast.If) and _rejects(n.body)]
    inner = [n for n in rejecting
             if not any(m is not n and isinstance(m, ast.If) and _rejects(m.body) for s in n.body for m in ast.walk(s))]
    if not inner:
        return None
    first: Optional[Tuple[int, str]] = None
    defs = {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for node in inner:
        fn = enclosing_function(node, parents)
        request = _request_names(fn)
        secret = _guard(node, parents, request, fn) or _called_check(node.test, defs) or \
            early_allow(fn, _top_statement(node, parents, fn))
        if secret is None:
            return None
        first = first or (node.lineno, secret)
    return first


def _top_statement(node: ast.AST, parents: Dict[int, ast.AST], fn: Optional[ast.AST]) -> Optional[ast.AST]:
    """The statement of ``fn``'s own body that holds ``node``."""
    child, p = node, parents.get(id(node))
    while p is not None and p is not fn:
        child, p = p, parents.get(id(p))
    return child if p is fn else None


def _guard(node: ast.If, parents: Dict[int, ast.AST], request: Set[str], fn: Optional[ast.AST]) -> Optional[str]:
    """The secret whose being set guards the rejecting ``node``: a first operand of its ``and``
    test, or the test of an enclosing ``if`` it is in the body of."""
    test = node.test
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        secret = _secret_set(test.values[0], request)
        if secret:
            return secret
    child, p = node, parents.get(id(node))
    while p is not None and p is not fn:
        if isinstance(p, ast.If) and child in p.body:
            secret = _secret_set(p.test, request)
            if secret:
                return secret
        child, p = p, parents.get(id(p))
    return None
