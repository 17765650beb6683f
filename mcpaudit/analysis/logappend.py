"""Appending to the server's own log or audit trail: bookkeeping, not a state change a read-only
claim is about (issue 12; the TypeScript side: ts/sinks.py ``_log_file``).

``open(path, "a")`` whose path holds no caller value and is named as a log by the code
(``audit_log_path()``, ``LOG_FILE``, ``settings.audit_log``, ``os.environ["APP_AUDIT_LOG"]``;
not a file name: ``join(NOTES, "archive.log")`` may be data) adds a line to a file the operator
configured; a tool described as read-only that records its calls there changes nothing
its caller asked about, as a ``logging`` call does not. It stays a write for every other rule
(a caller's value in the path is its own flow), and a ``"w"`` (truncate) mode is a write.
"""

from __future__ import annotations

import re

from ..lazycst import cst

from .cstnodes import string_value
from .effects import LOG_APPEND
from .logwords import is_log_name



def _names(fa, node, depth: int = 0):
    """The names a path expression is read from: its own (``path``, ``self.audit_log``), and those
    of what a local name was bound to (``path = audit_log_path()``, ``os.environ["AUDIT_LOG"]``)."""
    if node is None or depth > 3:
        return
    if isinstance(node, cst.Name):
        yield node.value
        bound = getattr(fa, "local_values", {}).get(node.value)
        if bound is not None and bound is not node:
            yield from _names(fa, bound, depth + 1)
    elif isinstance(node, cst.Attribute):
        yield node.attr.value
        yield from _names(fa, node.value, depth + 1)
    elif isinstance(node, cst.Call):
        yield from _names(fa, node.func, depth + 1)
        for a in node.args:
            if not _constant(a.value):
                yield _OPEN  # a value passed in: where the path goes is not the server's alone
            yield from _names(fa, a.value, depth + 1)
    elif isinstance(node, cst.Subscript):
        yield from _names(fa, node.value, depth + 1)
        for s in node.slice:
            if isinstance(s.slice, cst.Index):
                yield from _names(fa, s.slice.value, depth + 1)
    elif isinstance(node, cst.SimpleString):
        text = string_value(node) or ""
        if re.fullmatch(r"[A-Z][A-Z0-9_]*", text):
            yield text  # os.environ["APP_AUDIT_LOG"]: the setting's name (a file name is not)


#: taint labels a path of the server's own may carry: a call's return (``audit_log_path()``, its
#: arguments read by :func:`_names`) and a secret; a parameter (``p``), a module variable another
#: function rebinds (``g``: ``global LOG_FILE; LOG_FILE = path``) are a caller's
_SERVERS = ("c", "s")
#: in :func:`_names`: the path is built by a call given a value that is not a constant
_OPEN = "\0"


def _constant(node) -> bool:
    """A string literal or a module constant's name (``AUDIT_LOG_ENV``)."""
    return string_value(node) is not None or (isinstance(node, cst.Name) and node.value.isupper())


def _append_mode(call: cst.Call) -> bool:
    mode = None
    for i, a in enumerate(call.args):
        if (a.keyword is not None and a.keyword.value == "mode") or (a.keyword is None and i == 1):
            mode = string_value(a.value)
    return bool(mode) and "a" in mode and "+" not in mode and "w" not in mode


def log_append_detail(fa, call: cst.Call, node, taint) -> str:
    """:data:`effects.LOG_APPEND` for ``open(<log path>, "a")`` with no caller value in the path,
    else ""."""
    if any(label[0] not in _SERVERS for label in taint) or not isinstance(call, cst.Call) or not _append_mode(call):
        return ""  # a caller's value in the path (a parameter, a value another tool set): not the server's own
    names = list(_names(fa, node))
    return LOG_APPEND if _OPEN not in names and any(is_log_name(n) for n in names) else ""


__all__ = ["log_append_detail"]
