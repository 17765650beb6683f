"""Patterns whose every match is free of dot segments (issue 14, ts28b).

A URL path fill climbs with a ``..`` segment (``../admin``; WHATWG URL also reads ``%2e%2e``,
and a backslash as a separator). A value matching ``^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~]
[a-z0-9-._~]*$`` (an npm package name, scope included) holds dots and may hold one ``/``, but no
segment of it can start with a dot: none starts the value, none follows the slash, and ``%`` is
not allowed. Such a value cannot form a ``..`` segment (nor ``.``), so it cannot move the path it
fills; :func:`dot_segment_free` says so by reading the pattern's follow relation (which
characters can start it, which can follow a separator), over the few characters that matter.
"""

from __future__ import annotations

from typing import FrozenSet, Tuple

from .regexshape import (ANY, AT, BRANCH, CATEGORY, CATEGORY_DIGIT, CATEGORY_WORD, IN, LITERAL, NEGATE, NOT_LITERAL,
                         RANGE, SUBPATTERN, _REPEATS, _sre)

CATEGORY_SPACE = _sre.CATEGORY_SPACE  # re._parser (sre_parse) re-exports every regex constant

_SPECIAL = (".", "/", "\\", "%")
_OTHER = "o"  # any other character
_ALL = frozenset((*_SPECIAL, _OTHER))
_SEPS = frozenset({"/", "\\"})

# (first symbols, last symbols, may match nothing, every symbol, a separator followed by a dot)
_Item = Tuple[FrozenSet[str], FrozenSet[str], bool, FrozenSet[str], bool]


class _Unread(Exception):
    """A construct the follow relation is not computed for (lookarounds, back references)."""


def _sym(code: int) -> str:
    c = chr(code)
    return c if c in _SPECIAL else _OTHER


def _class(items) -> FrozenSet[str]:
    out = set()
    negate = False
    for op, av in items:
        if op is NEGATE:
            negate = True
        elif op is LITERAL:
            out.add(_sym(av))
        elif op is RANGE:
            lo, hi = av
            out.update(c for c in _SPECIAL if lo <= ord(c) <= hi)
            if any(not (chr(x) in _SPECIAL) for x in range(lo, min(hi, lo + 8) + 1)):
                out.add(_OTHER)
        elif op is CATEGORY and av in (CATEGORY_DIGIT, CATEGORY_WORD, CATEGORY_SPACE):
            out.add(_OTHER)
        else:  # \W, \S, \D: any special character may be in them
            out.update(_ALL)
    return frozenset(_ALL - out | {_OTHER}) if negate else frozenset(out)


def _item(op, av) -> _Item:
    if op is AT:
        return frozenset(), frozenset(), True, frozenset(), False
    if op in (LITERAL, NOT_LITERAL, IN, ANY):
        chars = frozenset({_sym(av)}) if op is LITERAL else _class(av) if op is IN else \
            (_ALL - {_sym(av)}) | {_OTHER} if op is NOT_LITERAL else _ALL
        return chars, chars, False, chars, False
    if op in _REPEATS:
        lo, hi, body = av
        first, last, empty, every, bad = _seq(body)
        bad = bad or (hi > 1 and bool(last & _SEPS) and "." in first)
        return first, last, empty or lo == 0, every, bad
    if op is SUBPATTERN:
        return _seq(av[-1])
    if op is BRANCH:
        parts = [_seq(alt) for alt in av[1]]
        return (frozenset().union(*(p[0] for p in parts)), frozenset().union(*(p[1] for p in parts)),
                any(p[2] for p in parts), frozenset().union(*(p[3] for p in parts)), any(p[4] for p in parts))
    raise _Unread()


def _seq(seq) -> _Item:
    first, last, empty, every, bad = frozenset(), frozenset(), True, frozenset(), False
    for op, av in seq:
        f, lst, e, ev, b = _item(op, av)
        bad = bad or b or (bool(last & _SEPS) and "." in f)
        first = first | f if empty else first
        last = lst | last if e else lst
        empty, every = empty and e, every | ev
    return first, last, empty, every, bad


def dot_segment_free(pattern: str) -> bool:
    """Whether no full match of ``pattern`` (anchored at both ends, as the caller checks) holds a
    segment that starts with a dot: no dot first, none right after ``/`` or ``\\``, no ``%``."""
    try:
        first, _last, _empty, every, bad = _seq(_sre.parse(pattern))
    except Exception:  # noqa: BLE001 - a pattern we cannot read, or a construct not computed
        return False
    return not bad and "." not in first and "%" not in every


def with_dot_segments(fams: FrozenSet[str], pattern: str) -> FrozenSet[str]:
    """The families a restrictive (anchored) pattern check rules out, plus the mark that no match
    holds a dot segment (reqcreds.NO_DOT_SEGMENT): a dotted identifier (``^[a-zA-Z_]\\w*(?:\\.
    [a-zA-Z_]\\w*)*$``) filling a URL path cannot climb it (Python's ``CONST_RE.fullmatch(v)``)."""
    from .reqcreds import NO_DOT_SEGMENT  # (reqcreds reads no regex)
    return fams | {NO_DOT_SEGMENT} if fams and dot_segment_free(pattern) else fams
