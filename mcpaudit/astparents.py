"""The parent of every node of a Python ``ast`` tree (the bandit context, the optional-auth
posture check and the opt-in TLS demotion each walk up from a hit)."""

from __future__ import annotations

import ast
from typing import Dict


def parents(tree: ast.AST) -> Dict[int, ast.AST]:
    """``id(child) -> parent`` for every node of ``tree``."""
    out: Dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            out[id(child)] = node
    return out
