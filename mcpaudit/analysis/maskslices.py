"""Parts of a value that are not the whole secret: the head of a split (an auth scheme before the
credential) and a short slice (a masked fragment logged in place of a token); and the last segment
of a path split on "/" (a file name, as ``os.path.basename`` gives)."""

from __future__ import annotations

import re

from ..lazycst import cst

from . import cstnodes as N


def head_of_split(node: cst.Subscript, values=None) -> bool:
    """``v.split(" ", 1)[0]`` or ``v.partition(":")[0]``: the part before the first separator (an auth
    scheme, a user name), which is not the credential that follows it; also ``parts[0]`` of a local
    ``parts = v.split(" ", 1)`` (``values``: the function's local variables' assigned expressions)."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return False
    idx, val = node.slice[0].slice.value, node.value
    if isinstance(val, cst.Name) and values:
        val = values.get(val.value, val)
    return isinstance(idx, cst.Integer) and idx.value == "0" and isinstance(val, cst.Call) \
        and isinstance(val.func, cst.Attribute) and val.func.attr.value in ("split", "partition") \
        and (val.func.attr.value == "partition" or len(val.args) >= 1)


def tail_of_path_split(node: cst.Subscript, values=None) -> bool:
    """``v.split("/")[-1]`` / ``v.rsplit("/", 1)[-1]`` (``parts[-1]`` of a local ``parts =
    v.split("/")``): the last segment of a path, with no separator left - ``os.path.basename``."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return False
    idx, val = node.slice[0].slice.value, node.value
    if isinstance(val, cst.Name) and values:
        val = values.get(val.value, val)
    last = isinstance(idx, cst.UnaryOperation) and isinstance(idx.operator, cst.Minus) and \
        isinstance(idx.expression, cst.Integer) and idx.expression.value == "1"
    return last and isinstance(val, cst.Call) and isinstance(val.func, cst.Attribute) and \
        val.func.attr.value in ("split", "rsplit") and len(val.args) >= 1 and val.args[0].keyword is None and \
        (N.string_value(val.args[0].value) == "/" or N.dotted_text(val.args[0].value) in ("os.sep", "posixpath.sep")) \
        and _every_separator(val)


def _every_separator(call: cst.Call) -> bool:
    """The last element holds no separator: ``split`` at every one (no maxsplit: ``split("/",
    1)[-1]`` keeps the rest of the path), ``rsplit`` at every one or at least the last."""
    rest = call.args[1:]
    if not rest:
        return True
    kw = rest[0].keyword
    if call.func.attr.value != "rsplit" or len(rest) != 1 or (kw is not None and kw.value != "maxsplit"):
        return False
    n = rest[0].value
    return isinstance(n, cst.Integer) and int(n.value) > 0


#: A token or key is long (20 characters and more, often behind a fixed vendor prefix), so its
#: first or last dozen characters (``token[:10] + "..."``) is the usual way to log it masked; a
#: password or PIN is short, and a dozen of its characters can be all of it (8 is the limit there).
TOKEN_PREFIX = 12
#: ... and its head up to 20 (``token[:20] + "..."``): a token's first characters are its format
#: (a JWT's base64 header, a vendor prefix such as ``ghp_``/``sk-proj-``/``xoxb-``), and what follows
#: them (a JWT's claims and signature, 100 characters and more; a key's random part, 30 and more)
#: stays unknown; its tail is the random part, so a suffix keeps the limit above
TOKEN_HEAD = 20
SHORT_SECRET = re.compile(r"(?i)pass|pwd|pin\b|phrase")


def short_slice(node: cst.Subscript, limit: int = 8, head: int = 0) -> bool:
    """``v[:n]`` or ``v[-n:]`` with a small constant ``n`` (``v[:n]`` up to ``head`` when given): a
    masked fragment, not the value."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Slice):
        return False
    sl = node.slice[0].slice
    lower, upper = sl.lower, sl.upper

    def small(n, negative: bool) -> bool:
        if negative:
            return isinstance(n, cst.UnaryOperation) and isinstance(n.operator, cst.Minus) \
                and isinstance(n.expression, cst.Integer) and int(n.expression.value, 0) <= limit
        return isinstance(n, cst.Integer) and int(n.value, 0) <= limit

    if head and lower is None and isinstance(upper, cst.Integer) and int(upper.value, 0) <= head:
        return True
    return (lower is None and upper is not None and small(upper, False)) or (
        upper is None and lower is not None and small(lower, True))


def _len_of(node, name: str) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "len" \
        and len(node.args) == 1 and isinstance(node.args[0].value, cst.Name) and node.args[0].value.value == name


def _bound(slice_node: cst.Subscript) -> int:
    sl = slice_node.slice[0].slice
    n = sl.upper if sl.lower is None else sl.lower.expression
    return int(n.value, 0)


def guarded_short(node: cst.IfExp) -> bool:
    """``v[:n] if len(v) >= n else v`` (or the other way round): a short slice of ``v``, and ``v``
    itself only where it is no longer than that slice - a masked fragment either way."""
    for sliced, whole, taken_long in ((node.body, node.orelse, True), (node.orelse, node.body, False)):
        if not (isinstance(sliced, cst.Subscript) and isinstance(sliced.value, cst.Name) and short_slice(sliced)
                and isinstance(whole, cst.Name) and whole.value == sliced.value.value):
            continue
        t = node.test
        if not (isinstance(t, cst.Comparison) and len(t.comparisons) == 1):
            return False
        op, right = t.comparisons[0].operator, t.comparisons[0].comparator
        if _len_of(t.left, whole.value) and isinstance(right, cst.Integer):
            long_when = isinstance(op, (cst.GreaterThan, cst.GreaterThanEqual))
            at_most = int(right.value, 0) - (1 if isinstance(op, (cst.GreaterThanEqual, cst.LessThan)) else 0)
        elif _len_of(right, whole.value) and isinstance(t.left, cst.Integer):
            long_when = isinstance(op, (cst.LessThan, cst.LessThanEqual))
            at_most = int(t.left.value, 0) - (1 if isinstance(op, (cst.LessThanEqual, cst.GreaterThan)) else 0)
        else:
            return False
        if not isinstance(op, (cst.GreaterThan, cst.GreaterThanEqual, cst.LessThan, cst.LessThanEqual)):
            return False
        return long_when == taken_long and at_most <= _bound(sliced)
    return False
