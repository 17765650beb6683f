"""A refusal placed after a value derived from the variable it checks (issue 14, ts51a).

``const filepath = join(dir, filename); if (filename.includes('..') || filename.includes('/') ||
filename.includes('\\\\')) { res.status(400)...; return; } fs.createReadStream(filepath)``: the join
happens one line above the refusal, and nothing reads ``filepath`` before it. The early exit
narrows ``filename`` for the rest of the block, but ``filepath`` kept the taint it had when it was
made, so the read was a ``tool-path-traversal`` finding; the same refusal placed before the join
was quiet.

When an ``if`` whose branch exits narrows variable ``x`` for what follows, each name ``d`` the
function derived from ``x`` (``self.derived``: a path derivation whose last argument is ``x``,
``new URL(x)``, a host taken from it) gets the same narrowing too, when

* ``d`` is declared by a statement of the same block before the ``if`` (a ``const``/``let``),
* its initialiser holds no other tainted name (only ``x`` and constants), and
* no statement between that declaration and the ``if``, and not the condition, names ``d`` (it is
  neither used nor reassigned before the check: what was done with it then was unchecked).
"""

from __future__ import annotations

from typing import Iterable, Optional

from . import nodes as N

_NAMES = ("identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern")
_DECLS = ("lexical_declaration", "variable_declaration")


def _names(data: bytes, node) -> set:
    return {N.text(data, i) for kind in _NAMES for i in N.nodes_under(node, kind)} | (
        {N.text(data, node)} if node.type in _NAMES else set())


def _declarator(fa, stmt, name: str) -> Optional[object]:
    if stmt.type not in _DECLS:
        return None
    for v in stmt.named_children:
        n = v.child_by_field_name("name")
        if v.type == "variable_declarator" and n is not None and n.type == "identifier" and N.text(fa.data, n) == name:
            return v
    return None


def _derived_before(fa, guard, var: str, name: str) -> bool:
    """``name`` is declared in the guard's block before it, from ``var`` and constants only, and
    named by nothing between the declaration and the guard (module docstring)."""
    block = guard.parent
    if block is None:
        return False
    seen = None
    for stmt in block.named_children:
        if stmt.start_byte >= guard.start_byte:
            break
        decl = _declarator(fa, stmt, name)
        if decl is not None:
            value = decl.child_by_field_name("value")
            if value is None:
                return False
            head = var.split(".")[0]
            others = {n for n in _names(fa.data, value) if n != head and n != var}
            if any(fa.env.get(n) for n in others):
                return False  # another tainted name goes into it
            seen = stmt
        elif seen is not None and name in _names(fa.data, stmt):
            return False  # used or reassigned before the check
    cond = guard.child_by_field_name("condition")
    return seen is not None and (cond is None or name not in _names(fa.data, cond))


def forward(fa, guard, narrowings: Iterable) -> None:
    """Give the narrowings an exiting ``if`` proves for what follows to the names derived, before
    it and unused until it, from the variables they narrow."""
    extra = []
    for var, clean, weak, why in narrowings:
        if not clean and not weak:
            continue
        for name, src in list(fa.derived.items()):
            if src == var and name != var and fa.env.get(name) and _derived_before(fa, guard, var, name):
                extra.append((name, clean, weak, why))
    if extra:
        fa.apply(extra)


__all__ = ["forward"]
