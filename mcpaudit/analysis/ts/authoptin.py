"""An auth middleware that an environment switch turns on: ``if (process.env.OAUTH_ENABLED !==
'true' || req.body.method !== 'tools/call') { return next(); }`` before the token check. While
the variable is unset (the default) the test holds and every request is handed on: the
authentication is optional, off unless the operator sets the switch (``unset_passes``, read with
the other such checks by ``authoff.py``).

A condition holds while every environment variable is unset when it is an ``x !== "literal"``
(``!=``) test of a ``process.env`` read (an unset variable is ``undefined``), a negation ``!
process.env.X``, or a disjunction one of whose parts does; the ``if`` must hand the request on at
once (its branch is ``return next()``, or ``next(); return;``) inside a function that takes
``next``.
"""

from __future__ import annotations

from typing import Optional, Tuple

from . import nodes as N
from .envdefaults import _ENV, binary_parts, default_holds



def env_switch_passes(mod) -> Tuple[Optional[int], Optional[str]]:
    """(offset, shown condition) of such a switch in the module, or (None, None)."""
    data = mod.data
    if b"process.env" not in data or b"next(" not in data:
        return None, None
    for node in N.nodes_under(mod.tree.root_node, "if_statement"):
        cond = node.child_by_field_name("condition")
        if cond is None or not _passes_on(mod, node.child_by_field_name("consequence")):
            continue
        if (_holds_unset(data, N.unwrap(cond)) or default_holds(mod, N.unwrap(cond))) and _takes_next(mod, node):
            return node.start_byte, f"if ({N.text(data, N.unwrap(cond))}) return next()"
    return None, None


def _holds_unset(data: bytes, c) -> bool:
    if c is None:
        return False
    if c.type == "unary_expression" and N.text(data, c).startswith("!") and c.named_children:
        inner = N.unwrap(c.named_children[-1])
        return inner is not None and N.text(data, inner).startswith(_ENV)
    parts = binary_parts(c)
    if parts is None:
        return False
    op, left, right = parts
    if op.type == "||":
        return _holds_unset(data, left) or _holds_unset(data, right)
    if op.type in ("!==", "!="):
        env, lit = (left, right) if N.text(data, left).startswith(_ENV) else (right, left)
        return N.text(data, env).startswith(_ENV) and lit.type == "string"
    return False


def _passes_on(mod, branch) -> bool:
    """The branch hands the request on at once: ``return next()`` (in a block or alone)."""
    if branch is None:
        return False
    stmts = [s for s in branch.named_children if s.type != "comment"] if branch.type == "statement_block" else [branch]
    if not stmts:
        return False
    text = N.text(mod.data, stmts[0]).replace(" ", "")
    return text.startswith(("returnnext()", "returnawaitnext()")) or \
        (text.startswith("next()") and len(stmts) > 1 and N.text(mod.data, stmts[1]).strip().startswith("return"))


def _takes_next(mod, node) -> bool:
    fn = N.enclosing_function(node)
    params = fn.child_by_field_name("parameters") if fn is not None else None
    return params is not None and "next" in N.text(mod.data, params)
