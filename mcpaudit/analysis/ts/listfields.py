"""A sink row's keyword that names one property of each element of a list (issue 14).

    channel.send({ files: [{ attachment: filePath, name: fileName }] })

discord.js reads the file an entry's ``attachment`` names (or an entry that is a string, or the
first argument of ``new AttachmentBuilder(path, { name })``); the entry's ``name`` and
``description`` are labels it shows. The row names it ``files[].attachment``: of the list under
``files``, an object element's ``attachment``, a constructed element's first argument, any other
element whole. A list the code did not write out here (a variable, a call) counts whole.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..taintvalue import union
from . import nodes as N


def element_field(fa, obj, keys: List[str]) -> Optional[Tuple[object, dict]]:
    """(node, taint) of ``keys[0]`` (``files[]``) of the object literal ``obj``, read element by
    element for the property ``keys[1:]``; None when the object does not set the list."""
    value = N.object_props(fa.data, obj).get(keys[0][:-2])
    if value is None:
        return None
    arr = N.unwrap(value)
    if arr is None or arr.type != "array":
        return value, fa.ev_quiet(value)  # a list built elsewhere: whole
    parts = [p for el in arr.named_children if el.type != "comment" for p in (_part(fa, N.unwrap(el), keys[1:]),) if p is not None]
    if not parts:
        return None
    taint = union(*(t for _n, t in parts))
    fixed = [fa.is_constant(n) or (n.type == "identifier" and f"{N.text(fa.data, n)}.{'.'.join(keys[1:])}" in fa.consts)
             for n, _t in parts]  # (const entry = { attachment: REPORT, name }: its attachment is constant)
    if all(fixed) and not taint:
        return None
    if len(parts) == 1 or all(fixed):
        return parts[0][0], taint
    return value, taint


def _part(fa, el, rest: List[str]):
    """(node, taint) of what names the file in an element: its property ``rest`` (an object, or
    a variable whose properties were set here: ``const attachment = { attachment: p, name }``),
    the first argument of a constructed element, or the element itself."""
    if el is None:
        return None
    if el.type in ("object", "identifier") and rest:
        found = fa._field(el, ".".join(rest))
        if found is not None or el.type == "object":
            return found
    if el.type == "new_expression":
        args = N.args_of(el)
        return (args[0], fa.ev_quiet(args[0])) if args else None
    return el, fa.ev_quiet(el)


__all__ = ["element_field"]
