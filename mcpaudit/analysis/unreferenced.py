"""Module-level functions that nothing in the project refers to (issue 12).

A request-reading helper shaped like a FastAPI dependency (``async def get_api_key(request:
Request, key=Depends(HEADER))``) reads the request only when some route, router,
``Depends(...)`` or call names it. One that nothing names - or that only other unreferenced
helpers name (``get_api_key_user(api_key=Depends(get_api_key))``, itself used nowhere) - is dead
code, and what it reads is no finding of the running server (the audit view keeps it).

:func:`unreferenced` answers for an undecorated module-level function: every mention of its name
in the project's Python files (an identifier, or a word in a string other than a docstring:
``"pkg.auth:get_api_key"``) is inside another undecorated module-level function that is itself unreferenced. A decorator
registers a function (a route, a tool), so a decorated one always counts as used, as does a
mention at module level, in a class or in a decorated function, or in a launcher file at the
project root (``pyproject.toml``'s entry points, a ``Procfile``, a ``Dockerfile``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

#: a mention of a name: the module-level function it is in (None: elsewhere, a use)
_Mentions = List[Optional[str]]


def _index(project, name: str) -> Tuple[Dict[str, _Mentions], Dict[str, bool]]:
    """Every mention of ``name``, and, for each module-level function, whether it is decorated."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    mentions: Dict[str, _Mentions] = {}
    decorated: Dict[str, bool] = {}
    for path, f in project.files.items():
        if not path.endswith(".py") or not word.search(f.text):
            continue
        try:
            tree = ast.parse(f.text)
        except (SyntaxError, ValueError):
            mentions.setdefault(name, []).append(None)
            continue
        docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
        for n in ast.walk(tree):
            if id(n) not in docs and isinstance(n, (ast.Name, ast.Attribute, ast.Constant, ast.alias)) and _names(n, word):
                mentions.setdefault(name, []).append(_owner(tree, n, decorated))
    return mentions, decorated


def _names(n, word) -> bool:
    if isinstance(n, ast.Name):
        return word.fullmatch(n.id) is not None
    if isinstance(n, ast.Attribute):
        return word.fullmatch(n.attr) is not None
    if isinstance(n, ast.alias):
        return word.fullmatch(n.name.split(".")[-1]) is not None or (n.asname or "") and word.fullmatch(n.asname)
    return isinstance(n.value, str) and word.search(n.value) is not None


def _owner(tree: ast.Module, node, decorated: Dict[str, bool]) -> Optional[str]:
    """The undecorated module-level function whose text holds ``node`` (its signature or body)."""
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                stmt.lineno <= node.lineno <= (stmt.end_lineno or stmt.lineno):
            decorated[stmt.name] = decorated.get(stmt.name, False) or bool(stmt.decorator_list)
            if stmt.decorator_list and any(node.lineno <= (d.end_lineno or d.lineno) for d in stmt.decorator_list):
                return None  # a decorator's argument: module-level code
            return None if stmt.decorator_list else stmt.name
    return None


#: files at the project root that launch a function by name (an entry point ``pkg.main:main``)
_LAUNCHERS = ("pyproject.toml", "setup.cfg", "Procfile", "Dockerfile", "docker-compose.yml", "compose.yaml")


def _launched(project, name: str) -> bool:
    root = getattr(project, "root", None)
    word = re.compile(rf"\b{re.escape(name)}\b")
    for fname in _LAUNCHERS if root is not None else ():
        try:
            if word.search((Path(root) / fname).read_text(encoding="utf-8", errors="replace")):
                return True
        except OSError:
            continue
    return False


def unreferenced(project, name: str, seen: Optional[Set[str]] = None) -> bool:
    """``name`` (an undecorated module-level function) is named by nothing that is used."""
    seen = set() if seen is None else seen
    if name in seen:
        return True  # a cycle of helpers adds no use
    seen.add(name)
    mentions, decorated = _index(project, name)
    if decorated.get(name) or _launched(project, name):
        return False
    outside = [m for m in mentions.get(name, []) if m != name]
    return all(m is not None and unreferenced(project, m, seen) for m in outside)


__all__ = ["unreferenced"]
