"""A server's own read-only mode, read off a module's text: a guard that refuses operations when
a read-only flag is set (``if (readOnly && WRITES.includes(op)) throw ...``). Such a mode is kept
by the server's code, not by the database, so an operation it lets through must not write
(see ``tool-read-only-bypass``: an aggregation pipeline the caller writes still can).
"""

from __future__ import annotations

import re

# an if condition naming a read-only flag, whose branch throws or returns an error
_GUARD = re.compile(
    rb"\bif\s*\([^{};]{0,200}?read_?only[^{};]{0,200}\)\s*\{?\s*(?:throw\b|return\b[^;\n]*(?:isError|error|Error))",
    re.IGNORECASE)
# pipeline stages named in the code: the server inspects the stages the caller gives
_STAGES = re.compile(rb"""["'`]\$(?:out|merge)["'`]""")


def read_only_guard(data: bytes) -> bool:
    """Whether the module refuses something when a read-only flag is set."""
    low = data.lower()
    if b"readonly" not in low and b"read_only" not in low:
        return False
    return _GUARD.search(data) is not None


def names_write_stages(data: bytes) -> bool:
    """Whether the module names the $out or $merge pipeline stage (to refuse it, presumably)."""
    return (b"$out" in data or b"$merge" in data) and _STAGES.search(data) is not None
