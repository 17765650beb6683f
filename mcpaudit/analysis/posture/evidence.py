"""Evidence for a fact, and the line greps most facts are decided with.

:class:`Evidence` collects (path, line) pairs without duplicates and reports at most
:data:`MAX_EVIDENCE` of them, sorted. :func:`grep_lines` yields the lines of a text a pattern
matches, after a cheap whole-text test (:func:`anywhere`) that skips most files at once.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, Iterator, List, Set, Tuple

from ...models import Location
from ...regexgate import Gated
from ...sources import split_lines

MAX_EVIDENCE = 25


class Evidence:
    """Evidence accumulator: dedupes and sorts locations (root-relative POSIX path, 1-based line)."""

    def __init__(self) -> None:
        self._locs: Set[Tuple[str, int]] = set()

    def add(self, path: str, line: int) -> None:
        """Record ``path:line`` (a missing or non-positive line counts as line 1)."""
        self._locs.add((path, max(1, int(line or 1))))

    def extend(self, locs: Iterable[Tuple[str, int]]) -> None:
        """Record every ``(path, line)`` pair of ``locs``."""
        for p, ln in locs:
            self.add(p, ln)

    def update(self, other: "Evidence") -> None:
        """Record everything ``other`` holds.

        The same as extending with ``other.locations()``: what that cut beyond the first
        :data:`MAX_EVIDENCE` sorted locations could never be among this accumulator's first ones."""
        self._locs |= other._locs

    def raw(self) -> List[Tuple[str, int]]:
        """Every ``(path, line)`` recorded, uncut."""
        return sorted(self._locs)

    def discard(self, path: str, line: int) -> None:
        """Forget ``path:line``."""
        self._locs.discard((path, line))

    def __bool__(self) -> bool:
        return bool(self._locs)

    def __len__(self) -> int:
        return len(self._locs)

    def locations(self) -> List[Location]:
        """The first :data:`MAX_EVIDENCE` locations, sorted by path and line."""
        return [Location(p, ln) for p, ln in sorted(self._locs)[:MAX_EVIDENCE]]


#: each pattern's line-oriented twin, behind the literals every match contains (regexgate)
_MULTILINE: Dict[Any, Gated] = {}


# literal substrings, one of which every match of a (slow, many-branch) pattern contains: checked
# with str.find before the regex runs, which keeps big repositories fast
_NEEDLES: Dict[Any, Tuple[str, ...]] = {}


def prefiltered(pattern: "re.Pattern[str]", *needles: str) -> "re.Pattern[str]":
    """Register ``needles`` for ``pattern`` (every match contains one of them: for a
    case-insensitive pattern, compared lowered, as every match of it lowered contains one of
    them lowered) and return the pattern; :func:`anywhere` then skips texts holding none of them
    without a regex. ``tests/test_rev51p_regexgate.py`` proves each set against the literals
    regexgate reads from the pattern."""
    _NEEDLES[pattern] = tuple(dict.fromkeys(n.lower() for n in needles)) if pattern.flags & re.I else needles
    return pattern


def _lacks_needles(pattern: "re.Pattern[str]", text: str) -> bool:
    """The text holds none of ``pattern``'s needles, so it cannot match. A case-insensitive
    pattern's needles are looked for in the text lowered, and only in an ASCII text: ``re``'s
    case folding matches a few characters beyond ASCII (the Kelvin sign for ``k``)."""
    needles = _NEEDLES.get(pattern)
    if needles is None:
        return False
    if pattern.flags & re.I:
        if not text.isascii():
            return False
        text = text.lower()
    return not any(n in text for n in needles)


def anywhere(pattern: "re.Pattern[str]", text: str) -> bool:
    """Cheap whole-text prefilter for a line-oriented pattern (``^``/``$`` match at lines)."""
    if _lacks_needles(pattern, text):
        return False
    ml = _MULTILINE.get(pattern)
    if ml is None:
        ml = _MULTILINE[pattern] = Gated(re.compile(pattern.pattern, pattern.flags | re.M))
    return ml.search(text) is not None


def grep_lines(text: str, pattern: "re.Pattern[str]", skip_comments: str = "") -> Iterator[int]:
    """1-based numbers of the lines ``pattern`` matches (``search``), skipping lines that start
    with ``skip_comments`` when it is given."""
    if not anywhere(pattern, text):
        return
    for i, line in enumerate(split_lines(text), 1):
        if skip_comments and line.lstrip().startswith(skip_comments):
            continue
        if pattern.search(line):
            yield i


def line_of(text: str, offset: int) -> int:
    """1-based line of a character offset into ``text``."""
    return text.count("\n", 0, offset) + 1
