"""Operations kept in an object a class field holds: ``v1 = { getFile: (key) => this.request({
path: `/v1/files/${key}` }) }`` (swagger-typescript-api and other generated REST clients group
their operations so). Each function-valued property is analysed as a method of the class named
``<field>.<property>`` (``Api.v1.getFile``), seeing ``this`` as the instance, so that
``client.v1.getFile(key)`` on an instance of the class (or of a subclass) resolves to it."""

from __future__ import annotations

from typing import List, Tuple

from . import nodes as N


def field_object_methods(data: bytes, value, field: str) -> List[Tuple[object, str]]:
    """(function node, ``<field>.<key>``) of each property of an object literal field value
    whose value is an arrow function or function expression (not a nested object's)."""
    if value is None or value.type != "object":
        return []
    out = []
    for pair in value.named_children:
        if pair.type != "pair":
            continue
        key, fn = N.prop_key(data, pair.child_by_field_name("key")), N.unwrap(pair.child_by_field_name("value"))
        if key and fn is not None and fn.type in N.FUNCTIONS:
            out.append((fn, f"{field}.{key}"))
    return out
