"""A parse-tree allow-list before ``eval``: a helper that parses its argument with ``ast.parse``
and raises whenever ``ast.walk`` meets an ``ast.Call`` node.

An expression with no call in it cannot run code: it can read names and attributes, index and
compute, but not call ``__import__``, ``open`` or ``os.system``. A project helper whose body
parses a parameter and rejects (raises on) every call node it walks -- the test is the node
being an ``ast.Call``, alone, not combined with a name check that a deny-list would make -- is
a validator of that parameter for code injection, like an anchored regex is for SQL. Only the
parts of the tree it walks are vouched for: the helper is trusted to walk what it parsed.
"""

from __future__ import annotations

from typing import Set

from ..lazycst import cst

from .cstnodes import walk_stmts
from .positions import flat_body

PARSERS = ("ast.parse",)
WALKERS = ("ast.walk",)
CALL_NODES = ("ast.Call",)


def call_free_params(mod, fn: cst.FunctionDef) -> Set[str]:
    """Parameters of ``fn`` it parses and whose parse tree it rejects when a call is found."""
    params = {p.name.value for p in (*fn.params.posonly_params, *fn.params.params, *fn.params.kwonly_params)}
    parsed: Set[str] = set()
    bans = False
    for stmt in walk_stmts(flat_body(fn.body)):
        if isinstance(stmt, cst.Assign) and isinstance(stmt.value, cst.Call) and stmt.value.args:
            arg = stmt.value.args[0].value
            if mod.dotted(stmt.value.func) in PARSERS and isinstance(arg, cst.Name) and arg.value in params:
                parsed.add(arg.value)
        elif isinstance(stmt, cst.For) and isinstance(stmt.iter, cst.Call) and mod.dotted(stmt.iter.func) in WALKERS:
            var = stmt.target.value if isinstance(stmt.target, cst.Name) else None
            bans = bans or any(_rejects_calls(mod, s, var) for s in flat_body(stmt.body))
    return parsed if bans else set()


def _rejects_calls(mod, stmt, var) -> bool:
    """``if isinstance(var, ast.Call): raise ...`` (the test alone, the body raising)."""
    if not isinstance(stmt, cst.If) or var is None:
        return False
    test = stmt.test
    if not (isinstance(test, cst.Call) and mod.dotted(test.func) == "isinstance" and len(test.args) == 2):
        return False
    subject, kinds = test.args[0].value, test.args[1].value
    names = [e.value for e in kinds.elements] if isinstance(kinds, cst.Tuple) else [kinds]
    if not (isinstance(subject, cst.Name) and subject.value == var and any(mod.dotted(n) in CALL_NODES for n in names)):
        return False
    return any(isinstance(s, cst.Raise) for s in flat_body(stmt.body))
