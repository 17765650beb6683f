"""A capture group of a constant regular expression whose characters exclude the separators.

``const m = url.match(/figma\\.com\\/file\\/([^/?\\\\]+)/); return m[1]`` (or ``re.exec(url)[1]``,
``url.match(re)?.[1]``): the value is the text the group matched, so it holds only what the
group's pattern can hold (read with Python's own regex parser, :func:`~..regexshape.group_holds`).
A group that can hold neither ``/`` nor ``\\`` leaves one path segment: the
:data:`~..charfilter.NO_SEPARATOR` mark a character allow-list gives in Python, which the linker
reads the same way (``placement.py``: one segment of a URL path cannot climb, as a
percent-encoded value cannot; a file path gets it as one component). ``\\`` counts: ``fetch`` and
axios parse a URL with the WHATWG parser, which reads ``\\`` as ``/`` in an http(s) path, so
``[^/?]+`` alone still lets ``..\\..\\x`` climb.
"""

from __future__ import annotations

from typing import Optional

from ..charfilter import NO_SEPARATOR
from ..regexshape import group_holds
from ..taintvalue import mark
from . import nodes as N
from .checks import _regex_parts
from .listenhost import declared_value

#: in a URL (WHATWG parsing) and in a file path both are separators
_SEPARATORS = "/\\"
_MATCHERS = ("match", "exec")


def capture_marks(fa, obj, idx) -> frozenset:
    """The marks of ``obj[idx]`` when ``obj`` is the result of a constant regex's match and
    group ``idx`` can hold no separator."""
    if idx is None or idx.type != "number":
        return frozenset()
    try:
        index = int(N.text(fa.data, idx))
    except ValueError:
        return frozenset()
    pattern = _matched_pattern(fa, obj)
    if pattern is None:
        return frozenset()
    holds = group_holds(pattern, index, _SEPARATORS)
    return frozenset({NO_SEPARATOR}) if holds is not None and not holds else frozenset()


def _matched_pattern(fa, obj) -> Optional[str]:
    """The pattern of ``x.match(<regex>)`` / ``<regex>.exec(x)``, itself or held in a local."""
    u = N.unwrap(obj)
    if u is not None and u.type == "identifier":
        u = N.unwrap(declared_value(fa.data, u))
    if u is None or u.type != "call_expression":
        return None
    fn = u.child_by_field_id(fa.F.function)
    if fn is None or fn.type != "member_expression":
        return None
    prop = fn.child_by_field_id(fa.F.property)
    method = N.text(fa.data, prop) if prop is not None else ""
    if method not in _MATCHERS:
        return None
    args = N.args_of(u)
    rx = (args[0] if args else None) if method == "match" else fn.child_by_field_id(fa.F.object)
    return _regex_pattern(fa, rx)


def _regex_pattern(fa, node) -> Optional[str]:
    rx = _regex_parts(fa.data, node) or fa._regex_const(node)
    return rx[0] if rx else None


def global_match_marks(fa, node, out):
    """``name.match(/[a-zA-Z]+|\\d+/g)``: a global match gives the pieces of the text the whole
    pattern matched, so (mapped, joined) they hold only what the pattern can hold; marked
    :data:`~..charfilter.NO_SEPARATOR` when it can hold no separator and no '.' (tsrec27). ``out`` is the
    call's taint, returned marked or as it is."""
    if not out or node.type != "call_expression":
        return out
    fn = node.child_by_field_id(fa.F.function)
    prop = fn.child_by_field_id(fa.F.property) if fn is not None and fn.type == "member_expression" else None
    args = N.args_of(node)
    if prop is None or N.text(fa.data, prop) not in ("match", "matchAll") or len(args) != 1:
        return out
    rx = _regex_parts(fa.data, args[0]) or fa._regex_const(args[0])
    if not rx or "g" not in rx[1]:
        return out
    # no '.' either: the pieces may be joined with a separator, which must not make a '..'
    holds = group_holds(rx[0], 0, _SEPARATORS + ".")
    return mark(out, clean=frozenset({NO_SEPARATOR})) if holds is not None and not holds else out
