"""The JSON type of each property of a tool's JSON input schema (``{ type: "object", properties:
{ quote: { type: "boolean" }, mode: { type: "string", enum: ["short", "full"] } } }``), for the
parameters of a low-level ``ListTools`` tool, as the Python surface records them: a flag (a
``boolean``, an ``enum``) carries no text to the model (``tool-description-injection`` reads its
description as the flag's effect on the tool's output)."""

from __future__ import annotations

from typing import Dict

from . import nodes as N


def json_types(surface, schema) -> Dict[str, str]:
    """param -> its JSON type (``"enum"`` for a property that lists its values), for the
    properties of ``schema`` written in place; nothing for a zod schema or a reference."""
    u = N.unwrap(schema)
    if u is None or u.type != "object":
        return {}
    props = N.object_props(surface.data, u)
    inner = N.unwrap(props.get("properties")) if "properties" in props else None
    if inner is None or inner.type != "object":
        return {}
    out: Dict[str, str] = {}
    for name, value in N.object_props(surface.data, inner).items():
        v = N.unwrap(value)
        if v is None or v.type != "object":
            continue
        spec = N.object_props(surface.data, v)
        kind = "enum" if "enum" in spec else surface.const_of(spec["type"]) if "type" in spec else None
        if isinstance(kind, str):
            out[name] = kind
    return out


def annotate_flags(linker) -> None:
    """Give each tool parameter the linker found without a type the JSON type of the property of
    that name and description in the JSON schemas the project's modules keep as tables (``{ type:
    "object", properties: { quote: { type: "boolean", description } } }``, however the tool list
    reaches its handler)."""
    found: Dict[tuple, str] = {}
    for path, mod in linker.modules.items():
        tables = mod.tables
        for table in tables.values():
            props = table.get("properties")
            if not props or not props.startswith("o:") or table.get("type") != "s:object":
                continue
            for name, value in tables.get(props[2:], {}).items():
                spec = tables.get(value[2:], {}) if value.startswith("o:") else {}
                kind = "enum" if "enum" in spec else linker.string(path, spec.get("type"))
                desc = linker.string(path, spec.get("description"))
                if kind and desc:
                    found.setdefault((name, desc), kind)
    if not found:
        return
    for tool in linker.tools:
        for p in tool.parameters:
            if p.annotation is None and p.description:
                p.annotation = found.get((p.name, p.description))
