"""Method calls whose result text has a shape that decides where it can go: a value escaped for a
single-quoted shell word (``x.replace(/'/g, "'\\''")``, placed by shellwords.py), and the text
form of a container that percent-encodes what it holds (``new URLSearchParams(q).toString()``,
the ``encoding-containers`` of the builtins models): clean for the shell and ssrf families, like
the container's ``set()``; and one ``name=value`` entry found by its name (namedentry.py)."""

from __future__ import annotations

from typing import Optional

from ..taintvalue import Taint, mark
from .namedentry import named_entry
from .shellwords import escape_mark
from .splitpieces import picked

_ENCODED = frozenset({"shell", "ssrf"})


def shaped_text(fa, method, recv_node, arg_nodes, recv: Taint) -> Optional[Taint]:
    """The marked result of such a call on ``recv`` (possibly {}: nothing left), or None for any
    other call."""
    if not recv:
        return None
    if method in ("replace", "replaceAll"):
        return escape_mark(fa.data, arg_nodes, method, recv) or None
    if (piece := picked(fa, method, recv_node, arg_nodes, recv)) is not None:
        return piece  # uri.split("/").pop(), name.split(".").shift(): splitpieces.py
    if method == "find":
        return named_entry(fa, method, arg_nodes, recv)  # .find(c => c.startsWith("id=")): namedentry.py
    if method == "toString" and not arg_nodes and (fa.type_of(recv_node) or "") in fa.M.encoding_containers:
        return mark(recv, clean=_ENCODED)
    return None
