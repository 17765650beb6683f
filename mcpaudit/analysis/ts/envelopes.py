"""The call-tool request's envelope under another name (tsrec27).

``const { name, arguments: args } = p``: a pattern that takes both ``name`` and ``arguments``
from one object takes them from a ``tools/call`` request's params, whatever the object is called
(``request.params`` kept in a local, a wrapper's callback parameter given the validated params,
a function's own parameter). Its ``name`` holds the requested tool's name, as ``request.params
.name`` does, so a table picked by it (``handlers[name]``) or a switch on it dispatches the call.
"""
from __future__ import annotations

from . import nodes as N


def names_tool(fa, pattern, key: str, value) -> bool:
    """``key`` of the object ``pattern`` is the requested tool's name: the pattern takes
    ``name`` and ``arguments`` from the same object, a parameter of the function (``value``)."""
    if key != "name" or pattern is None or pattern.type != "object_pattern":
        return False
    u = N.unwrap(value) if value is not None else None
    if u is None or u.type != "identifier" or N.text(fa.data, u) not in fa.param_names:
        return False
    data = fa.data
    keys = set()
    for c in pattern.named_children:
        entry = N.pattern_property(data, c)
        if entry is not None:
            keys.add(entry[0])
    return "arguments" in keys
