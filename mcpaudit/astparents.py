"""The parent of every node of a Python ``ast`` tree (the bandit context, the optional-auth
posture check and the opt-in TLS demotion each walk up from a hit)."""

from __future__ import annotations

import ast
from typing import Dict, Optional


def parents(tree: ast.AST) -> Dict[int, ast.AST]:
    """``id(child) -> parent`` for every node of ``tree``."""
    out: Dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            out[id(child)] = node
    return out


def enclosing_function(node: ast.AST, parents: Dict[int, ast.AST]) -> Optional[ast.AST]:
    """The innermost function definition holding ``node`` (``parents`` from :func:`parents`), or None."""
    fn = parents.get(id(node))
    while fn is not None and not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        fn = parents.get(id(fn))
    return fn
