"""Make text that came out of scanned code safe to show a human.

Everything mcpaudit prints about a scanned project — messages that quote code, snippets, tool names
and descriptions, even file names — is attacker-influenced: a hostile MCP server can put terminal
escape sequences in a tool description, a right-to-left override in a string so the code reads
differently from what runs, or a newline in a file name to fake a report line. :func:`literal`
turns all of that into visible, inert text:

* C0 and C1 control characters (ESC, BEL, CR, backspace, NUL, DEL, CSI U+009B, OSC U+009D, ...)
  become backslash escapes: ``\\x1b``, ``\\x07``, ``\\r``, ``\\n``, ``\\x9b``. Tabs are kept.
* Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width and
  other invisible format characters (every Unicode category ``Cf`` character: U+200B–U+200D,
  U+2060, U+FEFF, U+00AD, the U+E0000 "tag" block used for ASCII smuggling, ...), invisible
  fillers (U+115F, U+1160, U+3164, U+FFA0, U+034F, U+17B4, U+17B5), line/paragraph separators
  (U+2028, U+2029) and lone surrogates become ``<U+202E>``-style markers.
* Everything else, including ordinary non-ASCII text (``é``, ``中``, emoji), is kept as is.

The result never contains a character a terminal interprets. It does *not* escape markup of any
kind: the rich reporter must still build ``rich.text.Text`` objects from it (never markup strings)
and the markdown reporter applies its own escaping on top.
"""

from __future__ import annotations

import re
from typing import Match

__all__ = ["literal", "is_literal_safe"]

# Unicode category Cf (format characters), as of Unicode 15.1, plus the 15.0 additions
# U+13439–U+1343F. A test checks this covers every Cf character the running Python knows.
_FORMAT_RANGES = (
    "\u00ad",
    "\u0600-\u0605",
    "\u061c",
    "\u06dd",
    "\u070f",
    "\u0890-\u0891",
    "\u08e2",
    "\u180e",
    "\u200b-\u200f",
    "\u202a-\u202e",
    "\u2060-\u2064",
    "\u2066-\u206f",
    "\ufeff",
    "\ufff9-\ufffb",
    "\U000110bd",
    "\U000110cd",
    "\U00013430-\U0001343f",
    "\U0001bca0-\U0001bca3",
    "\U0001d173-\U0001d17a",
    "\U000e0001",
    "\U000e0020-\U000e007f",
)

# Characters that render as nothing (or as blank) although they are not format characters.
_INVISIBLE = (
    "\u034f",  # combining grapheme joiner
    "\u115f\u1160",  # Hangul choseong / jungseong fillers
    "\u17b4\u17b5",  # Khmer inherent vowels
    "\u3164",  # Hangul filler
    "\uffa0",  # halfwidth Hangul filler
    "\u2028\u2029",  # line / paragraph separator (some terminals and editors break lines on them)
)

_CONTROLS = "\x00-\x08\x0a-\x1f\x7f-\x9f"  # C0 without TAB, DEL, C1
_SURROGATES = "\ud800-\udfff"  # lone surrogates (from surrogateescape decoding) cannot be encoded

_UNSAFE = re.compile(
    "[" + _CONTROLS + "".join(_FORMAT_RANGES) + "".join(_INVISIBLE) + _SURROGATES + "]"
)
_UNSAFE_KEEP_NL = re.compile(
    "\r\n|\n|[" + _CONTROLS + "".join(_FORMAT_RANGES) + "".join(_INVISIBLE) + _SURROGATES + "]"
)

_SHORT = {"\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    short = _SHORT.get(ch)
    if short is not None:
        return short
    cp = ord(ch)
    if cp <= 0x9F:
        return "\\x%02x" % cp
    return "<U+%04X>" % cp


def _escape_match(m: Match[str]) -> str:
    return _escape(m.group(0))


def _escape_match_keep_nl(m: Match[str]) -> str:
    s = m.group(0)
    if s == "\n" or s == "\r\n":
        return "\n"
    return _escape(s)


def literal(text: str, *, newlines: bool = False) -> str:
    """Return ``text`` with every terminal-interpreted or invisible character made visible.

    ``newlines=True`` keeps line breaks (``\\n`` and ``\\r\\n``, normalised to ``\\n``) for
    multi-line blocks such as a tool description; by default they are escaped too, which is what
    single-line fields (paths, names, table cells) need.

    Non-``str`` input is converted with ``str()`` first; ``None`` becomes ``""``.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if newlines:
        return _UNSAFE_KEEP_NL.sub(_escape_match_keep_nl, text)
    return _UNSAFE.sub(_escape_match, text)


def is_literal_safe(text: str, *, newlines: bool = False) -> bool:
    """True when :func:`literal` would leave ``text`` unchanged."""
    pattern = _UNSAFE_KEEP_NL if newlines else _UNSAFE
    if newlines:
        return all(m.group(0) in ("\n", "\r\n") for m in pattern.finditer(text))
    return pattern.search(text) is None
