"""The words of a name that say a file is the server's own log or audit trail, shared by the
Python (logappend.py) and TypeScript (ts/sinks.py ``_log_file``) readings of an append. A data
format (``jsonl``) is no such word: ``records.jsonl`` may be the data a tool writes."""

from __future__ import annotations

import re

#: how a name splits into words (``logFile``, ``LOG_PATH``, ``audit_log_path``)
WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
#: words of a name that make it a log or an audit trail
LOG_WORDS = frozenset({"log", "logs", "logfile", "logpath", "logfilename", "audit", "journal"})


def is_log_name(name: str) -> bool:
    """A word of ``name`` names a log (``AUDIT_LOG``, ``logFile``, ``journal_path``)."""
    return any(w.lower() in LOG_WORDS for w in WORDS.findall(name.replace("_", " ")))


__all__ = ["LOG_WORDS", "WORDS", "is_log_name"]
