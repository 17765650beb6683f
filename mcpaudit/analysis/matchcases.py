"""A ``match`` case of literal patterns is an allow-list of its subject (issue 12).

    for k, v in query_filter.items():
        match k:
            case "memory_level" | "memory_type" | "source" if v:
                where.append(f"{k} = ?")

Inside a case whose pattern is a literal (``case "a":``), an alternation of literals (``case
"a" | "b":``) or a singleton (``case None:``), the subject equals one of those constants: it is
clean for every family there, as past ``if k in ("a", "b")``. A capture, a class or a wildcard
pattern proves nothing.
"""

from __future__ import annotations

from typing import List

from ..lazycst import cst

from . import cstnodes as N
from .taintvalue import ALL


def _literal(pattern) -> bool:
    if isinstance(pattern, cst.MatchSingleton):
        return True
    return isinstance(pattern, cst.MatchValue) and N.is_literal(pattern.value)


def case_literals(fa, subject, pattern) -> List[tuple]:
    """The narrowing a case of literal patterns gives its subject variable (none otherwise)."""
    var = N.var_of(subject)
    if not var or not fa.env.get(var):
        return []
    pats = [p.pattern for p in pattern.patterns] if isinstance(pattern, cst.MatchOr) else [pattern]
    if not pats or not all(_literal(p) for p in pats):
        return []
    return [(var, frozenset({ALL}), None, "allow-list")]


__all__ = ["case_literals"]
