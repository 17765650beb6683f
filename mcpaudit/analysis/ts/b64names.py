"""Base64 text with its '/' replaced: one path segment (issue 14).

    Buffer.from(s, "utf-8").toString("base64").replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "")

Standard base64 text holds ``A-Z a-z 0-9 + / =`` whatever the bytes were (the ``toString``
encodings of the models' sanitizers): no backslash and no dot, so it can never hold a ``..``
segment; its one separator is ``/``. Once every ``/`` is replaced (a global replace by text
without a separator or a dot: the base64url idiom), the result is one segment of that alphabet,
clean for the path family (ts32c; ``toString("base64url")`` and ``"hex"`` are rows of the models).
The ``toString("base64")`` call is looked for along the receiver's chain of ``replace`` calls; it
must be a Buffer's (``Buffer.from(...)``: a string's ``toString`` ignores its argument, so
``name.toString("base64")`` is the name itself), and every replacement along the chain is a string
without ``/``, ``\\`` or ``.`` (an earlier one could put a dot or a backslash back), mend46b.
"""

from __future__ import annotations

from typing import FrozenSet

from . import nodes as N

_REPLACES = ("replace", "replaceAll")


def _slash_pattern(data: bytes, node, method: str) -> bool:
    """``/\\//g`` (or ``/[/]/g``), or the string ``"/"`` given to ``replaceAll``."""
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type == "regex":
        p, f = u.child_by_field_name("pattern"), u.child_by_field_name("flags")
        return p is not None and f is not None and "g" in N.text(data, f) and N.text(data, p) in ("\\/", "[/]", "[\\/]")
    return method == "replaceAll" and N.string_value(data, u) == "/"


def _clean(data: bytes, node) -> bool:
    """A replacement string holding no separator and no dot."""
    by = N.string_value(data, node)
    return by is not None and not any(c in by for c in "/\\.")


def _buffer(data: bytes, node) -> bool:
    """``Buffer.from(...)`` (awaited or parenthesised): bytes, whose base64 text is that alphabet."""
    u = N.unwrap(node)
    if u is None or u.type != "call_expression":
        return False
    fn = N.unwrap(u.child_by_field_name("function"))
    return fn is not None and N.text(data, fn).replace(" ", "") in ("Buffer.from", "globalThis.Buffer.from")


def _base64_chain(data: bytes, node) -> bool:
    """``node`` is ``x.toString("base64")``, or a ``replace`` call on such a chain."""
    u = N.unwrap(node)
    for _ in range(8):
        if u is None or u.type != "call_expression":
            return False
        fn = N.unwrap(u.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression":
            return False
        prop = N.text(data, fn.child_by_field_name("property"))
        args = N.args_of(u)
        if prop == "toString":
            return len(args) == 1 and N.string_value(data, args[0]) == "base64" and _buffer(data, fn.child_by_field_name("object"))
        if prop not in _REPLACES or len(args) != 2 or not _clean(data, args[1]):
            return False
        u = N.unwrap(fn.child_by_field_name("object"))
    return False


def base64_segment(data: bytes, recv_node, args, method: str) -> FrozenSet[str]:
    """``b64.replace(/\\//g, "_")`` on base64 text (see the module docstring): ``{"path"}``."""
    if method not in _REPLACES or len(args) != 2 or not _slash_pattern(data, args[0], method):
        return frozenset()
    if not _clean(data, args[1]):
        return frozenset()
    return frozenset({"path"}) if _base64_chain(data, recv_node) else frozenset()


__all__ = ["base64_segment"]
