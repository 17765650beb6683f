"""A condition tested twice: what the first test's block proved holds again in the second's.

``if (action === "download") { if (bad(name)) throw ...; }`` and later ``if (action ===
"download") { write(name) }``: past the first block the check on ``name`` is merged away with the
path where the block did not run, yet the second block only runs where the first one did. When the
first block falls through and only narrowed a value (the same origins, more marks), that value is
remembered with the condition's text; a later ``if`` whose condition (or one of its ``&&``
conjuncts) has the same text, while the condition's names and the value still hold what they held
after the first block, starts its true branch with the narrowed value again.
"""

from __future__ import annotations

from typing import Dict, List

from ..taintvalue import Taint
from . import nodes as N


def _narrowed_only(old: Taint, new: Taint) -> bool:
    return bool(old) and new is not old and set(new) == set(old) and \
        all(new[k].clean >= old[k].clean and new[k].clean != old[k].clean for k in old)


def _names(fa, cond) -> List[str]:
    out, stack = [], [cond]
    while stack:
        n = stack.pop()
        if n.type == "identifier":
            out.append(N.text(fa.data, n))
        stack.extend(n.named_children)
    return out


def _conjuncts(fa, cond) -> List[str]:
    u = N.unwrap(cond)
    if u is not None and u.type == "binary_expression":
        op = u.child_by_field_id(fa.F.operator)
        if op is not None and op.type == "&&":
            return _conjuncts(fa, u.child_by_field_id(fa.F.left)) + _conjuncts(fa, u.child_by_field_id(fa.F.right))
    return [N.text(fa.data, u)] if u is not None else []


def remember(fa, cond, before: Dict[str, Taint], body: Dict[str, Taint]) -> None:
    """After ``if (cond) {body}`` fell through with no else and ``fa.env`` is the merged
    environment: keep what the block narrowed, under the condition's text."""
    proofs = [(v, body[v]) for v, old in before.items() if v in body and _narrowed_only(old, body[v])]
    if not proofs:
        return
    names = {n: fa.env.get(n) for n in _names(fa, cond)}
    fa.__dict__.setdefault("cond_proofs", {})[N.text(fa.data, cond)] = (names, [(v, t, fa.env.get(v)) for v, t in proofs])


def replay(fa, cond) -> None:
    """At the start of ``if (cond)``'s true branch: what an earlier block under the same
    condition proved, where nothing it depends on changed since."""
    table = fa.__dict__.get("cond_proofs")
    if not table:
        return
    for text in _conjuncts(fa, cond):
        hit = table.get(text)
        if hit is None:
            continue
        names, proofs = hit
        if any(fa.env.get(n) is not v for n, v in names.items()):
            continue
        for var, narrowed, merged in proofs:
            if merged is not None and fa.env.get(var) is merged:
                fa.env[var] = narrowed
