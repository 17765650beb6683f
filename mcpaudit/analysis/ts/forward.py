"""Properties of an object handed on whole (``helper(input)`` with ``input`` a parameter of the
caller): what the caller's caller bound to ``input.field`` (a schema's proof of each field, an
object literal's constants) binds to the callee's parameter's fields too, however many project
functions the object passes through.

The interpreter records such an argument in its call's kwargs as ``#i.~`` -> the label
``("~", param)``; the linker substitutes that label with :func:`pack` (the caller's
``param.field`` bindings as one taint) and binds it with :func:`unpack`.
"""

from __future__ import annotations

from typing import Dict

from ..taintvalue import Info, Taint

#: the kwargs key suffix and label head of an argument that is the caller's parameter, whole
FORWARD = "~"


def pack(env: Dict[str, Taint], param: str) -> Taint:
    """The properties ``env`` binds to ``param`` (``param.field`` entries) as one taint, each
    label prefixed with ``("#", field)``; a property bound to nothing keeps a bare ``("#", field)``."""
    out: Taint = {}
    n = len(param) + 1
    for k, t in env.items():
        if not k.startswith(param) or k[n - 1:n] != "." or "." in k[n:]:
            continue
        if not t:
            out[("#", k[n:])] = Info(())
        for lbl, i in t.items():
            out[("#", k[n:], *lbl)] = i
    return out


def unpack(t: Taint) -> Dict[str, Taint]:
    """The inverse of :func:`pack`: property -> its taint."""
    out: Dict[str, Taint] = {}
    for lbl, i in t.items():
        if lbl[0] != "#" or len(lbl) < 2:
            continue
        field = out.setdefault(lbl[1], {})
        if len(lbl) > 2:
            field[tuple(lbl[2:])] = i
    return out



#: the kwargs field of an object literal's spreads (``{ ...args, flag: true }``): a property the
#: literal does not list is the spread's property of that name
SPREADS = "..."


def spread_field(spread: Taint, key: str) -> Taint:
    """Property ``key`` of what an object literal spread (its caller's parameter ``args`` becomes
    that parameter's field label, as ``args.key`` would read; any other value is kept whole, named
    after the property)."""
    out: Taint = {}
    for lbl, i in spread.items():
        if lbl[0] == "p" and len(lbl) == 2:
            out[("pf", lbl[1], key)] = i.replace(key=i.key or key)
        else:
            out[lbl] = i if i.key else i.replace(key=key)
    return out
