"""Which tools a server's own read-only mode drops, by a write flag of their definitions.

A plugin base may register each tool through one method that skips the writing ones when the
server runs read-only: ``registerTool({ name, schema, handler, isWriteTool = false }) { if
(isWriteTool && this.isReadonly()) { console.warn(...); return; } ... }``, and the tool modules
define ``{ name: "postgres_execute", ..., isWriteTool: true }``. The guard (``appmode.py``) names
the flag; the definitions that set it are the tools the mode refuses, the others are offered in
it. :func:`mode_flags` reads the write flags a guard's condition names, :func:`flagged_tools` the
names of the object literals that set such a flag to ``true`` (``claims.py`` joins them: a SELECT
check in a tool the mode keeps is the read-only boundary there even when a sibling the mode drops
runs any statement).
"""

from __future__ import annotations

import re
from typing import Dict, List

from . import nodes as N

#: a write flag: a name that says the operation writes (isWriteTool, writes, destructive, mutates)
_FLAG = r"[A-Za-z_$][\w$]*(?:[Ww]rite|WRITE|[Dd]estructive|DESTRUCTIVE|[Mm]utat|MUTAT)[\w$]*|(?:write|destructive|mutat)[\w$]*"
_COND_FLAG = re.compile(rb"(?<![\w$.])(" + _FLAG.encode() + rb")(?![\w$(])")
_SET_TRUE = re.compile(rb"(?<![\w$.])(" + _FLAG.encode() + rb")\s*:\s*true\b")
_BODY = re.compile(rb"\b(?:throw|return)\b")
_NAME_KEYS = ("name", "toolName")


def mode_flags(guards: List[bytes]) -> List[str]:
    """The write flags the conditions of the read-only guards test (``isWriteTool`` of ``if
    (isWriteTool && this.isReadonly())``); not the read-only flag itself."""
    out = set()
    for g in guards:
        cond = _BODY.split(g, 1)[0]
        for m in _COND_FLAG.finditer(cond):
            name = m.group(1).decode("utf-8", "replace")
            if "readonly" not in name.lower().replace("_", ""):
                out.add(name)
    return sorted(out)


def flagged_tools(data: bytes, root) -> Dict[str, List[str]]:
    """flag -> the names of the object literals of the module that set it to ``true`` and name
    themselves with a string (``{ name: "postgres_execute", ..., isWriteTool: true }``)."""
    out: Dict[str, List[str]] = {}
    if root is None:
        return out
    for m in _SET_TRUE.finditer(data):
        node = root.descendant_for_byte_range(m.start(1), m.end(1))
        while node is not None and node.type != "pair":
            node = node.parent
        obj = node.parent if node is not None else None
        if obj is None or obj.type != "object":
            continue
        props = N.object_props(data, obj)
        name = next((N.string_value(data, N.unwrap(props[k])) for k in _NAME_KEYS if k in props and N.unwrap(props[k]) is not None), None)
        if name:
            out.setdefault(m.group(1).decode("utf-8", "replace"), []).append(name)
    return out


__all__ = ["flagged_tools", "mode_flags"]
