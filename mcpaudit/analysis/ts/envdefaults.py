"""An auth switch whose default turns authentication off (issue 14).

    const AUTHENTICATION_TYPE = process.env.AUTHENTICATION_TYPE || 'DISABLED'
    const auth = async (req, res, next) => {
      if (AUTHENTICATION_TYPE === 'DISABLED') { return next() }
      ... the token check ...
    }

``authoptin.py`` reads ``if (process.env.X !== 'true') return next()`` as a switch that holds
while the variable is unset. The same holds for an equality test with the value the code gives
the variable when it is unset: ``(process.env.X || 'DISABLED') === 'DISABLED'`` (``??`` too), in
place or through a module-level ``const`` bound to that expression. The middleware then hands
every request on by default: the authentication is optional (off unless configured).
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N

_ENV = ("process.env.", "process.env[")


def _module_const(mod, name: str):
    """The value a top-level ``const name = ...`` of the module is bound to, or None."""
    for st in mod.tree.root_node.named_children:
        d = st.named_children[-1] if st.type == "export_statement" and st.named_children else st
        if d.type != "lexical_declaration" or not d.children or d.children[0].type != "const":
            continue
        for v in d.named_children:
            nm = v.child_by_field_name("name")
            if v.type == "variable_declarator" and nm is not None and N.text(mod.data, nm) == name:
                return N.unwrap(v.child_by_field_name("value"))
    return None


def unset_default(mod, node, depth: int = 0) -> Optional[str]:
    """The string an expression has while every environment variable is unset, when it is
    ``process.env.X || 'lit'`` / ``?? 'lit'`` (in place or through a module constant)."""
    u = N.unwrap(node)
    if u is None or depth > 2:
        return None
    if u.type == "identifier":
        bound = _module_const(mod, N.text(mod.data, u))
        return unset_default(mod, bound, depth + 1) if bound is not None else None
    if u.type != "binary_expression":
        return None
    op = u.child_by_field_name("operator")
    left, right = N.unwrap(u.child_by_field_name("left")), N.unwrap(u.child_by_field_name("right"))
    if op is None or op.type not in ("||", "??") or left is None or right is None:
        return None
    if not N.text(mod.data, left).startswith(_ENV):
        return None
    return N.string_value(mod.data, right)


def binary_parts(c):
    """``(operator, left, right)`` of a binary expression (operands unwrapped), else None."""
    if c is None or c.type != "binary_expression":
        return None
    op = c.child_by_field_name("operator")
    left, right = N.unwrap(c.child_by_field_name("left")), N.unwrap(c.child_by_field_name("right"))
    if op is None or left is None or right is None:
        return None
    return op, left, right


def default_holds(mod, cond) -> bool:
    """``X === 'lit'`` (or ``==``) whose other side has the default ``'lit'`` while unset; a
    disjunction one of whose parts does."""
    parts = binary_parts(N.unwrap(cond))
    if parts is None:
        return False
    op, left, right = parts
    if op.type == "||":
        return default_holds(mod, left) or default_holds(mod, right)
    if op.type not in ("===", "=="):
        return False
    lit, expr = (left, right) if left.type == "string" else (right, left)
    want = N.string_value(mod.data, lit) if lit.type == "string" else None
    return want is not None and unset_default(mod, expr) == want


__all__ = ["default_holds", "unset_default"]
