"""Bandit's value tests on constants this process neither opens nor binds.

``B108`` (a hard-coded ``/tmp`` path) and ``B104`` (``"0.0.0.0"``) report a string constant
wherever it is. Two places where the constant is no hazard of this process:

* The default of a parameter the function only forwards: put in a dict display (``data =
  {"output_dir": output_dir}``, ``data["host"] = host``), tested, or formatted into a log line,
  never handed to a call itself. A client of the project's own API (an MCP tool that posts its
  arguments to a server) opens no file and binds no socket there; the process that receives the
  value does, and is reported where it does (:func:`forwarded_defaults`).
* The default of a parameter the function never reads (an override keeping its base class's
  signature, ``def run(self, code, output_dir="/tmp/plots"):`` whose body ignores it): the default
  is never used. A function that reads ``locals()``/``vars()`` keeps it (:func:`forwarded_defaults`).
* A fixed temporary file only tested for (``os.path.exists``) or removed (``os.remove``) in a
  function that also writes it under the same literal, reported at that write: unlinking does
  not follow a symlink, the hazard is the write, one finding (:func:`followups`).

Such hits move to the audit view with the reason.
"""

from __future__ import annotations

import ast
from typing import Dict, Iterable, List, Optional, Tuple, Union

from ..astparents import parents as _parents
from .bandit_cleanup import _callee

FORWARDED = ("the constant is the default of a parameter the function only forwards (in a request body "
             "or a dict it builds): this process neither opens nor binds it here")
UNUSED = ("the constant is the default of a parameter the function never reads (an override that ignores it): "
          "this process neither opens nor binds it here")

#: calls that only test for a path or remove it (B108 follow-ups of a write)
_TESTS = frozenset({"exists", "isfile", "isdir", "lexists"})
_REMOVERS = frozenset({"remove", "unlink"})
_LOGS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "print"})


def _default_params(fn: ast.AST) -> Dict[int, str]:
    """id(default constant) -> the parameter it is the default of."""
    a = fn.args
    out: Dict[int, str] = {}
    positional = [*a.posonlyargs, *a.args]
    for arg, d in zip(positional[len(positional) - len(a.defaults):], a.defaults):
        out[id(d)] = arg.arg
    for arg, d in zip(a.kwonlyargs, a.kw_defaults):
        if d is not None:
            out[id(d)] = arg.arg
    return out


def _forwarded_use(node: ast.AST, parents: Dict[int, ast.AST]) -> bool:
    """A read of a parameter that only carries it: a dict display's value, the value assigned
    to an item, a test, or a value formatted into a log line."""
    p = parents.get(id(node))
    if isinstance(p, ast.Dict):
        return any(v is node for v in p.values)
    if isinstance(p, ast.Assign):
        return p.value is node and all(isinstance(t, ast.Subscript) for t in p.targets)
    if isinstance(p, (ast.If, ast.IfExp, ast.While)):
        return p.test is node
    if isinstance(p, (ast.BoolOp, ast.Compare)) or (isinstance(p, ast.UnaryOp) and isinstance(p.op, ast.Not)):
        return True
    if isinstance(p, ast.FormattedValue):
        s = parents.get(id(parents.get(id(p))))
        return isinstance(s, ast.Call) and _callee(s) in _LOGS
    return False


def _only_forwarded(fn: ast.AST, name: str, parents: Dict[int, ast.AST]) -> bool:
    uses = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == name]
    if any(not isinstance(u.ctx, ast.Load) for u in uses):
        return False  # rebound: the value may be used otherwise
    body = [u for u in uses if not any(u is d for d in fn.args.defaults)]
    return bool(body) and all(_forwarded_use(u, parents) for u in body)


def _never_read(fn: ast.AST, name: str) -> bool:
    """The function's body names the parameter nowhere (nor reads ``locals()``/``vars()``)."""
    for n in ast.walk(fn):
        if isinstance(n, ast.Name) and (n.id == name or (n.id in ("locals", "vars") and isinstance(n.ctx, ast.Load))):
            return False
    return True


def parsed(source: Union[str, ast.AST]) -> Optional[ast.AST]:
    """The module's tree (``source`` as text or already parsed), None when it does not parse."""
    if isinstance(source, ast.AST):
        return source
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def forwarded_defaults(text: Union[str, ast.AST], hits: Iterable[Tuple[int, int]]) -> Dict[Tuple[int, int], str]:
    """For B108/B104 hits at (line, 0-based column): the ones whose constant is the default of a
    parameter the function only forwards (:data:`FORWARDED`) or never reads (:data:`UNUSED`). ``text``: the source or its tree."""
    want = set(hits)
    tree = parsed(text)
    if tree is None:
        return {}
    parents = None
    out: Dict[Tuple[int, int], str] = {}
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for d in [*fn.args.defaults, *fn.args.kw_defaults]:
            if d is None or (d.lineno, d.col_offset) not in want:
                continue
            parents = parents if parents is not None else _parents(tree)
            name = _default_params(fn).get(id(d))
            if name and _never_read(fn, name):
                out[(d.lineno, d.col_offset)] = UNUSED
            elif name and _only_forwarded(fn, name, parents):
                out[(d.lineno, d.col_offset)] = FORWARDED
    return out


def _literal(node: Optional[ast.AST]) -> Optional[str]:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def followups(text: Union[str, ast.AST], hits: Iterable[Tuple[int, int]]) -> Dict[Tuple[int, int], str]:
    """For B108 hits at (line, 0-based column): the existence tests and removals of a literal
    path that another B108 hit of the same function, not itself such a follow-up, writes.
    ``text``: the source or its tree."""
    hits = list(hits)
    tree = parsed(text)
    if tree is None:
        return {}
    at = set(hits)
    out: Dict[Tuple[int, int], str] = {}
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        follow: List[Tuple[ast.Constant, str]] = []
        kept: Dict[str, int] = {}
        for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
            lit = call.args[0] if call.args else None
            if _literal(lit) is not None and (lit.lineno, lit.col_offset) in at and _callee(call) in _TESTS | _REMOVERS:
                follow.append((lit, lit.value))
        marked = {id(c) for c, _ in follow}
        for n in ast.walk(fn):
            if _literal(n) is not None and (n.lineno, n.col_offset) in at and id(n) not in marked:
                kept.setdefault(n.value, n.lineno)
        for lit, value in follow:
            if value in kept:
                out[(lit.lineno, lit.col_offset)] = (f"the file is only tested for or removed here; its write "
                                                     f"under the same name is reported at line {kept[value]}")
    return out


__all__ = ["FORWARDED", "UNUSED", "followups", "forwarded_defaults"]
