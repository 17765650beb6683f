"""The literal text each alternative of a regular expression starts with: a cheap test that a
text cannot match (none of the prefixes occurs in it) before the regex is run over it."""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Optional, Tuple

_META = set("()[]{}|*+?^$.")
_QUANTIFIERS = set("*+?{")


def alternatives(pattern: str) -> List[str]:
    """The top-level alternatives of ``pattern`` (one group around the whole pattern and an
    inline-flags prefix such as ``(?i)`` are looked through)."""
    if pattern.startswith("(?") and ")" in pattern and pattern[2:pattern.index(")")].isalpha():
        pattern = pattern[pattern.index(")") + 1:]
    parts = _split(pattern)
    if len(parts) == 1 and pattern.startswith("(") and not pattern.startswith("(?") and _closes_at_end(pattern):
        parts = _split(pattern[1:-1])
    return parts


def literal_prefixes(pattern: str) -> Optional[Tuple[str, ...]]:
    """Lower-cased literal prefixes, one per alternative: a text (lower-cased) the pattern
    matches contains at least one of them. None when some alternative starts with no literal."""
    out = []
    for alt in alternatives(pattern):
        prefix = _prefix(alt)
        if not prefix:
            return None
        out.append(prefix.lower())
    return tuple(dict.fromkeys(out)) or None


def finditer(pattern, prefixes, text):
    """``pattern.finditer(text)`` (the same matches) for a pattern whose matches all start with
    one of ``prefixes``: the regex is tried only where a prefix occurs (found by a plain substring
    search, many times faster than the regex's own scan over an alternation of names)."""
    if prefixes is None:
        yield from pattern.finditer(text)
        return
    starts = set()
    for anchor, holders in anchors(prefixes):
        i = text.find(anchor)
        while i >= 0:
            for p, k in holders:
                if i >= k and text.startswith(p, i - k):
                    starts.add(i - k)
            i = text.find(anchor, i + 1)
    end = 0
    for pos in sorted(starts):
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            yield m
            end = max(m.end(), pos + 1)


@lru_cache(maxsize=32)
def anchors(prefixes: tuple) -> Tuple[tuple, ...]:
    """Few substrings that together occur in every prefix (``auth`` is in most of the auth
    names): ``(anchor, ((prefix, offset of the anchor in it), ...))``, so that one search per
    anchor finds every occurrence of every prefix."""
    todo = list(dict.fromkeys(prefixes))
    out = []
    while todo:
        counts: Dict[object, int] = {}
        for p in todo:
            for n in range(3, len(p) + 1):
                for i in range(len(p) - n + 1):
                    counts[p[i:i + n]] = counts.get(p[i:i + n], 0) + 1
        best = max(counts, key=lambda a: (counts[a], len(a)), default=None) if counts else None
        if best is None:  # a prefix shorter than three characters is its own anchor
            best = todo[0]
        holders = tuple((p, p.find(best)) for p in prefixes if best in p)
        out.append((best, holders))
        todo = [p for p in todo if best not in p]
    return tuple(out)


def _prefix(alt: str) -> str:
    chars: List[str] = []
    i = 0
    while i < len(alt):
        c = alt[i]
        if c == "\\":
            if i + 1 >= len(alt) or alt[i + 1].isalnum():
                break  # \s, \d, \b ...: not a literal
            lit, step = alt[i + 1], 2
        elif c in _META:
            break
        else:
            lit, step = c, 1
        if i + step < len(alt) and alt[i + step] in _QUANTIFIERS:
            break  # x? x* x{0,1}: the character may be absent
        chars.append(lit)
        i += step
    return "".join(chars)


def _scan(s: str):
    """``(index, character, group depth before it)`` of each character of a pattern that is
    neither escaped nor inside a ``[...]`` class."""
    depth, i, in_class = 0, 0, False
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            yield i, c, depth
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
        i += 1


def _split(s: str) -> List[str]:
    parts, start = [], 0
    for i, c, depth in _scan(s):
        if c == "|" and depth == 0:
            parts.append(s[start:i])
            start = i + 1
    parts.append(s[start:])
    return parts


def _closes_at_end(s: str) -> bool:
    """``s`` starts with ``(`` and that group ends at its last character."""
    for i, c, depth in _scan(s):
        if c == ")" and depth == 1:
            return i == len(s) - 1
    return False
