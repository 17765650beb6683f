"""A server's own read-only mode, read off a module's text (and the operator's read-only flag,
:func:`operator_mode`, for ts/modeparams.py): a guard that refuses operations when
a read-only flag is set (``if (readOnly && WRITES.includes(op)) throw ...``). Such a mode is kept
by the server's code, not by the database, so an operation it lets through must not write
(see ``tool-read-only-bypass``: an aggregation pipeline the caller writes still can).
"""

from __future__ import annotations

import re
from typing import Dict, List

# an if condition naming a read-only flag, whose branch throws or returns an error
_GUARD = re.compile(
    rb"\bif\s*\([^{};]{0,200}?read_?only[^{};]{0,200}\)\s*\{?\s*(?:throw\b|return\b[^;\n]*(?:isError|error|Error)"
    # (ts55b) or a logged skip: `if (isWriteTool && this.isReadonly()) { console.warn(...); return; }` in a
    # function that registers tools drops the writing ones; the others are offered in the mode
    rb"|(?:(?:console|logger|log|this\.logger)\.\w+\([^;]{0,300}?\);\s*)?return\s*;)",
    re.IGNORECASE)
_LIST_TEST = re.compile(rb"\b([A-Za-z_$][\w$]*)\.(?:includes|has)\(")
_BODY = re.compile(rb"\b(?:throw|return)\b")
_QUOTED = re.compile(rb"""["']([A-Za-z_][\w-]*)["']""")
# pipeline stages named in the code: the server inspects the stages the caller gives
_STAGES = re.compile(rb"""["'`]\$(?:out|merge)["'`]""")


def read_only_guards(data: bytes) -> List[bytes]:
    """The conditions of the module's guards that refuse something when a read-only flag is set."""
    low = data.lower()
    if b"readonly" not in low and b"read_only" not in low:
        return []
    return [m.group(0) for m in _GUARD.finditer(data)]


# an operator's read-only source: an environment variable, a command-line flag, a config field
_OPERATOR = re.compile(
    rb"(?i)(?:\benv\b(?:\.|\[\s*['\"`]|\.get\(\s*['\"`]|\(\s*['\"`])[\w-]*?read[-_]?only"
    rb"|['\"`][^'\"`\n]{0,40}--[\w-]*?read-?only"
    rb"|\b(?:config|cfg|conf|settings|serverConfig|serverOptions|argv|cliArgs|cliOptions|flags)\??\.read_?only)")


def operator_mode(data: bytes) -> bool:
    """Whether the module's text reads a read-only flag the operator sets (``process.env.READ_ONLY``,
    ``'--read-only'``, ``config.readOnly``)."""
    low = data.lower()
    return (b"readonly" in low or b"read_only" in low or b"read-only" in low) and _OPERATOR.search(data) is not None


def refused_names(guards: List[bytes], arrays: Dict[str, List[str]]) -> List[str]:
    """The operation or tool names the guards list (``WRITES.includes(name)`` with ``WRITES`` a
    constant array of the module, or quoted names in the condition): those are refused, the rest
    pass the read-only mode."""
    out: List[str] = []
    for g in guards:
        cond = _BODY.split(g, 1)[0]
        for m in _LIST_TEST.finditer(cond):
            out += [v[2:] for v in arrays.get(m.group(1).decode(), ()) if v.startswith("s:")]
        out += [m.group(1).decode("utf-8", "replace") for m in _QUOTED.finditer(cond)]
    return sorted(set(out))


def names_write_stages(data: bytes) -> bool:
    """Whether the module names the $out or $merge pipeline stage (to refuse it, presumably)."""
    return (b"$out" in data or b"$merge" in data) and _STAGES.search(data) is not None
