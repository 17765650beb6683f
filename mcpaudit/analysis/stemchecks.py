"""A character-class check on a name's stem vouches for the name itself.

    base = name[:-2] if name.endswith(".m") else name      # or name.removesuffix(".m")
    if not base.isidentifier():
        raise ValueError("not a script name")
    path = SCRIPTS / (name if name.endswith(".m") else f"{name}.m")

``name`` is ``base`` or ``base`` followed by the literal suffix, so it holds only what the check
lets through plus that suffix's characters. Only a short literal suffix of word characters and
dots (no slash, backslash, quote or ``..``) passes the check on to the name.
"""

from __future__ import annotations

import re
from typing import List, Optional

from ..lazycst import cst

from . import cstnodes as N
from .taintvalue import ALL

_SUFFIX = re.compile(r"[\w.]{1,16}")


def char_class_narrowings(fa, var: str, meth: str) -> List[tuple]:
    """The narrowing of ``var`` by a character-class test, and of the name ``var`` is the stem of."""
    out = [(var, frozenset({ALL}), None, meth)]
    source = fa.__dict__.get("stem_sources", {}).get(var)
    if source is not None and source != var:
        out.append((source, frozenset({ALL}), None, meth))
    return out


def note_stem(fa, name: str, value) -> None:
    """Remember (or forget) that local ``name`` was just assigned the stem of another name."""
    source = _stem_source(value) if value is not None else None
    stems = fa.__dict__.setdefault("stem_sources", {})
    for stem in [k for k, v in stems.items() if v == name]:
        del stems[stem]  # the name was given a new value: its old stem vouches for nothing
    if source is not None and source != name:
        stems[name] = source
    else:
        stems.pop(name, None)


def _stem_source(value) -> Optional[str]:
    """``X`` when ``value`` is ``X[:-k] if X.endswith(S) else X`` or ``X.removesuffix(S)``."""
    if isinstance(value, cst.IfExp) and isinstance(value.test, cst.Call):
        test = value.test
        if not (isinstance(test.func, cst.Attribute) and test.func.attr.value == "endswith" and len(test.args) == 1):
            return None
        src = N.var_of(test.func.value)
        if not (src and _suffix(test.args[0].value) and N.var_of(value.orelse) == src
                and _head_slice(value.body) == src):
            return None
        return src
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
            and value.func.attr.value == "removesuffix" and len(value.args) == 1 and _suffix(value.args[0].value):
        return N.var_of(value.func.value) if isinstance(value.func.value, (cst.Name, cst.Attribute)) else None
    return None


def _suffix(node) -> bool:
    text = N.string_value(node)
    return text is not None and bool(_SUFFIX.fullmatch(text)) and ".." not in text


def _head_slice(node) -> Optional[str]:
    """``X`` of ``X[:-k]`` / ``X[:len(X) - k]`` (a slice from the start)."""
    if not (isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice)):
        return None
    sl = node.slice[0].slice
    if sl.lower is not None or sl.step is not None or sl.upper is None:
        return None
    return N.var_of(node.value) if isinstance(node.value, cst.Name) else None
