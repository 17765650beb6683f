"""Names a module binds from modules it loads at run time: ``const { A, b: B } = require("x")``
or ``= await import("x")``, and ``const [{ A }, ns] = await Promise.all([import("./a.js"),
import("b")])``, where each element of the pattern is the module loaded at its position (a
server that loads its SDK and its own classes in parallel at start-up). They resolve as the
same names imported statically would."""

from __future__ import annotations

from . import nodes as N


def import_names(mod, pattern, base: str) -> None:
    """``{ A, b: B } = <module base>``: each name bound is that module's member."""
    for c in pattern.named_children:
        if c.type == "shorthand_property_identifier_pattern":
            n = N.text(mod.data, c)
            mod.imports[n] = mod.member(base, n)
        elif c.type == "pair_pattern":
            k = N.prop_key(mod.data, c.child_by_field_id(mod.F.key))
            tgt = c.child_by_field_id(mod.F.value)
            if k and tgt is not None and tgt.type == "identifier":
                mod.imports[N.text(mod.data, tgt)] = mod.member(base, k)


def loaded_all(mod, pattern, value) -> None:
    """``[{ A }, ns] = await Promise.all([import("./a.js"), import("b")])``: each element is the
    module loaded at its position (its names, or the namespace)."""
    items = N.promise_all_items(mod.data, value)
    if not items:
        return
    pos = 0
    for c in pattern.children:
        if c.type == ",":
            pos += 1
        if not c.is_named or c.type == "comment" or pos >= len(items) or items[pos] is None:
            continue
        base = mod.require_of(N.unwrap(items[pos]))
        if base is not None and c.type == "object_pattern":
            import_names(mod, c, base)
        elif base is not None and c.type == "identifier":
            mod.imports[N.text(mod.data, c)] = base


__all__ = ["import_names", "loaded_all"]
