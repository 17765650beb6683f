"""A URL's scheme read into a local before it is checked.

    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError("only http/https")

is the same check as ``urlparse(url).scheme in ("http", "https")`` (narrowing.py): ``url`` names
no local file past it. :func:`scheme_operand` gives the narrowing the ``.scheme`` expression a
local holds (lower-cased, stripped or not).
"""

from __future__ import annotations

from ..lazycst import cst

_SAME_TEXT = ("lower", "casefold", "strip")


def scheme_operand(fa, left):
    """``left``, or the ``<url>.scheme`` expression the local ``left`` names is bound to."""
    if not isinstance(left, cst.Name):
        return left
    node = fa.local_values.get(left.value)
    while isinstance(node, cst.Call) and not node.args and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value in _SAME_TEXT:
        node = node.func.value
    return node if isinstance(node, cst.Attribute) and node.attr.value == "scheme" else left
