"""Typed properties of interfaces: what a property of a parameter typed by an interface holds.

``async function showLogic(input, { provider }: ToolLogicDependencies)`` where ``interface
ToolLogicDependencies { provider: IGitProvider }``: ``provider.show(...)`` is a method of the
type the interface gives its property (an injected dependency the code never constructs in
sight), and that type's implementing classes are where the call lands. The module records each
interface's property types as written (:func:`interface_fields`); the interpreter types a
destructured property as ``<interface>.<property>``; the linker reads that as the property's
type, named in the interface's own module (:func:`field_type_target`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Optional, Tuple

from . import nodes as N

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker


def interface_fields(data: bytes, node) -> Optional[Tuple[str, Dict[str, str]]]:
    """(name, {property: its type's name as written}) of an interface declaration."""
    name_node = node.child_by_field_name("name")
    body = node.child_by_field_name("body")
    if name_node is None or body is None:
        return None
    out: Dict[str, str] = {}
    for c in body.named_children:
        if c.type != "property_signature":
            continue
        key = N.prop_key(data, c.child_by_field_name("name"))
        ann = c.child_by_field_name("type")
        tp = N.type_name(data, ann) if ann is not None else None
        if key and tp:
            out[key] = tp
    return (N.text(data, name_node), out) if out else None


def destructured_types(fa, pattern, value) -> None:
    """``const { indexer } = deps`` of a variable typed by an interface of this module (``deps:
    Deps``): each name bound to a property is typed ``<interface>.<property>``, as a destructured
    parameter is (interp._bind_param_pattern)."""
    if value is None or value.type != "identifier":
        return
    tp = fa.types.get(N.text(fa.data, value))
    if not tp or "#" not in tp:
        return
    for c in pattern.named_children:
        entry = N.pattern_property(fa.data, c) if c.type != "rest_pattern" else None
        if entry is None:
            continue
        key, target, _default = entry
        if target is not None and target.type in ("identifier", "shorthand_property_identifier_pattern"):
            fa.types.setdefault(N.text(fa.data, target), f"{tp}.{key}")


def field_type_target(linker: "TsLinker", head: str) -> Optional[str]:
    """``<module>#<Interface>.<property>`` as the reference of the property's type (resolved in
    the interface's module: an import there, or a type of that module); None when it is not an
    interface's typed property."""
    if "#" not in head:
        return None
    mpath, rest = linker._module_ref(head)
    iface, _, prop = rest.partition(".")
    mod = linker.modules.get(mpath) if mpath is not None else None
    fields = (getattr(mod, "interface_fields", None) or {}).get(iface) if mod is not None else None
    tp = fields.get(prop) if fields and prop and "." not in prop else None
    if not tp:
        return None
    first, _, more = tp.partition(".")
    base = mod.imports.get(first)
    if base is None:
        return f"{head.partition('#')[0]}#{tp}"
    return f"{base}.{more}" if more else base
