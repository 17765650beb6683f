"""What a record's property reads: ``request.endpoint`` is what the property's return reads.

A property whose body is one ``return`` (after a docstring) gives, when read on an object, the
value of its return expression: a literal or a module constant (``return "/author/search"``)
gives nothing of the fields the object was built from, a format of fields (``return
f"/author/{self.author_id}"``) gives what those fields hold. :func:`property_reads` names the
``self.<field>`` reads of such a property (an empty set for a constant); a property that calls a
method of ``self``, hands ``self`` on or does more than return stays unread (None), so the
object's whole taint is kept, as before (records.RecordFields._elsewhere). A field the return
places in a URL path (``f"/author/{self.author_id}"``) carries that path's marks when read through
the property, as it would when formatted in place (urlpath.py).
"""

from __future__ import annotations

from typing import FrozenSet, Optional, Tuple

from ..lazycst import cst

from .cstnodes import find_all
from .urlpath import IN_QUERY, fstring_before, in_url_path, path_marks

_PROPS = ("property", "cached_property")


def _deco(node) -> str:
    node = node.func if isinstance(node, cst.Call) else node
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return node.value if isinstance(node, cst.Name) else ""


def _single_return(fn: cst.FunctionDef):
    body = [st for st in getattr(fn.body, "body", ()) if not (
        isinstance(st, cst.SimpleStatementLine) and len(st.body) == 1 and isinstance(st.body[0], cst.Expr)
        and isinstance(st.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))]
    if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1 \
            or not isinstance(body[0].body[0], cst.Return) or body[0].body[0].value is None:
        return None
    return body[0].body[0].value


def _placed(value, reads) -> FrozenSet[str]:
    """The URL marks every ``self.<field>`` read of an f-string return is placed with (each a
    part of its own, after a path the text before it fixes, or after its ``?``); empty otherwise."""
    if not reads or not isinstance(value, cst.FormattedString):
        return frozenset()
    marks = None
    direct = 0
    for i, part in enumerate(value.parts):
        if isinstance(part, cst.FormattedStringExpression) and any(part.expression is a for a in reads):
            before = fstring_before(value, i)
            if "?" in before:
                m = IN_QUERY  # "/author/search?query={self.name}": in the query, it sets no host
            elif in_url_path(before):
                m = path_marks(before)
            else:
                return frozenset()
            marks = m if marks is None else marks & m
            direct += 1
    return frozenset(marks or ()) if direct == len(reads) else frozenset()


def property_reads(fn: cst.FunctionDef) -> Optional[Tuple[FrozenSet[str], FrozenSet[str]]]:
    """The fields of ``self`` a one-return property reads (empty: a constant) and the URL-path
    marks the return places them with, or None."""
    if not any(_deco(d.decorator) in _PROPS for d in fn.decorators):
        return None
    value = _single_return(fn)
    if value is None:
        return None
    selfs = [n for n in find_all(value, cst.Name) if n.value == "self"]
    reads = [a for a in find_all(value, cst.Attribute) if isinstance(a.value, cst.Name) and a.value.value == "self"]
    if len(selfs) != len(reads):
        return None  # self handed on or read otherwise
    called = {id(c.func) for c in find_all(value, cst.Call)}
    if any(id(a) in called for a in reads):
        return None  # a method of its own: it may read anything
    return frozenset(a.attr.value for a in reads), _placed(value, reads)
