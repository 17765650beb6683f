"""An element of a split holds no copy of what the text was split at (open52t).

``uri.split("/").pop()`` is the idiom's basename, ``name.split(".")[0]`` its stem, and
``const [name, ext] = filename.split(".")`` takes both halves of a file name apart. Whatever the
caller wrote, an element of ``x.split(s)`` holds no ``s``:

* split at a path separator (``"/"``, ``path.sep``, a class holding ``/`` and ``\\\\`` such as
  ``/[\\\\/]/``): one path component (pathshape.NO_SEP), and BASENAME for the weak message.
  Glued to fixed text in one name (`` `${base}-${n}.png` ``) it names an entry of the folder it is
  joined to (onename.py); a whole component can still be ``..`` alone, the folder above (placement
  keeps such a flow, weak, with that reason; a read of it on its own opens no file). A split at
  ``"/"`` alone leaves ``\\\\``, a separator on Windows: the element is one component only in a
  module that shows no sign of running there (no ``process.platform``, ``os.platform()``,
  ``path.win32``, ``"win32"``), as sepreplace.py rules for Python's replacements;
* split at ``"."``: no dot at all, so no ``..`` segment (pathshape.NO_DOTDOT; reqcreds.NO_DOTS
  for a URL path): under a concatenating join (``path.join(tmp, stem)``, workspace.py) or after
  fixed text in a template (`` `${dir}/${stem}.png` ``) it stays below the folder, an absolute
  stem being appended there. A template whose fixed text, values left out, holds two dots in a
  row (`` `${a}.${b}.` `` with ``b`` empty) may spell ``..`` again: its values lose the mark
  (:func:`dots_kept`).

The elements are read by index (``[0]``, ``.at(-1)``), by ``pop()``/``shift()``, and by an array
pattern; the split is the receiver itself or a ``const`` declared from it.
"""

from __future__ import annotations

import re
from typing import FrozenSet, Optional

from ..reqcreds import NO_DOTS
from ..taintvalue import Taint
from . import nodes as N
from .listenhost import declared_value
from .pathshape import NO_DOTDOT, NO_SEP, NO_SLASH, separator_class

#: in ``Info.clean``: one path component cut out of a split at a separator (placement.py's message)
BASENAME = "split-segment"
#: the message's subject for such a value (placement.py)
BASENAME_SUBJECT = "a piece of a split at the path separator"
DOT_FREE = frozenset({NO_DOTS, NO_DOTDOT})
#: what shows a module runs on Windows too (``\\`` is then a separator)
_WINDOWS = re.compile(rb"process\.platform|\bos\.platform\(|\bplatform\(\)|path\.win32|['\"]win32['\"]")
_PICKS = frozenset({"pop", "shift", "at"})


def _windows(fa) -> bool:
    mod = fa.mod
    got = mod.__dict__.get("_ts_windows")
    if got is None:
        got = mod._ts_windows = bool(_WINDOWS.search(mod.data))
    return got


def _split_call(fa, node):
    """``node`` as a ``x.split(s)`` call, directly or through a ``const`` declared from one."""
    u = N.unwrap(node)
    if u is not None and u.type == "identifier":
        decl = declared_value(fa.data, u)
        if decl is None or decl.parent is None or decl.parent.parent is None or \
                N.text(fa.data, decl.parent.parent).split(None, 1)[0] != "const":
            return None
        u = N.unwrap(decl)
    if u is None or u.type != "call_expression":
        return None
    fn = u.child_by_field_name("function")
    if fn is None or fn.type != "member_expression" or N.text(fa.data, fn.child_by_field_name("property")) != "split":
        return None
    return u


def split_marks(fa, node) -> FrozenSet[str]:
    """The marks every element of the split ``node`` (a call, or a const holding one) has."""
    call = _split_call(fa, node)
    args = N.args_of(call) if call is not None else []
    if len(args) != 1:
        return frozenset()
    a = N.unwrap(args[0])
    text = N.string_value(fa.data, a)
    if text == ".":
        return DOT_FREE
    both = (a is not None and a.type == "regex" and a.child_by_field_name("pattern") is not None and
            separator_class(N.text(fa.data, a.child_by_field_name("pattern"))) and
            "\\\\" in N.text(fa.data, a.child_by_field_name("pattern")))
    if both:
        return frozenset({NO_SEP, BASENAME})
    slash = text == "/" or (a is not None and a.type == "regex" and N.text(fa.data, a.child_by_field_name("pattern")) in ("/", "\\/")) \
        or (fa.dotted(a) or "") in ("path.sep", "path.posix.sep")
    if not slash:
        return frozenset()
    return frozenset({NO_SLASH}) if _windows(fa) else frozenset({NO_SEP, BASENAME})


def picked(fa, method, recv_node, arg_nodes, recv: Taint) -> Optional[Taint]:
    """``x.split(s).pop()`` (``shift()``, ``at(i)``): the element, marked; None for another call."""
    if not recv or method not in _PICKS or recv_node is None or len(arg_nodes) != (1 if method == "at" else 0):
        return None
    marks = split_marks(fa, recv_node)
    return {k: i.replace(clean=i.clean | marks) for k, i in recv.items()} if marks else None


def indexed(fa, obj, idx) -> FrozenSet[str]:
    """The marks of ``x.split(s)[n]`` (``idx`` the index node)."""
    return split_marks(fa, obj) if idx is not None and idx.type == "number" else frozenset()


def element_value(fa, value_node, v: Taint) -> Taint:
    """``v`` for one element of an array pattern ``[a, b] = x.split(s)``."""
    marks = split_marks(fa, value_node) if v and value_node is not None else frozenset()
    return {k: i.replace(clean=i.clean | marks) for k, i in v.items()} if marks else v


def dots_kept(v: Taint, holes_text: str) -> Taint:
    """The values of a template whose fixed text, values left out, is ``holes_text``: without
    the dot-free marks when that text holds ``..`` (empty values between two dots spell it)."""
    if not v or ".." not in holes_text:
        return v
    return {k: (i.replace(clean=i.clean - DOT_FREE) if i.clean & DOT_FREE else i) for k, i in v.items()}
