"""The shape marks a string method that cuts or rewrites text cannot keep.

SLASH_LED (the whole text starts with '/': slashpaths.py), AFTER_BLANK (a value placed after a
word and a blank) and FIRST_WORD (the first word of a blank split: shellwords.py) describe where
a value sits in its text. ``led.slice(1)``, ``line.replace(/^\\S+ /, "")``, ``s.substring(i)``
may remove the leading '/' or the words before the value (``"/@evil.example"`` cut by one makes
``evil.example`` the host after a base), so their result drops these marks and is judged like an
unshaped value.
"""

from __future__ import annotations

from ..taintvalue import AFTER_BLANK, FIRST_WORD, SLASH_LED, Taint
from . import nodes as N
from .onename import cut, separators_removed

#: the marks of a value's place in its text
_SHAPE = frozenset({SLASH_LED, AFTER_BLANK, FIRST_WORD})
#: the string methods whose result may no longer begin as (or hold the words before) the receiver
#: (a split keeps the words apart: shellwords.first_word reads its first element)
CUTTING = frozenset({"slice", "substring", "substr", "replace", "replaceAll", "at", "charAt",
                     "padStart", "trimStart", "trimLeft", "splice"})


def uncut(method, v: Taint, names: bool = True) -> Taint:
    """``v``, the result of ``.method(...)``, without the shape marks when the method cuts (and,
    unless ``names`` is False, no longer a whole file name: onename.py)."""
    if v and names and (method in CUTTING or method == "split"):
        v = cut(v)
    if not v or method not in CUTTING or not any(_SHAPE & i.clean for i in v.values()):
        return v
    return {k: (i.replace(clean=i.clean - _SHAPE) if _SHAPE & i.clean else i) for k, i in v.items()}


def uncut_call(fa, fn, v: Taint) -> Taint:
    """:func:`uncut` for a call of ``fn`` (a member expression names the method)."""
    if not v or fn is None or fn.type != "member_expression":
        return v
    prop = fn.child_by_field_name("property")
    method = fa.data[prop.start_byte:prop.end_byte].decode() if prop is not None else None
    call = fn.parent  # x.replace(/[/\\]/g, ""): the removal of separators is what makes a name
    removal = call is not None and call.type == "call_expression" and separators_removed(fa.data, N.args_of(call), method)
    return uncut(method, v, names=not removal)
