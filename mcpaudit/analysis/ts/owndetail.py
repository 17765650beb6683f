"""What a write sink says when the file is the server's own (issue 14): the detail recorded with
the sink (effects.py reads it; such a write shows no effect a read-only or non-destructive claim
is about). Moved out of ts/sinks.py, which reads the sinks.

* :data:`~mcpaudit.analysis.effects.LOG_APPEND`: an append to a path named as a log file
  (``logFile``, ``LOG_PATH``, a constant ending in ``.log``) with no caller value in it, or with
  only private fields the constructor alone sets (ownfields.py);
* :data:`~mcpaudit.analysis.effects.SCRATCH`: the server's own file in its temporary folder
  (scratch.py, freshnames.py);
  and its own dot-folder in the home, filled with nothing of a caller's (appdirs.py);
* :data:`~mcpaudit.analysis.effects.PARTIAL`: the delete of the file the function was writing
  (partialfile.py).
"""

from __future__ import annotations

from ..effects import LOG_APPEND, PARTIAL, SCRATCH
from ..logwords import is_log_name
from . import nodes as N
from .appdirs import own_app_write
from .freshnames import fresh_temp_file
from .ownfields import own_field_only
from .partialfile import partial_file
from .scratch import is_made_folder, is_scratch


def own_detail(fa, c, node, t, detail: str) -> str:
    """The detail of the write sink ``c`` (a sinks._Call) of the path ``node`` (taint ``t``)."""
    callee = c.fq or c.method or ""
    if (not t or own_field_only(fa, t)) and "append" in callee and log_file(fa, node):
        # appending to the server's own diagnostic log (a path from its settings, never the
        # caller's): bookkeeping, not a write a read-only tool's caller can direct
        return LOG_APPEND
    if not t and is_scratch(fa, node) or fresh_temp_file(fa, node) or is_made_folder(fa, node):
        return SCRATCH  # the server's own file in its temporary folder (scratch.py)
    if own_app_write(fa, c.node, node, t):
        return SCRATCH  # the server's own dot-folder in the home, what it fetched itself (appdirs.py)
    if partial_file(fa, c.node, callee, node):
        return PARTIAL  # unlink(p) after createWriteStream(p): the write's undo (partialfile.py)
    return detail


def log_file(fa, node) -> bool:
    """Whether a path expression names a log file: a word of its name (``logFile``,
    ``LOG_PATH``, ``process.env.DEBUG_LOG``) or a constant ending in ``.log``."""
    name = N.last_name(fa.data, N.unwrap(node)) if node is not None else None
    if name and is_log_name(name):  # logwords.py
        return True
    const = fa.const_of(node) if node is not None else None
    return bool(const and const.lower().endswith(".log"))


__all__ = ["log_file", "own_detail"]
