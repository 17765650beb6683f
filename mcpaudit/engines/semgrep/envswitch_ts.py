"""The value an environment switch has while the operator sets nothing, in TypeScript and
JavaScript (ts54b; used by :mod:`.optin_tls_ts`).

``process.env.X !== "false"`` is true while ``X`` is unset (an opt-out), ``process.env.X ===
"true"`` false (an opt-in). The same switch is often written through a default and a string
normaliser: ``(process.env.X || "true").toLowerCase() !== "false"``, ``(process.env.X ??
"true")``, ``process.env.X?.toLowerCase()``, ``.trim()``; and behind a caller's setting that is
absent by default, ``config?.verify ?? (...)``. :func:`unset_value` evaluates such a comparison
with the variable unset (its default, normalised, or ``undefined``): True or False, or None when
the expression is not such a comparison.
"""

from __future__ import annotations

import re
from typing import Optional

_ENV = re.compile(r"(?:process|Bun)\.env(?:\.[A-Za-z_$][\w$]*|\[\s*['\"][^'\"]+['\"]\s*\])")
_NORMALISERS = {"toLowerCase": str.lower, "toLocaleLowerCase": str.lower, "toUpperCase": str.upper,
                "toLocaleUpperCase": str.upper, "trim": str.strip}
_EQ = {"===": True, "==": True, "!==": False, "!=": False}
_UNSET = object()  # the variable's value while unset: undefined


def unset_value(data: bytes, node) -> Optional[bool]:
    """The value of ``node`` (a comparison of an environment variable with a string, perhaps
    behind ``setting ?? ...``) while the variable is unset; None when it is no such comparison."""
    node = _unparen(node)
    if node is None or node.type != "binary_expression":
        return None
    op = node.child_by_field_name("operator")
    left, right = _unparen(node.child_by_field_name("left")), _unparen(node.child_by_field_name("right"))
    if op is None or left is None or right is None:
        return None
    if op.type == "??" and left.type in ("member_expression", "identifier", "subscript_expression"):
        return unset_value(data, right)  # a caller's setting, absent by default
    if op.type not in _EQ:
        return None
    lit, other = (_string(data, right), left) if _string(data, right) is not None else (_string(data, left), right)
    if lit is None:
        return None
    value = _env_value(data, other)
    if value is None:
        return None
    same = value is not _UNSET and value == lit
    return same if _EQ[op.type] else not same


def _env_value(data: bytes, node):
    """The value of an environment read (through ``|| "lit"``, ``?? "lit"`` and normalisers) while
    the variable is unset: the literal default, normalised, or ``_UNSET``; None for anything else."""
    node = _unparen(node)
    if node is None:
        return None
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is None or fn.type != "member_expression" or args is None or args.named_children:
            return None
        prop = fn.child_by_field_name("property")
        norm = _NORMALISERS.get(_text(data, prop)) if prop is not None else None
        inner = _env_value(data, fn.child_by_field_name("object")) if norm is not None else None
        if inner is None:
            return None
        return inner if inner is _UNSET else norm(inner)
    if node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        if op is None or op.type not in ("||", "??"):
            return None
        if _env_value(data, node.child_by_field_name("left")) is not _UNSET:
            return None
        return _string(data, _unparen(node.child_by_field_name("right")))
    if node.type in ("member_expression", "subscript_expression"):
        return _UNSET if _ENV.fullmatch(_text(data, node).replace("?.", ".").replace(" ", "")) else None
    return None


def _string(data: bytes, node) -> Optional[str]:
    if node is None or node.type != "string":
        return None
    t = _text(data, node)
    return t[1:-1] if len(t) >= 2 else None


def _unparen(node):
    while node is not None and node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def _text(data: bytes, node) -> str:
    return data[node.start_byte:node.end_byte].decode("utf-8", "replace")
