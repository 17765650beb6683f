"""A regular expression searched over a whole module's text only when the text holds one of the
literals every match must contain.

``re`` finds a match by trying the pattern at each position of the text. A pattern that starts
with a literal is fast (the engine jumps to each occurrence of that prefix), but one that starts
with an alternation, a character class or a boundary, or is case-insensitive, is tried at every
position: on modelcontextprotocol/servers ``src/`` the regular-expression engine runs a fifth of
the instructions of the scanning process and a quarter of the ts engine's child
(``valgrind --tool=callgrind``), most of it such whole-text searches, and on most modules they
find nothing. A substring test (``in``) is many times faster than that walk.

:func:`gated` reads, with ``re``'s own parser, the literals one of which every match of the
pattern contains: the longest run of plain characters the pattern always consumes, or, for an
alternation it always passes through, one such run per branch (the one that decides most cheaply
is kept). When the text holds none of them the pattern cannot match and is not run; otherwise it
runs as before, so the results are ``re``'s own. Case-insensitive patterns compare the text
lowered, and only when the text is ASCII (``re``'s Unicode case folding matches a few characters
outside ASCII, such as the Kelvin sign for ``k``); other texts always run the pattern. A pattern
from which no literal can be read (every branch may match without one) is always run.
"""

from __future__ import annotations

import re
from typing import AnyStr, Iterator, List, Optional, Tuple

#: shorter literals decide too little to be worth a test
MIN_LITERAL = 3


def _parser():
    parser = getattr(re, "_parser", None)
    if parser is not None:
        return parser
    import sre_parse  # before 3.11

    return sre_parse


def _options(items, fold: bool, parser) -> Optional[List[str]]:
    """Literal sets (one of which every match of the sequence ``items`` contains) as lists of
    strings; the cheapest-deciding one, or None."""
    c = parser  # the op codes live on the parser module (from re._constants)
    best: Optional[List[str]] = None
    run: List[str] = []

    def consider(option: Optional[List[str]]) -> None:
        nonlocal best
        if not option or min(len(s) for s in option) < MIN_LITERAL:
            return
        if best is None or (min(map(len, option)), -len(option)) > (min(map(len, best)), -len(best)):
            best = option

    for op, av in list(items) + [(None, None)]:
        if op is c.LITERAL:
            ch = chr(av)
            if fold and not ch.isascii():
                run = []  # case folding reaches beyond ASCII: no literal here
                continue
            run.append(ch.lower() if fold else ch)
            continue
        consider(["".join(run)] if run else None)
        run = []
        if op is c.BRANCH:
            branches = [_options(b, fold, parser) for b in av[1]]
            if all(branches):
                consider([s for b in branches for s in b])  # type: ignore[union-attr]
        elif op is c.SUBPATTERN:
            add, delete, sub = av[1], av[2], av[3]
            if not add and not delete:
                consider(_options(sub, fold, parser))
    return best


#: the literals read so far, by (pattern, flags), kept in the compact store (:func:`_known`)
_KNOWN: Optional[dict] = None
_KEY: Optional[str] = None


def _known() -> dict:
    """The literals read in earlier runs: reading them costs ``re``'s pure-Python parser ~0.1 ms
    a pattern (the posture pass gates some 60), so they are kept in one entry of the compact
    store (:mod:`mcpaudit.compact`) under this module's source and the interpreter's version."""
    global _KNOWN, _KEY
    if _KNOWN is None:
        _KNOWN = {}
        try:
            import sys

            from . import compact

            with open(__file__, "rb") as fh:
                _KEY = "regexgate:" + compact.digest(fh.read(), sys.version.encode())
            table = compact.get(_KEY)
            if isinstance(table, dict):
                _KNOWN = table
        except Exception:  # no store: every pattern is read here
            _KEY = None
    return _KNOWN


def required_literals(pattern: "re.Pattern") -> Optional[Tuple[str, ...]]:
    """The literals (lowered for a case-insensitive pattern) one of which every match of
    ``pattern`` contains, or None when none can be read."""
    known = _known()
    key = (pattern.pattern, pattern.flags)
    if key in known:
        found = known[key]
        return tuple(found) if found is not None else None
    found = _read_literals(pattern)
    known[key] = found
    if _KEY is not None:
        from . import compact

        compact.put(_KEY, known)
    return found


def _read_literals(pattern: "re.Pattern") -> Optional[Tuple[str, ...]]:
    parser = _parser()
    flags = pattern.flags
    if flags & re.LOCALE:
        return None
    source = pattern.pattern
    if isinstance(source, bytes):
        source = source.decode("latin-1")  # code points 0-255, as the parser reads bytes
    try:
        parsed = parser.parse(source, flags & ~re.UNICODE if isinstance(pattern.pattern, bytes) else flags)
    except Exception:
        return None
    fold = bool(parsed.state.flags & re.IGNORECASE)
    found = _options(parsed, fold, parser)
    return tuple(dict.fromkeys(found)) if found else None


class Gated:
    """``pattern`` run only over texts that hold one of its required literals (module docstring).
    ``search``, ``match``, ``fullmatch``, ``finditer`` and ``findall`` answer as ``pattern``'s."""

    __slots__ = ("pattern", "literals", "fold")

    def __init__(self, pattern: "re.Pattern") -> None:
        self.pattern = pattern
        found = required_literals(pattern)
        if found is not None and isinstance(pattern.pattern, bytes):
            self.literals: Optional[Tuple] = tuple(s.encode("latin-1") for s in found)
        else:
            self.literals = found
        self.fold = bool(pattern.flags & re.IGNORECASE)

    def may_match(self, text: AnyStr) -> bool:
        """False only when ``pattern`` cannot match anywhere in ``text``."""
        literals = self.literals
        if literals is None:
            return True
        if self.fold:
            if isinstance(text, str) and not text.isascii():
                return True
            text = text.lower()
        return any(s in text for s in literals)

    def search(self, text: AnyStr, *args):
        return self.pattern.search(text, *args) if self.may_match(text) else None

    def match(self, text: AnyStr, *args):
        return self.pattern.match(text, *args) if self.may_match(text) else None

    def fullmatch(self, text: AnyStr, *args):
        return self.pattern.fullmatch(text, *args) if self.may_match(text) else None

    def finditer(self, text: AnyStr, *args) -> Iterator["re.Match"]:
        return self.pattern.finditer(text, *args) if self.may_match(text) else iter(())

    def findall(self, text: AnyStr, *args) -> list:
        return self.pattern.findall(text, *args) if self.may_match(text) else []


def gated(pattern: "re.Pattern") -> Gated:
    """``pattern`` behind its literal test (:class:`Gated`)."""
    return Gated(pattern)


__all__ = ["Gated", "MIN_LITERAL", "gated", "required_literals"]
