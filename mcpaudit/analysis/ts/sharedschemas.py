"""zod schema constants exported by one module and used as fields of another's tool shapes
(issue 14, ts51a).

``export const mapStyleSchema = z.enum(["outdoors", "alidade_smooth"]).describe("...")
.default(DEFAULT_STYLE);`` in ``schemas.ts``, used by the module that registers the tools:
``server.tool("static-map", desc, { style: mapStyleSchema, ... }, handler)``. A module is analysed
alone, so the field named a schema it did not know and read as unchecked text: the value pasted
into a URL path was a ``tool-ssrf`` finding, although the SDK admits only the listed values. The
same constant declared in the registering module (``mod.schema_nodes``) or written inline was quiet.

Before the modules are analysed, :func:`exported_schemas` reads every file's exported constants
whose zod chain starts with a constructor that admits no free text (``z.enum``, ``z.literal``,
``z.nativeEnum``, ``z.number``, ``z.boolean``: the catalog's ``schema.safe``), or a ``z.string()``
with a refinement that restricts it fully (``.uuid()``, ``.ip()``: ``schema.safe-refinements``), and
that does not widen it again (``.or(``, ``.transform(``, ``.catch(``, ``.pipe(``, ``.preprocess(``).
It keeps them per module key as ``<module key>#<name>`` -> :data:`SAFE_SCHEMA`;
:func:`.sharedregex.regex_binding` gives an import of one to the module, and
:meth:`.surface.ToolSurface.zod_field` reads a field that names it as checked for every family.
"""

from __future__ import annotations

import re
from typing import Dict

#: a binding value that is an exported zod schema admitting no free text
SAFE_SCHEMA = "{zod-safe}"
_HEAD = re.compile(r"^export\s+const\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]*)?=\s*(?=z\b)", re.M)
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_CTOR = re.compile(r"^z\s*\.\s*(?:coerce\s*\.\s*)?([A-Za-z]\w*)\s*\(")
_CALLS = re.compile(r"\.\s*([A-Za-z]\w*)\s*\(")
_WIDENS = frozenset({"or", "transform", "catch", "pipe", "preprocess"})


def _statement(text: str, start: int) -> str:
    """The initialiser from ``start`` to its end, comments left out: the end is a ``;`` outside
    brackets and strings, or a line end outside brackets after which the chain does not go on
    with ``.``."""
    depth, i, quote, out = 0, start, None, []
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                out.append(text[i:i + 2])
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif text.startswith("//", i) or text.startswith("/*", i):
            end = text.find("\n", i) if text[i + 1] == "/" else text.find("*/", i + 2) + 2
            i = len(text) if end < i else end
            continue
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and ch == ";":
            break
        elif depth == 0 and ch == "\n" and not _COMMENTS.sub("", text[i + 1:i + 400]).lstrip().startswith("."):
            break
        out.append(ch)
        i += 1
    return "".join(out)


def _admits_no_text(init: str, surface) -> bool:
    body = init.strip()
    m = _CTOR.match(body)
    if m is None:
        return False
    calls = set(_CALLS.findall(body[m.end():]))
    if calls & _WIDENS:
        return False
    ctor = m.group(1)
    return ctor in surface.schema_safe or ctor == "string" and bool(calls & surface.schema_safe_refinements)


def exported_schemas(rel: str, data: bytes, surface=None) -> Dict[str, str]:
    """``<module key>#<name>`` -> :data:`SAFE_SCHEMA` for the module's exported zod constants that
    admit no free text (module docstring)."""
    if not data or b"export" not in data or b"z" not in data:
        return {}
    from .sharedsinks import module_keys  # imported late: that module imports sharedregex

    if surface is None:
        from ...catalog import catalog

        surface = catalog().typescript.surface
    text = data.decode("utf-8", "replace")  # (once: the offsets are the text's, rev52t)
    out: Dict[str, str] = {}
    for m in _HEAD.finditer(text):
        if _admits_no_text(_statement(text, m.end()), surface):
            out.update({f"{k}#{m.group(1)}": SAFE_SCHEMA for k in module_keys(rel)})
    return out


def schema_binding(mod, local: str, hit: str) -> bool:
    """An import bound to another module's exported zod schema that admits no free text (kept in
    ``mod.safe_schemas``); True when ``hit`` was one."""
    if hit != SAFE_SCHEMA:
        return False
    found = getattr(mod, "safe_schemas", None)
    if found is None:
        found = mod.safe_schemas = set()
    found.add(local)
    return True


def imported_safe(mod, name: str) -> bool:
    """Whether ``name`` is an imported zod schema that admits no free text."""
    return name in (getattr(mod, "safe_schemas", None) or ())


__all__ = ["SAFE_SCHEMA", "exported_schemas", "imported_safe", "schema_binding"]
