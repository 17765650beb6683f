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

from ..lazycst import cst

from .dispatchkeys import note_dispatch_keys
from .dispatch import self_assigned_values


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


def self_literal_table(mod, node) -> Optional[str]:
    """``self.searchers`` where the module's methods assign it one dict literal of tool objects or
    functions (``self.searchers = {"arxiv": ArxivSearcher(), "core": CoreSearcher()}`` in
    ``__init__``): the key of that literal's dispatch table, so ``self.searchers[source].download(x)``
    lands in each class's ``download`` as a module-level table's lookup would. None when the
    attribute is assigned anything else, or several literals."""
    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"):
        return None
    from .resolution import registry_entries, registry_keys

    memo = mod.__dict__.setdefault("_self_literal_tables", {})
    attr = node.attr.value
    if attr not in memo:
        values = list({id(t): v for t, v, _local in self_assigned_values(mod, attr)}.values())  # once each
        entries = registry_entries(mod, values[0]) if len(values) == 1 and isinstance(values[0], cst.Dict) else None
        key = None
        if entries:
            key = f"<self.{attr}>"
            mod.dispatch_tables[key] = entries
            note_dispatch_keys(mod, registry_keys(mod, values[0]))
        memo[attr] = key
    return memo[attr]


__all__ = ["self_literal_table", "typed_entries"]
