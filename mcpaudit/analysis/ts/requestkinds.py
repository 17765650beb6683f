"""Which handler kind a low-level ``setRequestHandler(selector, handler)`` call installs (split out of
surface.py, which also uses it)."""

from __future__ import annotations

from typing import Optional

from . import nodes as N


def request_kind(fa, node) -> Optional[str]:
    """The handler kind (``call_tool``, ``list_tools``) the selector ``node`` of a low-level
    ``setRequestHandler(selector, handler)`` names: a request schema or method of the catalog's
    ``request-handler`` entries, by what it imports, else by its short name."""
    S = fa.M.surface
    sel = N.unwrap(node)
    key = fa.const_of(sel)
    if key is None:
        key = (fa.dotted(sel) or "").replace("()", "")
    kind = S.request_schemas.get(key)
    if kind is None:
        short = key.rsplit(".", 1)[-1]
        kind = next((k for s, k in S.request_schemas.items() if s.rsplit(".", 1)[-1] == short and "." in s), None)
    return kind
