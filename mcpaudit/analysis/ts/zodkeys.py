"""Keys of a value a zod object schema validated: only the names it declares.

zod's ``z.object({...})`` strips the keys its shape does not declare by default (``.strip()``);
``.passthrough()`` (``.nonstrict()``), ``.catchall(...)``, ``z.looseObject``, ``z.record``, ``z.map``, ``z.any``
and the like keep the caller's. A field whose schema is such an object, deeply (every nested
field a primitive, an enum or literal, a list, set, union or tuple of such, or such an object),
gets the mark ``DECLARED_KEYS`` among the families it proves (``surface.zod_field``): every key
of the value, and of every value nested in it, is a declared name. ``Object.keys(v)`` and the
key of ``Object.entries(v)``'s pairs carry ``KEY_NAME``; a path that holds both is clean
(``records.joined_clean``): ``SET p.${key} = $${key}`` over ``Object.entries(updates)`` of a
parsed ``updates`` names a declared property only.

Also the fields of ``z.union([A, B])`` / ``z.discriminatedUnion(tag, [A, B])`` (``schema_params``):
each member's, a field some members declare proving what all those declaring it prove.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..taintvalue import DECLARED_KEYS, NEW_KEYS, mark
from . import nodes as N

#: constructors whose values have no keys of the caller's
_PRIMITIVE = frozenset({"string", "number", "boolean", "bigint", "date", "enum", "nativeEnum", "literal", "null",
                        "undefined", "nan", "void", "never", "int", "email", "uuid", "url"})
_OBJECT = frozenset({"object", "strictObject"})
#: constructors of containers of schemas: fixed when every schema in them is
_CONTAINER = frozenset({"array", "set", "optional", "nullable", "nullish", "union", "discriminatedUnion", "tuple"})
#: methods of a chain that let other keys in, or make the value anything
#: (``nonstrict``: zod 3's older name of ``passthrough``, still in its API, rev51t)
_OPENING = frozenset({"passthrough", "nonstrict", "catchall", "loose", "transform", "preprocess", "pipe", "and", "or",
                      "merge", "extend", "custom", "lazy"})
UNIONS = frozenset({"union", "discriminatedUnion"})


#: calls whose result is a new object built from text or pairs: its keys are not the schema's
#: (``JSON.parse(update.meta)`` of a declared object's string field, ``Object.fromEntries(pairs)``)
_NEW_KEYS = frozenset({"JSON.parse", "Object.fromEntries", "JSON5.parse", "yaml.parse", "YAML.parse", "yaml.load",
                       "qs.parse", "querystring.parse"})


def new_keys(fq: str, v):
    """The result ``v`` of call ``fq`` marked ``NEW_KEYS`` (and without ``DECLARED_KEYS``) when the
    call makes an object of new keys (rev52t; rev51t's item: the mark rode on the whole field value, so the keys of a
    string nested in a declared object and parsed passed as declared names)."""
    if not v or fq not in _NEW_KEYS:
        return v
    # (the field's mark may come at link time, with the parameter's families: NEW_KEYS outweighs it)
    return mark({label: info.replace(clean=info.clean - {DECLARED_KEYS}) for label, info in v.items()},
                clean=frozenset({NEW_KEYS}))


def declared_keys(fa, node, fams: frozenset) -> frozenset:
    """``fams`` with ``DECLARED_KEYS`` when the zod field schema ``node`` is deeply fixed and its
    value is an object (or a list or union of objects)."""
    return fams | {DECLARED_KEYS} if fixed(fa, node, 0) and _keyed(fa, node, 0) else fams


#: wrappers and chain methods that keep what the value is (an object stays one)
_SAME = frozenset({"optional", "nullable", "nullish", "array", "set", "union", "discriminatedUnion"})


def _keyed(fa, node, depth: int) -> bool:
    """The value of the (fixed) schema ``node`` is an object, or a list, set or union of objects:
    it has keys the schema declares. A ``z.string()``-like field has none, with ``.optional()``,
    ``.nullable()`` or ``.default(...)`` too (rev51t; ts50c read the last call only): its text
    parsed (``JSON.parse(changes)``) has the caller's keys."""
    u = N.unwrap(node)
    if u is None or depth > 12:
        return False
    if u.type == "identifier":
        named = fa.mod.schema_nodes.get(N.text(fa.data, u))
        return named is not None and _keyed(fa, named, depth + 1)
    if u.type == "array":  # z.union([A, B])
        return bool(u.named_children) and all(_keyed(fa, c, depth + 1) for c in u.named_children if c.type != "comment")
    fn = N.unwrap(u.child_by_field_id(fa.F.function)) if u.type == "call_expression" else None
    if fn is None or fn.type != "member_expression":
        return False
    meth = N.text(fa.data, fn.child_by_field_id(fa.F.property))
    obj = N.unwrap(fn.child_by_field_id(fa.F.object))
    base = fa.dotted(obj) or ""
    if "()" not in base and (base.split(".")[0] in fa.M.surface.schema_modules or base in ("z", "z.coerce")):
        if meth in _OBJECT:
            return True
        args = N.args_of(u)
        items = args[1:] if meth == "discriminatedUnion" else args
        return meth in _SAME and bool(items) and _keyed(fa, items[0], depth + 1)
    return _keyed(fa, obj, depth + 1)  # .optional(), .describe(...), .default(...): the same value


def fixed(fa, node, depth: int) -> bool:
    """Whether every key of a value ``node`` validates (and of values nested in it) is declared."""
    u = N.unwrap(node)
    if u is None or depth > 12:
        return False
    if u.type == "identifier":  # a schema named at module level
        named = fa.mod.schema_nodes.get(N.text(fa.data, u))
        return named is not None and fixed(fa, named, depth + 1)
    if u.type == "array":  # z.union([A, B]), z.tuple([A, B])
        return bool(u.named_children) and all(fixed(fa, c, depth + 1) for c in u.named_children if c.type != "comment")
    if u.type != "call_expression":
        return False
    fn = N.unwrap(u.child_by_field_id(fa.F.function))
    if fn is None or fn.type != "member_expression":
        return False
    meth = N.text(fa.data, fn.child_by_field_id(fa.F.property))
    obj = N.unwrap(fn.child_by_field_id(fa.F.object))
    args = N.args_of(u)
    base = fa.dotted(obj) or ""
    if "()" not in base and (base.split(".")[0] in fa.M.surface.schema_modules or base in ("z", "z.coerce")):
        if meth in _PRIMITIVE:
            return True
        if meth in _OBJECT:
            return bool(args) and _shape_fixed(fa, args[0], depth)
        if meth in _CONTAINER:
            items = args[1:] if meth == "discriminatedUnion" else args
            if meth == "tuple":  # z.tuple([A, B], Rest): the rest schema's values too (rev52t)
                return bool(items) and all(fixed(fa, a, depth + 1) for a in items)
            return bool(items) and fixed(fa, items[0], depth + 1)  # z.array(X), z.union([A, B])
        return False
    if meth in _OPENING:
        return False
    if meth == "rest":  # z.tuple([A]).rest(Rest): as the rest argument (rev52t)
        return bool(args) and fixed(fa, args[0], depth + 1) and fixed(fa, obj, depth)
    return fixed(fa, obj, depth)  # .optional(), .describe(...), .min(1), .strict(), .default(...)


def _shape_fixed(fa, node, depth: int) -> bool:
    u = N.unwrap(node)
    if u is None or u.type != "object":
        return False
    for c in u.named_children:
        if c.type == "comment":
            continue
        if c.type != "pair":
            return False  # a spread, a method, a shorthand: not read here
        if not fixed(fa, c.child_by_field_id(fa.F.value), depth + 1):
            return False
    return True


def union_params(fa, args) -> Optional[List[tuple]]:
    """The fields of ``z.union([A, B])`` / ``z.discriminatedUnion(tag, [A, B])``: each member's
    (``schema_params``), a field several declare proving what all of them prove; None when a
    member declares nothing known."""
    items = next((N.unwrap(a) for a in args if N.unwrap(a) is not None and N.unwrap(a).type == "array"), None)
    if items is None:
        return None
    merged: Dict[str, list] = {}
    for member in (c for c in items.named_children if c.type != "comment"):
        params = fa.schema_params(member)
        if not params:
            return None
        for name, desc, fams in params:
            prev = merged.get(name)
            merged[name] = [name, (prev[1] if prev else None) or desc, fams if prev is None else prev[2] & fams]
    return [tuple(v) for v in merged.values()]
