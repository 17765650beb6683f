"""Header maps logged whole, less the ones whose text form hides the credential (issue 12, py49c).

``logger.debug("Headers: %s", request.headers)`` is reported (``cstnodes.whole_names``): a header
map carries the ``Authorization`` value. httpx's ``Headers`` does not: its ``repr`` (which ``str``,
``%s`` and an f-string use) writes ``[secure]`` for ``authorization`` and ``proxy-authorization``
(the catalog's ``masked-headers``: the library classes whose ``.headers`` are such a map). So a
parameter annotated as an ``httpx.Request`` or ``httpx.Response`` (an event hook's argument), or
``response.request`` of one, logged by its ``.headers`` as text writes no credential.
``dict(request.headers)`` and ``request.headers.items()`` copy the values out and stay reported,
and so does requests' ``CaseInsensitiveDict``, which masks nothing.
"""

from __future__ import annotations

from typing import List, Optional

import libcst as cst

from ..catalog import catalog
from . import cstnodes as N
from .receivertypes import _annotated_class


def _header_owner(fa, node) -> Optional[str]:
    """The library class of the object whose ``.headers`` ``node`` reads (``request.headers`` of
    ``request: httpx.Request``; ``response.request.headers`` of ``response: httpx.Response``)."""
    if not (isinstance(node, cst.Attribute) and node.attr.value == "headers"):
        return None
    base = node.value
    if isinstance(base, cst.Name):
        return _annotated_class(fa, base.value)
    if isinstance(base, cst.Attribute) and base.attr.value == "request" and isinstance(base.value, cst.Name):
        owner = _annotated_class(fa, base.value.value)
        return f"{owner.rpartition('.')[0]}.Request" if owner else None
    return None


def _masked(fa, node) -> bool:
    """``node`` is such a header map as text: bare (``%s``), in ``str()``/``repr()``."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("str", "repr") \
            and len(node.args) == 1:
        node = node.args[0].value
    masked = getattr(catalog().python, "masked_headers", frozenset())
    return _header_owner(fa, node) in masked


def logged_whole(fa, call: cst.Call) -> List[str]:
    """The argument maps and header maps a log call writes whole (``whole_names`` of each
    argument), less the header maps whose text hides the credential."""
    out: List[str] = []
    for arg in call.args:
        node = arg.value
        if isinstance(node, cst.FormattedString):
            for part in node.parts:
                if isinstance(part, cst.FormattedStringExpression) and not _masked(fa, part.expression):
                    out.extend(N.whole_names(part.expression))
        elif not _masked(fa, node):
            out.extend(N.whole_names(node))
    return out


__all__ = ("logged_whole",)
