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
    if node is None or depth > 5:
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
        wrapper = (fa.mod.dotted(node.func) or "") in _WRAPPERS
        yield from _names(fa, node.func, depth + 1)
        for a in node.args:
            if _parameter(fa, a.value):
                yield _PARAM  # the function's parameter: the caller's value once linked
            elif not (wrapper or _constant(a.value)):
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
#: ... given a parameter of the function as is (``get_paths(campaign_id)``): its taint, linked, says
_PARAM = "\1"


#: calls that only convert a path (``Path(paths["audit_log"])``): the path is their argument's
_WRAPPERS = frozenset({"Path", "pathlib.Path", "str", "os.fspath"})


def _parameter(fa, node) -> bool:
    """A parameter of the function passed on as is (``get_paths(campaign_id)``): whether the
    caller's value stays inside the server's folders is its taint's to say (:func:`param_log_append`)."""
    return isinstance(node, cst.Name) and any(p.name == node.value for p in getattr(fa, "params", ()))


def _constant(node) -> bool:
    """A string literal or a module constant's name (``AUDIT_LOG_ENV``)."""
    return string_value(node) is not None or (isinstance(node, cst.Name) and node.value.isupper())


def _append_mode(fa, call: cst.Call) -> bool:
    # open(path, "a") / io.open(path, "a"), or the method path.open("a")
    at = 0 if isinstance(call.func, cst.Attribute) and (fa.mod.dotted(call.func) or "") not in (
        "io.open", "codecs.open") else 1
    mode = None
    for i, a in enumerate(call.args):
        if (a.keyword is not None and a.keyword.value == "mode") or (a.keyword is None and i == at):
            mode = string_value(a.value)
    return bool(mode) and "a" in mode and "+" not in mode and "w" not in mode


def _log_path(fa, call, node, given: bool = False) -> bool:
    """``open(<log path>, "a")`` (``<log path>.open("a")``), or the ``mkdir`` of a log path's own
    folder (``<log path>.parent.mkdir(parents=True, exist_ok=True)`` just before the append).
    ``given``: the path may be built by a call given a parameter (:data:`_PARAM`)."""
    if not isinstance(call, cst.Call):
        return False
    if _append_mode(fa, call):
        names = list(_names(fa, node))
    elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "mkdir" and \
            isinstance(call.func.value, cst.Attribute) and call.func.value.attr.value == "parent":
        names = list(_names(fa, call.func.value.value))
    else:
        return False
    return _OPEN not in names and (given or _PARAM not in names) and any(is_log_name(n) for n in names)


def log_append_detail(fa, call: cst.Call, node, taint) -> str:
    """:data:`effects.LOG_APPEND` for ``open(<log path>, "a")`` (and the ``mkdir`` of its folder)
    with no caller value in the path, else ""."""
    if any(label[0] not in _SERVERS for label in taint):
        return ""  # a caller's value in the path (a parameter, a value another tool set): not the server's own
    return LOG_APPEND if _log_path(fa, call, node) else ""


def param_log_append(fa, call: cst.Call, node, taint) -> bool:
    """The same append to a log whose path holds a parameter of the function (the log of one
    campaign, ``Path(get_paths(campaign_id)["audit_log"])``): bookkeeping for a read-only claim
    only when no flow of a caller's value to it is reported once linked (claims.py), i.e. the
    value reached it checked as one plain name under the server's folder."""
    if not taint or any(label[0] not in _SERVERS and label[0] != "p" for label in taint):
        return False
    return not log_append_detail(fa, call, node, taint) and _log_path(fa, call, node, given=True)


__all__ = ["log_append_detail", "param_log_append"]
