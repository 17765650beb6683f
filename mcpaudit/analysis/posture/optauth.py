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
    for node in inner:
        fn = enclosing_function(node, parents)
        request = _request_names(fn)
        secret = _guard(node, parents, request, fn)
        if secret is None:
            return None
        first = first or (node.lineno, secret)
    return first


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
