"""Parameter types a function expression takes from its context: a callback written as a
property of an object literal whose type the code declares, without annotations of its own.

``export const TOOLS: readonly UtilityTool[] = [{ name, execute: async (params, { client }) =>
... }]`` with ``interface UtilityTool { execute: (params: P, ctx: Context) => Promise<R> }``:
TypeScript types ``params`` as ``P`` and the second parameter as ``Context`` from the interface's
property, so ``client.download(...)`` is a method of ``Context``'s ``client`` type. The object's
declared type is read from its variable's annotation (``T``, ``T[]``, ``readonly T[]``,
``Array<T>``, ``Record<K, T>``) or a ``satisfies``/``as`` after it; the interface (or object type
alias) must be declared in the same module; its property is a function type or a method
signature. Only what is written is read: no inference beyond that.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from . import nodes as N

_FUNCTIONS = ("arrow_function", "function_expression", "function")
_WRAPPERS = ("parenthesized_expression",)


def contextual_param_types(mod, fn) -> List[Optional[str]]:
    """The type names (as written) the declared context gives the parameters of function
    expression ``fn`` of module ``mod`` (a TsModule), by position; [] when none."""
    if fn is None or fn.type not in _FUNCTIONS:
        return []
    pair = fn.parent
    if pair is None or pair.type != "pair":
        if pair is not None and pair.type == "method_definition":
            return []
        return []
    data = mod.data
    key = N.prop_key(data, pair.child_by_field_name("key"))
    obj = pair.parent
    if not key or obj is None or obj.type != "object":
        return []
    iface = _declared_type(data, obj)
    if iface is None:
        return []
    member = _interfaces(mod).get(iface, {}).get(key)
    if member is None:
        return []
    params = member.child_by_field_name("parameters")
    if params is None:
        ann = member.child_by_field_name("type")
        ftype = ann.named_children[0] if ann is not None and ann.named_children else None
        params = ftype.child_by_field_name("parameters") if ftype is not None and ftype.type == "function_type" else None
    if params is None:
        return []
    out: List[Optional[str]] = []
    for p in params.named_children:
        if p.type not in ("required_parameter", "optional_parameter"):
            continue
        ann = p.child_by_field_name("type")
        out.append(N.type_name(data, ann) if ann is not None else None)
    return out


def _declared_type(data: bytes, obj) -> Optional[str]:
    """The declared type of object literal ``obj``: of its variable, of the array or record it
    is an element of; None when no declaration says."""
    node, element = obj, False
    while True:
        parent = node.parent
        if parent is None:
            return None
        if parent.type in _WRAPPERS:
            node = parent
            continue
        if parent.type == "array" and not element:
            node, element = parent, True
            continue
        if parent.type == "pair" and not element and parent.parent is not None and parent.parent.type == "object":
            node, element = parent.parent, True  # { a: {...} } of a Record<string, T>
            continue
        break
    if parent.type == "variable_declarator":
        ann = parent.child_by_field_name("type")
        tnode = ann.named_children[0] if ann is not None and ann.named_children else None
    elif parent.type in ("satisfies_expression", "as_expression"):
        kids = parent.named_children
        tnode = kids[-1] if len(kids) == 2 else None
    else:
        return None
    return _element_name(data, tnode, element)


def _element_name(data: bytes, tnode, element: bool) -> Optional[str]:
    while tnode is not None and tnode.type == "readonly_type":
        tnode = tnode.named_children[0] if tnode.named_children else None
    if tnode is None:
        return None
    if not element:
        return N.text(data, tnode) if tnode.type == "type_identifier" else None
    if tnode.type == "array_type":
        inner = tnode.named_children[0] if tnode.named_children else None
        return N.text(data, inner) if inner is not None and inner.type == "type_identifier" else None
    if tnode.type == "generic_type":
        kids = tnode.named_children
        args = kids[1].named_children if len(kids) == 2 and kids[1].type == "type_arguments" else []
        head = N.text(data, kids[0]) if kids else ""
        last = args[-1] if args else None
        if head in ("Array", "ReadonlyArray", "Record", "Map") and last is not None and last.type == "type_identifier":
            return N.text(data, last)
    return None


def _interfaces(mod) -> Dict[str, Dict[str, object]]:
    """Interface (and object type alias) name -> {property: its signature node}, of the module."""
    cached = mod.__dict__.get("_ctx_interfaces")
    if cached is not None:
        return cached
    out: Dict[str, Dict[str, object]] = {}
    data = mod.data
    for s in mod.tree.root_node.named_children:
        decl = s.named_children[0] if s.type == "export_statement" and s.named_children else s
        if decl is None or decl.type not in ("interface_declaration", "type_alias_declaration"):
            continue
        name = decl.child_by_field_name("name")
        body = decl.child_by_field_name("body") or decl.child_by_field_name("value")
        if name is None or body is None or body.type not in ("interface_body", "object_type"):
            continue
        members: Dict[str, object] = {}
        for c in body.named_children:
            if c.type in ("property_signature", "method_signature"):
                k = N.prop_key(data, c.child_by_field_name("name"))
                if k:
                    members[k] = c
        out[N.text(data, name)] = members
    mod.__dict__["_ctx_interfaces"] = out
    return out
