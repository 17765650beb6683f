"""A log in the branch where a credential check failed (issue 14, ts52a).

``if (token !== config.serverAuth.staticToken) { console.warn(`401 for ${req.url}`); return
res.status(401).send(...) }``: the request URL and headers logged there carry only the token that
was just rejected, not the credential the server holds (a wrong guess, or no token at all). The
request parts logged whole (``req.url``, ``req.headers``) are not counted as carrying a credential
inside such a branch. The same log after the check (the token matched) still is, and so is a log
of the configured secret itself in the branch (its own name is a secret: another path of the
sink).

The branch is the consequence of an ``if`` whose condition is (or ``||``-joins) a ``!==``/``!=``
comparison of two non-constant values, one of them named like a credential (``staticToken``,
``apiKey``, ``expectedPassword``), or the ``else`` of an ``===``/``==`` one (alone or ``&&``-joined);
and the branch exits (its last statement returns or throws).
"""

from __future__ import annotations

from . import nodes as N

_EXITS = frozenset({"return_statement", "throw_statement"})
_MAX_UP = 40


def _exits(body) -> bool:
    if body is not None and body.type == "else_clause":
        body = next((c for c in body.named_children if c.type != "comment"), None)
    if body is not None and body.type == "statement_block":
        last = [c for c in body.named_children if c.type != "comment"][-1:]
        body = last[0] if last else None
    return body is not None and body.type in _EXITS


def _secret_compare(data: bytes, node, ops, joiner: str, M) -> bool:
    """``node`` is (or ``joiner``-joins) a comparison by one of ``ops`` of two non-constant
    values, one named like a credential."""
    node = N.unwrap(node)
    if node is None or node.type != "binary_expression":
        return False
    op = node.child_by_field_name("operator")
    op = N.text(data, op) if op is not None else ""
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if op == joiner:
        return _secret_compare(data, left, ops, joiner, M) or _secret_compare(data, right, ops, joiner, M)
    if op not in ops or N.is_literal(left) or N.is_literal(right):
        return False
    return any(M.is_secret_name(N.last_name(data, N.unwrap(x)) or "") for x in (left, right))


def in_rejected_branch(data: bytes, node, M) -> bool:
    """Whether ``node`` lies in the exiting branch of a failed credential comparison."""
    child, p, steps = node, node.parent, 0
    while p is not None and steps < _MAX_UP:
        steps += 1
        if p.type == "if_statement":
            cond = p.child_by_field_name("condition")
            cons, alt = p.child_by_field_name("consequence"), p.child_by_field_name("alternative")
            if child == cons and _exits(cons) and _secret_compare(data, cond, ("!==", "!="), "||", M):
                return True
            if child == alt and _exits(alt) and _secret_compare(data, cond, ("===", "=="), "&&", M):
                return True
        if N.is_function(p):
            return False
        child, p = p, p.parent
    return False


__all__ = ["in_rejected_branch"]
