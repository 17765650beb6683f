"""What an anchored regular expression lets through, read from Python's own regex parser.

A validator's pattern is often more than a run of character classes: a dotted name
(``^[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)?$``), a version (``^\\d+(\\.\\d+)*$``), a key with a dash.
Parsed, such a pattern shows every character it can match; when that set holds only word
characters, dots and dashes, and the match is anchored at both ends, a matching value cannot
carry a quote, a statement separator, a space, a shell metacharacter or a path separator.
"""

from __future__ import annotations

import re
import string
from typing import FrozenSet, Optional, Set, Tuple

try:  # Python 3.11+
    import re._parser as _sre  # type: ignore[import-not-found]
    from re._constants import (  # type: ignore[import-not-found]
        ANY, ASSERT, ASSERT_NOT, AT, AT_BEGINNING, AT_BEGINNING_STRING, AT_END, AT_END_STRING, BRANCH,
        CATEGORY, CATEGORY_DIGIT, CATEGORY_WORD, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, NEGATE, NOT_LITERAL,
        POSSESSIVE_REPEAT, RANGE, SUBPATTERN)
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as _sre  # type: ignore[no-redef]
    from sre_constants import (  # type: ignore[no-redef]
        ANY, ASSERT, ASSERT_NOT, AT, AT_BEGINNING, AT_BEGINNING_STRING, AT_END, AT_END_STRING, BRANCH,
        CATEGORY, CATEGORY_DIGIT, CATEGORY_WORD, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, NEGATE, NOT_LITERAL,
        RANGE, SUBPATTERN)
    POSSESSIVE_REPEAT = MAX_REPEAT

_WORD = set(string.ascii_letters + string.digits + "_")
#: characters a name may hold and still be inert in a query, a command line or a template
_INERT = frozenset(_WORD | {".", "-"})
_REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)
_ENDS = (AT_END, AT_END_STRING)
_ALL_FAMILIES = ("shell", "sql", "nosql", "code", "template", "deserialization", "ssrf")


class _Open(Exception):
    """The pattern can match a character outside the inert set (or one we cannot bound)."""


def _class_chars(items) -> Set[str]:
    out: Set[str] = set()
    for op, av in items:
        if op is LITERAL:
            out.add(chr(av))
        elif op is RANGE:
            lo, hi = av
            if hi - lo > 128:
                raise _Open()
            out.update(chr(c) for c in range(lo, hi + 1))
        elif op is CATEGORY and av is CATEGORY_DIGIT:
            out.update(string.digits)
        elif op is CATEGORY and av is CATEGORY_WORD:
            out.update(_WORD)  # ASCII part; a non-ASCII letter is as inert
        else:  # NEGATE, \s, \S, \W, \D ...
            raise _Open()
    return out


def _item(op, av) -> Tuple[Set[str], Set[str], bool]:
    """(characters the item can match, characters it can start with, may it match nothing)."""
    if op is AT:
        return set(), set(), True
    if op is LITERAL:
        return {chr(av)}, {chr(av)}, False
    if op is IN:
        if any(o is NEGATE for o, _ in av):
            raise _Open()
        chars = _class_chars(av)
        return chars, chars, False
    if op in _REPEATS:
        every, first, empty = _chars(av[2])
        return every, first, empty or av[0] == 0
    if op is SUBPATTERN:
        return _chars(av[-1])
    if op is BRANCH:
        every, first, empty = set(), set(), False
        for alt in av[1]:
            e, f, z = _chars(alt)
            every, first, empty = every | e, first | f, empty or z
        return every, first, empty
    raise _Open()  # ANY, NOT_LITERAL, backreferences, lookarounds ...


def _chars(seq) -> Tuple[Set[str], Set[str], bool]:
    """(every character ``seq`` can match, the characters it can start with, may it be empty)."""
    every: Set[str] = set()
    first: Set[str] = set()
    empty = True
    for op, av in seq:
        e, f, z = _item(op, av)
        every |= e
        if empty:
            first |= f
        empty = empty and z
    return every, first, empty


def _anchored_end(seq) -> bool:
    """True when every way through ``seq`` ends at the end of the string."""
    items = [(op, av) for op, av in seq]
    if not items:
        return False
    op, av = items[-1]
    if op is AT:
        return av in _ENDS
    if op is SUBPATTERN:
        return _anchored_end(av[-1])
    if op is BRANCH:
        return all(_anchored_end(alt) for alt in av[1])
    return False


def _anchored_start(seq) -> bool:
    """True when every way through ``seq`` starts at the start of the string."""
    items = [(op, av) for op, av in seq]
    if not items:
        return False
    op, av = items[0]
    if op is AT:
        return av in (AT_BEGINNING, AT_BEGINNING_STRING)
    if op is SUBPATTERN:
        return _anchored_start(av[-1])
    if op is BRANCH:
        return all(_anchored_start(alt) for alt in av[1])
    return False


def anchored_at_start(pattern: str) -> bool:
    """Whether a search for ``pattern`` (``re.search``, pydantic's ``pattern=``) can only match
    from the start of the string: ``^`` or ``\\A`` begins every alternative, with no MULTILINE
    flag (under which ``^`` matches after any newline)."""
    try:
        seq = _sre.parse(pattern)
    except Exception:  # noqa: BLE001 - not a pattern we can read
        return False
    return not (seq.state.flags & re.MULTILINE) and _anchored_start(seq)


def shape_families(pattern: str, full: bool) -> FrozenSet[str]:
    """Families a successful ``re.match`` (``full``: ``re.fullmatch``) of ``pattern`` rules out.
    Empty when the pattern lets through a character outside word characters, dots and dashes,
    or a ``match`` is not anchored at the end."""
    try:
        seq = _sre.parse(pattern)
    except Exception:  # noqa: BLE001 - not a pattern we can read
        return frozenset()
    if not full and not _anchored_end(seq):
        return frozenset()
    try:
        every, first, _ = _chars(seq)
    except _Open:
        return frozenset()
    return inert_families(every, first)


def first_chars(pattern: str) -> Optional[Set[str]]:
    """The characters a match of ``pattern`` can start with (``-`` in ``[a-z0-9_-]``, a literal
    dash last in a class), or None when the pattern cannot be read or bounded."""
    try:
        _, first, _ = _chars(_sre.parse(pattern))
    except Exception:  # noqa: BLE001 - not a pattern we can read, or an open one
        return None
    return first


def inert_families(every: Set[str], first: Set[str]) -> FrozenSet[str]:
    """Families a value made only of the characters ``every`` (starting with one of ``first``)
    is clean for: none when it can hold a character outside word characters, dots and dashes;
    not ``argument`` when it can start with a dash; ``path`` only when it cannot start with a dot
    (``..`` is a whole path segment of dots alone; ``a..b`` or ``x.png`` is one plain name)."""
    if not every or not every <= _INERT:
        return frozenset()
    fams = set(_ALL_FAMILIES)
    if "-" not in first:
        fams.add("argument")
    if "." in every:  # 'evil.example' as a host
        fams.discard("ssrf")
    if "." not in first:  # no separator, and no segment of dots alone ('..') when none starts with one
        fams.add("path")
    return frozenset(fams)


def _single_item(pattern: str):
    """The one item ``pattern`` consists of, looking through a repeat of at least one (``X+``,
    ``X{2,}``): its (op, argument) pair, or (None, None) when the pattern cannot be read or has
    more than one item."""
    try:
        seq = list(_sre.parse(pattern))
    except Exception:  # noqa: BLE001 - not a pattern we can read
        return None, None
    if len(seq) != 1:
        return None, None
    op, av = seq[0]
    if op in _REPEATS and av[0] >= 1 and len(av[2]) == 1:
        op, av = list(av[2])[0]
    return op, av


def negated_class_chars(pattern: str) -> Optional[Set[str]]:
    """The characters a substitution of ``pattern`` leaves in place, when the pattern is one
    negated character class (``[^\\w\\-]``, ``[^A-Za-z0-9_.-]+``): every other character is
    replaced. None for any other pattern (or a class we cannot bound)."""
    op, av = _single_item(pattern)
    if op is not IN or not av or av[0][0] is not NEGATE:
        return None
    try:
        return _class_chars(av[1:])
    except _Open:
        return None


def control_class(pattern: str) -> bool:
    """Whether ``pattern`` is one character class (optionally repeated) of control characters
    only (``[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]``, ``[\\r\\n]+``): a substitution of it strips
    those characters and leaves every other one of the value as it was."""
    op, av = _single_item(pattern)
    if op is LITERAL:
        chars = {chr(av)}
    elif op is IN and av and av[0][0] is not NEGATE:
        try:
            chars = _class_chars(av)
        except _Open:
            return False
    else:
        return False
    return bool(chars) and all(ord(c) < 32 or ord(c) == 127 for c in chars)


def replaced_chars(pattern: str) -> Optional[Set[str]]:
    """The characters a substitution of ``pattern`` certainly replaces, when the pattern is one
    literal character or one (not negated) character class, repeated or not (``/``, ``[/\\\\]+``,
    ``[<>:"/\\\\|?*]``): its literal characters and bounded ranges (a category such as ``\\s``
    replaces more, which is left out). None for any other pattern."""
    op, av = _single_item(pattern)
    if op is LITERAL:
        return {chr(av)}
    if op is not IN or not av or av[0][0] is NEGATE:
        return None
    out: Set[str] = set()
    for item_op, item_av in av:
        if item_op is LITERAL:
            out.add(chr(item_av))
        elif item_op is RANGE and item_av[1] - item_av[0] <= 128:
            out.update(chr(c) for c in range(item_av[0], item_av[1] + 1))
    return out


_CATEGORY_TESTS = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                   "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _class_holds(items, c: str) -> bool:
    negate = bool(items) and items[0][0] is NEGATE
    hit = False
    for op, av in items[1:] if negate else items:
        if op is LITERAL:
            hit = chr(av) == c
        elif op is RANGE:
            hit = av[0] <= ord(c) <= av[1]
        elif op is CATEGORY:
            test = _CATEGORY_TESTS.get(str(av))
            hit = test is None or re.fullmatch(test, c) is not None  # unknown: it may
        else:
            hit = True
        if hit:
            break
    return hit != negate


def _holds(seq, c: str) -> bool:
    """Whether some match of ``seq`` can hold the character ``c`` (True when unsure)."""
    for op, av in seq:
        if op is LITERAL:
            hit = chr(av) == c
        elif op is NOT_LITERAL:
            hit = chr(av) != c
        elif op is ANY:
            hit = c != "\n"
        elif op is IN:
            hit = _class_holds(av, c)
        elif op in _REPEATS:
            hit = av[1] > 0 and _holds(av[2], c)
        elif op is SUBPATTERN:
            hit = _holds(av[-1], c)
        elif op is BRANCH:
            hit = any(_holds(alt, c) for alt in av[1])
        else:
            hit = op is not AT and op is not ASSERT and op is not ASSERT_NOT
        if hit:
            return True
    return False


def _group(seq, index: int):
    for op, av in seq:
        if op is SUBPATTERN and av[0] == index:
            return av[-1]
        inner = [av[-1]] if op is SUBPATTERN else [av[2]] if op in _REPEATS else av[1] if op is BRANCH else []
        for sub in inner:
            got = _group(sub, index)
            if got is not None:
                return got
    return None


def group_holds(pattern: str, index: int, chars: str) -> Optional[Set[str]]:
    """Which of ``chars`` the text capture group ``index`` of ``pattern`` takes can hold
    (``[^/?]+`` holds no ``/``; group 0 is the whole match); None when the pattern cannot be
    read or has no such group."""
    try:
        parsed = _sre.parse(pattern)
        group = _group(parsed, index) if index > 0 else parsed  # 0: the whole match
    except Exception:  # noqa: BLE001 - not a pattern we can read (a JavaScript-only syntax)
        return None
    if group is None:
        return None
    return {c for c in chars if _holds(group, c)}
