"""Names a module binds from modules it loads at run time: ``const { A, b: B } = require("x")``
or ``= await import("x")``, and ``const [{ A }, ns] = await Promise.all([import("./a.js"),
import("b")])``, where each element of the pattern is the module loaded at its position (a
server that loads its SDK and its own classes in parallel at start-up). They resolve as the
same names imported statically would. ``const { check } = makeContext(cfg)`` binds the entries
of the object a project factory returns."""

from __future__ import annotations

from typing import Mapping, Optional, Set

from . import nodes as N


def import_heads(imports: Optional[Mapping[str, str]]) -> Set[str]:
    """The first dotted part of each package a module's imports name (``child_process``,
    ``@aws-sdk/client-s3``), its project modules (``key#name``) left out; ``""`` for a value that
    starts with a dot (a member of a module nothing named)."""
    return {v.split(".")[0] for v in (imports or {}).values() if v and "#" not in v}


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


def bound_names(mod, pattern, value) -> None:
    """``const { A, b } = <call>`` at module level: the members of a module it loads, or the
    entries of the object a project factory returns; ``const { Builder } = pkg`` of a package's
    default (or namespace) import ``pkg``: that package's members (a CommonJS package)."""
    if value.type == "identifier":
        base = mod.imports.get(N.text(mod.data, value)) or ""
        if base and "#" not in base and "." not in base.split("/")[-1]:
            import_names(mod, pattern, base)
        return
    base = mod.require_of(N.awaited_call(value))
    if base is not None:
        import_names(mod, pattern, base)
    else:
        destructured_call(mod, pattern, value)


def destructured_call(mod, pattern, value) -> None:
    """``const { check, root: base } = makeContext(cfg)`` at module level, where ``makeContext``
    is a function of the project (this module's or an imported one): each name bound is the entry
    of the object the factory returns (``makeContext.check``, resolved by the linker through the
    table ``makeContext()``, see :func:`.factories.returned_closures`)."""
    call = N.awaited_call(value)
    fn = N.unwrap(call.child_by_field_name("function")) if call is not None else None
    if fn is None or fn.type != "identifier":
        return
    name = N.text(mod.data, fn)
    d = mod.top.dotted(fn)
    imported = "#" in (mod.imports.get(name) or "")
    if not d or not (imported or N.top_function(mod.data, _program(pattern), name) is not None):
        return
    for c in pattern.named_children:
        if c.type == "shorthand_property_identifier_pattern":
            key = local = N.text(mod.data, c)
        elif c.type == "pair_pattern":
            key = N.prop_key(mod.data, c.child_by_field_name("key"))
            tgt = c.child_by_field_name("value")
            local = N.text(mod.data, tgt) if tgt is not None and tgt.type == "identifier" else None
        else:
            continue
        if key and local:  # a call of it lands in the factory's function (calls.call_targets)
            mod.aliases[local] = f"{d}.{key}"
            mod.local_names.add(local)
            mod.__dict__.setdefault("factory_entries", set()).add(local)


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


__all__ = ["bound_names", "destructured_call", "import_names", "loaded_all"]


def _program(node):
    """The program (root node) ``node`` belongs to."""
    while node.parent is not None:
        node = node.parent
    return node
