"""Messages whose shape says what their receiver runs (``messages`` rows of the models).

A dict display shaped like a message a model row names (a Jupyter ``execute_request``: its
``header.msg_type`` is that constant) hands the value at the row's key path (``content.code``)
to the row's family: the kernel that receives it runs the code, whatever carries it there. The
sink is recorded at that value, like an argument of a sink call.
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..lazycst import cst

from .cstnodes import string_value


def _at(node, path: Tuple[str, ...]) -> Optional[cst.BaseExpression]:
    """The value under the key path ``path`` of nested dict displays (None when absent)."""
    for key in path:
        if not isinstance(node, cst.Dict):
            return None
        node = next((e.value for e in node.elements
                     if isinstance(e, cst.DictElement) and string_value(e.key) == key), None)
    return node


def message_sinks(fa, node: cst.Dict) -> None:
    """Record the sink of every message row ``node`` matches (``fa``: the function analyser,
    whose ``dict_items`` holds the taint of each dict value it evaluated)."""
    rows = fa.M.messages
    if not rows:
        return
    for row in rows:
        if not all(string_value(_at(node, path)) == text for path, text in row.when):
            continue
        value = _at(node, row.value)
        if value is not None:
            fa._sink(row.family, row.label, value, fa.__dict__.get("dict_items", {}).get(id(value), {}), value)
