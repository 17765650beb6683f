"""The strings a value fixed by the author can take, for the claims (claims.py).

``for (const cmd of ["python3", "python"])`` (an array literal, a ``const`` binding of one, or a
choice between two by platform) makes ``cmd`` one of those strings. A command line built from
constants and such values, given to the project's own exec wrapper (``run(`${cmd} --version`)``),
has a known text: a value with one string is that string; a value among several single words
(program names, no spaces or shell syntax) is written ``*``, a word the claims read as "some
program" (only the ``"*"`` entries of ``non-destructive-commands`` apply to it: a version or help
probe is harmless for any program, ``get`` is not).
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

from . import nodes as N

_MAX = 16
_WORD = re.compile(r"[A-Za-z0-9_.+/\\:][A-Za-z0-9_.+/\\:-]*\Z")


def list_values(fa, node) -> Optional[Tuple[str, ...]]:
    """The strings of the elements of a list of the author's constants, else None."""
    u = N.unwrap(node)
    if u is None:
        return None
    t = u.type
    if t == "identifier":
        name = N.text(fa.data, u)
        if name in fa.list_choices or name in fa.locals:
            return fa.list_choices.get(name)
        return fa.mod.top.list_choices.get(name)  # a const list of the module
    if t == "ternary_expression":
        a = list_values(fa, u.child_by_field_id(fa.F.consequence))
        b = list_values(fa, u.child_by_field_id(fa.F.alternative))
        return tuple(dict.fromkeys(a + b))[:_MAX] if a is not None and b is not None else None
    if t != "array":
        return None
    out = []
    for c in u.named_children:
        if c.type == "comment":
            continue
        s = fa.const_of(c) if c.type != "spread_element" else None
        if s is None:
            return None
        out.append(s)
    return tuple(dict.fromkeys(out))[:_MAX] if out and len(out) <= _MAX else None


def command_text(fa, node) -> Optional[str]:
    """The text of a command line built from the author's values (see the module docstring)."""
    s = N.string_value(fa.data, node)
    if s is not None:
        return s
    u = N.unwrap(node)
    if u is None:
        return None
    t = u.type
    if t == "identifier":
        vals = fa.choices.get(N.text(fa.data, u))
        if vals is None:
            return fa.const_of(u)
        if len(vals) == 1:
            return vals[0]
        return "*" if all(_WORD.match(v) for v in vals) else None
    if t in ("binary_expression", "template_string"):
        return N.fold_concat(fa.data, fa.F, u, lambda part: command_text(fa, part))
    return fa.const_of(u)


def module_list(mod, decl, name: str, arr) -> None:
    """``const NAME = ["a", "b"]`` at the top of a module: its strings, for its functions."""
    parent = decl.parent
    if parent is not None and parent.type == "lexical_declaration" and parent.child(0).type == "const":
        vals = list_values(mod.top, arr)
        if vals is not None:
            mod.top.list_choices[name] = vals
