"""Fields a class only ever fills with a fresh id: a number, a counter, or the result of a call
whose result carries nothing (``Math.random()``, ``crypto.randomUUID()``, models: sanitizers
with ``clears: all``), through string methods (``.toString(36).substring(2)``).

A secret is a secret by where it comes from (the environment, a configuration's credential, an
auth header, a token response), not by its name: ``this.token = Math.random().toString(36)`` is
a progress or request id the class made itself, and returning it gives the caller no
credential. Read by :meth:`Expressions._runtime_value`.
"""

from __future__ import annotations

from typing import Dict, FrozenSet

from . import nodes as N

_FIELDS = ("public_field_definition", "field_definition")
_ASSIGN = ("assignment_expression", "augmented_assignment_expression")


def fresh_id_fields(mod, body) -> FrozenSet[str]:
    """The fields of the class whose body is ``body`` that every assignment in the class (a
    field initialiser, ``this.x = ...`` in any method) sets to a fresh id or a number."""
    fresh: Dict[str, bool] = {}
    for m in body.named_children:
        if m.type in _FIELDS:
            name = m.child_by_field_id(mod.F.name) or m.child_by_field_id(mod.F.property)
            val = m.child_by_field_id(mod.F.value)
            if name is not None and val is not None:
                key = N.text(mod.data, name).lstrip("#")
                fresh[key] = fresh.get(key, True) and carries_nothing(mod, val)
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type in _ASSIGN:
            parts = N.member_parts(mod.data, node.child_by_field_id(mod.F.left))
            if parts and len(parts) == 2 and parts[0] == "this":
                key = parts[1].lstrip("#")
                right = node.child_by_field_id(mod.F.right)
                fresh[key] = fresh.get(key, True) and right is not None and carries_nothing(mod, right)
        if node.type == "update_expression":
            continue  # this.n++: a counter stays a number
        stack.extend(node.named_children)
    return frozenset(k for k, v in fresh.items() if v)


def carries_nothing(mod, node, depth: int = 0) -> bool:
    """A number, a counter, or a fresh id (with constant text around it)."""
    u = N.unwrap(node)
    if u is None or depth > 8:
        return False
    t = u.type
    if t in ("number", "update_expression", "string"):
        return True  # a constant (an empty placeholder, text around an id) is no runtime secret
    if t == "await_expression":
        return bool(u.named_children) and carries_nothing(mod, u.named_children[0], depth + 1)
    if t == "binary_expression":
        return all(carries_nothing(mod, c, depth + 1) for c in (u.child_by_field_id(mod.F.left),
                                                                 u.child_by_field_id(mod.F.right)))
    if t == "template_string":
        return all(carries_nothing(mod, s.named_children[0], depth + 1)
                   for s in u.named_children if s.type == "template_substitution" and s.named_children)
    if t != "call_expression":
        return False
    fn = u.child_by_field_id(mod.F.function)
    if fn is None:
        return False
    if (mod.top.dotted(fn) or "").replace("()", "") in mod.M.drops:
        return True
    if fn.type == "member_expression" and all(N.is_literal(a) for a in N.args_of(u)):
        # Math.random().toString(36).substring(2): a string method of a fresh id
        prop = fn.child_by_field_id(mod.F.property)
        if prop is not None and N.text(mod.data, prop) in mod.M.keeps_everything_methods:
            return carries_nothing(mod, fn.child_by_field_id(mod.F.object), depth + 1)
    return False
