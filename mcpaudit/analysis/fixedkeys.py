"""A read by a key that stands for constant strings, none of which names a credential (issue 12,
py49c).

``for key in ("client_id", "azp", "aud"): value = claims.get(key)``: the loop variable is one of
the literal strings the code lists, so the read is the same as ``claims.get("client_id")`` -
which already drops a secret's taint when the key names no secret (a decoded token's payload read
for the client id it claims is not the token). A key that stands for one secret name
(``("refresh_token", "rt")``) keeps it, and a key that is not a listed constant (a parameter, a
computed string) keeps it too.
"""

from __future__ import annotations

from ..lazycst import cst

from .urlprefixes import prefix_values


def public_fixed_key(fa, node) -> bool:
    """``node``, the key of a ``get``/subscript read, is a name that stands for constant strings
    (a loop over a literal tuple, a module constant) and none of them names a secret."""
    if not isinstance(node, cst.Name):
        return False
    words = prefix_values(fa, node)
    return bool(words) and not any(fa.M.is_secret_name(w) for w in words)


__all__ = ("public_fixed_key",)
