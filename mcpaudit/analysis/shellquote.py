"""A value escaped for a single-quoted shell word: ``x.replace("'", "'\\"'\\"'")`` (or
``"'\\\\''"``) closes the quote, adds a quoted or escaped quote, and reopens it, so between single
quotes (``f"echo '{safe}' > f"``) every character of the value is literal to the shell: clean
for the shell family there. Not when that quoted word is itself a script that a command runs
(``bash -c '{safe}'``, ``eval '...'``, ``ssh host '...'``): the escape hands the value whole to
the inner shell. Anywhere else (outside quotes, between double quotes) the mark is dropped and the
value is what it was.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from .cstnodes import string_value
from .taintvalue import Taint

ESCAPED = "sh-single-quote-escaped"
#: the replacements of a single quote that keep a single-quoted shell word open around it (shared
#: by the TypeScript readers: ts/checks.single_quote_escaped, ts/shellwords.escape_mark)
QUOTE_IDIOMS = _IDIOMS = frozenset({"'\"'\"'", "'\\''"})


def escapes(call: cst.Call) -> bool:
    """``x.replace("'", "'\\"'\\"'")``: the single-quote escape idiom of a shell word."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "replace") or len(call.args) != 2:
        return False
    if any(a.keyword is not None or a.star for a in call.args):
        return False
    return string_value(call.args[0].value) == "'" and string_value(call.args[1].value) in _IDIOMS


def mark(t: Taint) -> Taint:
    return {k: i.replace(clean=i.clean | {ESCAPED}) for k, i in t.items()}


def place(t: Taint, before: Optional[str]) -> Taint:
    """``t`` spliced after the text ``before``: an escaped value inside a single-quoted shell
    word is clean for the shell; the escape mark itself does not outlive the placement."""
    if not t or not any(ESCAPED in i.clean for i in t.values()):
        return t
    inside = before is not None and _open_single(before) and not _runs_word(before)
    return {k: i.replace(clean=(i.clean - {ESCAPED}) | ({"shell"} if inside and ESCAPED in i.clean else set()))
            for k, i in t.items()}


def _open_single(text: str) -> bool:
    """Whether a single-quoted shell word is open at the end of ``text``."""
    state = None
    escaped = False
    for ch in text:
        if state is None and escaped:
            escaped = False
        elif state is None and ch == "\\":
            escaped = True
        elif state is None and ch in "'\"":
            state = ch
        elif state == "'" and ch == "'":
            state = None
        elif state == '"' and ch == '"':
            state = None
    return state == "'"


#: words after which (in the same simple command) a quoted word is a script some shell runs
_RUNNERS = frozenset({"-c", "-lc", "-ic", "-lic", "/c", "/C", "-Command", "-command", "eval", "ssh", "su", "sudo",
                      "exec", "xargs", "watch", "nohup", "timeout"})


def _runs_word(before: str) -> bool:
    """The single-quoted word open at the end of ``before`` is run as a command or script."""
    head = before[:before.rfind("'")]
    for sep in (";", "|", "&", "\n", "$("):
        head = head.rsplit(sep, 1)[-1]
    return any(w in _RUNNERS for w in head.split())
