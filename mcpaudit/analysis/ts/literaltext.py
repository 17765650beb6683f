"""Text built only from literals: ``[ "Set OPIK_API_KEY ...", "or send ..." ].join(" ")``.

An array of constant strings joined by a constant separator is itself a constant string, written
in the code like a literal: a help message held under a secret-sounding name
(``MISSING_API_KEY_MESSAGE``) holds no secret, a command or a URL so built is the author's. The
names' constant folding (``TsNames.const_of``: literals, ``a + b``, template literals) reads it
through :func:`joined_const`, for module constants (factories.declared_call) and locals alike.
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N


def joined_const(ctx, node) -> Optional[str]:
    """The text of ``[c1, c2, ...].join(sep)`` whose elements and separator are constants
    (``ctx.const_of`` names them), or None."""
    fn = node.child_by_field_name("function") if node.type == "call_expression" else None
    if fn is None or fn.type != "member_expression":
        return None
    prop = fn.child_by_field_name("property")
    arr = N.unwrap(fn.child_by_field_name("object"))
    if prop is None or N.text(ctx.data, prop) != "join" or arr is None or arr.type != "array":
        return None
    args = N.args_of(node)
    sep = ctx.const_of(args[0]) if len(args) == 1 else "," if not args else None
    if sep is None:
        return None
    parts = []
    for el in arr.named_children:
        if el.type == "comment":
            continue
        c = ctx.const_of(el)
        if c is None:
            return None
        parts.append(c)
    return sep.join(parts)


__all__ = ["joined_const"]
