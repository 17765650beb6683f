"""A table of bound methods picked by a caller's key (issue 12).

``downloaders = {"arxiv": arxiv_searcher.download_pdf, "core": core_searcher.download_pdf}`` then
``downloaders[source](paper_id)`` (or ``asyncio.to_thread(downloaders[source], paper_id)``): each
entry is a method of an object whose class the analysis knows (``core_searcher = CORESearcher()``
at module level, ``self.client`` set in ``__init__``), so the call may land in any of those
methods: ``CORESearcher.download_pdf`` and the others, as ``core_searcher.download_pdf(paper_id)``
written out would. An entry whose object's class is not known stays as written.
"""

from __future__ import annotations

from typing import List, Optional

import libcst as cst


def typed_entries(interp, node, entries: Optional[List[str]]) -> Optional[List[str]]:
    """``entries`` (the dotted names :func:`resolution.registry_entries` read from the dict
    literal ``node``) with each ``obj.method`` whose object's class is known replaced by
    ``Class.method``."""
    if not entries or not isinstance(node, cst.Dict) or len(node.elements) != len(entries):
        return entries
    out = []
    for e, entry in zip(node.elements, entries):
        v = e.value if isinstance(e, cst.DictElement) else None
        typed = None
        if isinstance(v, cst.Attribute) and not (isinstance(v.value, cst.Name) and v.value.value in ("self", "cls")):
            typed = interp._typed_target(v) or interp._maybe_typed_target(v)
        out.append(typed or entry)
    return out


__all__ = ["typed_entries"]
