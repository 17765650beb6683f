"""Object keys written as shorthand properties (ts54b).

``{ name, authenticate }`` is ``{ name, authenticate: authenticate }``: the option is set, to the
variable or parameter of that name. Evidence read by the key's text (the catalog's
``http.auth-names`` entry ``authenticate\\s*:``) misses the shorthand form, where no colon follows
the name. :func:`key_matches` gives the matches of such a pattern with every shorthand property
whose name a key-form alternative (``NAME\\s*:``) of the pattern names counted as that key; a
shorthand bound in the module only to ``undefined`` or ``null`` (``const authenticate =
undefined``) sets nothing and is left out, as is a destructuring pattern (``const { authenticate }
= options`` reads the option, it configures nothing).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, Tuple

from ...catalog.prefixes import alternatives, finditer

_KEY_FORM = re.compile(r"^([A-Za-z_$][\w$]*)\\s\*:$")


class KeyMatch:
    """A match-like record of a shorthand key (``start()``, ``end()``, ``group(0)``)."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: bytes):
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _n: int = 0) -> bytes:
        return self._text


@lru_cache(maxsize=16)
def key_names(pattern: str) -> Tuple[str, ...]:
    """The lower-cased names of the key-form alternatives of ``pattern`` (``authenticate\\s*:``)."""
    out = []
    for alt in alternatives(pattern):
        m = _KEY_FORM.match(alt)
        if m:
            out.append(m.group(1).lower())
    return tuple(out)


def key_matches(pattern, prefixes, low: bytes, root) -> Iterator:
    """The matches of ``pattern`` (a compiled bytes regex over the lower-cased text ``low``) and a
    :class:`KeyMatch` for each shorthand property in an object literal of the parse tree ``root``
    whose name is one of the pattern's key-form names, in text order."""
    found = list(finditer(pattern, prefixes, low))
    names = key_names(pattern.pattern.decode() if isinstance(pattern.pattern, bytes) else pattern.pattern)
    if names and root is not None:
        for name in names:
            unset = None  # (one scan of the module per name, not per occurrence)
            for m in re.finditer(rb"(?<![\w$.])" + re.escape(name.encode()) + rb"(?![\w$])", low):
                if not _shorthand(root, m.start(), m.end()):
                    continue
                unset = _unset(low, name) if unset is None else unset
                if not unset:
                    found.append(KeyMatch(m.start(), m.end(), m.group(0)))
    found.sort(key=lambda m: m.start())
    return iter(found)


def _shorthand(root, start: int, end: int) -> bool:
    node = root.descendant_for_byte_range(start, end)
    return node is not None and node.type == "shorthand_property_identifier" and \
        (node.start_byte, node.end_byte) == (start, end) and node.parent is not None and node.parent.type == "object"


def _unset(low: bytes, name: str) -> bool:
    """Whether the module binds ``name`` only to ``undefined`` or ``null``."""
    decl = re.compile(rb"\b(?:const|let|var)\s+" + re.escape(name.encode()) + rb"\s*(?::[^=;]+)?=\s*([^;\n]+)")
    values = [m.group(1).strip().rstrip(b",").strip() for m in decl.finditer(low)]
    return bool(values) and all(v in (b"undefined", b"null") for v in values)
