"""An auth object that stays None unless a branch sets it.

``auth_verifier = None`` followed by an ``if``/``try`` whose branches set it only under a
condition (``if provider_spec: ... auth_verifier = target()``), then ``FastMCP(auth=auth_verifier)``
in the same scope: the server starts without authentication on every path that skips the
branch (no provider configured, the default). A name that every path sets (an ``if`` with an
``else`` setting it too, or a branch that raises) is not optional; neither is a name assigned
without a ``None`` first, nor one whose scope this module cannot read (a module-level name used in
a function: other code may set it first).

:func:`none_unless_set` answers with the ``None`` line and the first line a branch sets it on.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple


def _is_none(node: Optional[ast.AST]) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _sets(stmt: ast.stmt, name: str) -> bool:
    """``name = <not None>`` (or ``name: T = ...``) as this statement."""
    if isinstance(stmt, ast.Assign):
        hit = any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)
        return hit and not _is_none(stmt.value)
    if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        return isinstance(stmt.target, ast.Name) and stmt.target.id == name and not _is_none(stmt.value)
    return False


def _always(stmts: List[ast.stmt], name: str) -> bool:
    """Every path through ``stmts`` sets ``name`` to something other than None, or leaves them
    (a ``raise``, a ``return``, ``sys.exit``-like ``raise SystemExit``)."""
    for s in stmts:
        if _sets(s, name) or isinstance(s, (ast.Raise, ast.Return)):
            return True
        if isinstance(s, ast.If) and _always(s.body, name) and _always(s.orelse, name):
            return True
        if isinstance(s, (ast.With, ast.AsyncWith)) and _always(s.body, name):
            return True
        if isinstance(s, ast.Try) and _always(s.body + s.orelse, name) and \
                all(_always(h.body, name) for h in s.handlers):
            return True
    return False


def _first_set(stmt: ast.stmt, name: str) -> Optional[int]:
    """The first line inside ``stmt`` (at any depth, not in a nested function) setting ``name``."""
    stack = [stmt]
    lines = []
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(n, ast.stmt) and _sets(n, name):
            lines.append(n.lineno)
        stack.extend(ast.iter_child_nodes(n))
    return min(lines) if lines else None


def _scope(tree: ast.Module, line: int) -> List[ast.stmt]:
    """The body of the innermost function holding ``line`` (the module's body outside any)."""
    best = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                node.lineno <= line <= (node.end_lineno or node.lineno) and (best is None or node.lineno > best.lineno):
            best = node
    return best.body if best is not None else tree.body


def none_unless_set(tree: Optional[ast.Module], name: str, line: int) -> Optional[Tuple[int, int]]:
    """``(none_line, set_line)`` when ``name``, used on ``line``, was set to None in the same
    scope and afterwards only set under a condition; None otherwise."""
    if tree is None:
        return None
    state, none_line, set_line = None, 0, 0
    for stmt in _scope(tree, line):
        if stmt.lineno >= line or (stmt.end_lineno or stmt.lineno) >= line:
            break
        if isinstance(stmt, ast.Assign) and _is_none(stmt.value) and \
                any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            state, none_line = "none", stmt.lineno
        elif _always([stmt], name):
            state = "set"
        elif state in ("none", "maybe"):
            first = _first_set(stmt, name)
            if first is not None:
                state, set_line = "maybe", set_line or first
    return (none_line, set_line) if state == "maybe" else None


def parsed(mod) -> Optional[ast.Module]:
    """The module's ``ast`` tree, parsed once (None when it does not parse)."""
    if "_noneauth_tree" not in mod.__dict__:
        try:
            mod.__dict__["_noneauth_tree"] = ast.parse(mod.text)
        except (SyntaxError, ValueError):
            mod.__dict__["_noneauth_tree"] = None
    return mod.__dict__["_noneauth_tree"]
