"""A tool list a class holds in a field its constructor was given (issue 14).

``class ToolHandlers { constructor(private db: Database, private tools: Tool[]) {}
handleListTools() { return { tools: this.tools }; } }``, built elsewhere as ``new
ToolHandlers(db, TOOLS)`` with ``const TOOLS = createToolDefinitions()`` (a factory of another
module returning the definitions): the tools/list result is whatever each construction passes at
that parameter's position. The returning method records a reference ``c:<class>#<index>``
(:func:`field_list_ref`); each module records the arguments of the objects it builds
(:func:`constructions`); the linker resolves the reference through the constructions of that
class (:func:`constructed_lists`), so the definitions' descriptions, parameters and annotations
(``readOnlyHint``) are the tools' as for a list returned inline."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from . import nodes as N
from .records import TsRegistration


def _ctor_index(data: bytes, cls_node, field: str) -> Optional[int]:
    """The position of the constructor parameter that fills ``this.<field>``: a parameter
    property of that name, or a parameter the constructor assigns to it."""
    body = cls_node.child_by_field_name("body")
    for m in body.named_children if body is not None else ():
        name = m.child_by_field_name("name") if m.type == "method_definition" else None
        if name is None or N.text(data, name) != "constructor":
            continue
        params = m.child_by_field_name("parameters")
        names = []
        for p in params.named_children if params is not None else ():
            pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else None
            names.append(N.text(data, pat) if pat is not None and pat.type == "identifier" else None)
        if field in names:
            return names.index(field)
        b = m.child_by_field_name("body")
        text = N.text(data, b) if b is not None else ""
        for i, n in enumerate(names):
            if n and re.search(rf"\bthis\.{re.escape(field)}\s*=\s*{re.escape(n)}\s*[;\n]", text):
                return i
    return None


def field_list_ref(fa, value) -> Optional[str]:
    """``c:<class>#<index>`` for ``tools: this.<field>`` in a method of a class whose constructor
    parameter at ``index`` fills that field, else None."""
    parts = N.member_parts(fa.data, value) if value is not None and value.type == "member_expression" else None
    if not parts or len(parts) != 2 or parts[0] != "this":
        return None
    cls = value.parent
    while cls is not None and cls.type not in ("class_declaration", "class"):
        cls = cls.parent
    name = cls.child_by_field_name("name") if cls is not None else None
    if name is None:
        return None
    i = _ctor_index(fa.data, cls, parts[1])
    return None if i is None else f"c:{N.text(fa.data, name)}#{i}"


def note_field_list(fa, obj) -> None:
    """Record the reference of a returned ``{ tools: this.<field> }`` in MCP code (above)."""
    if not fa.mod.imports_mcp or b"this." not in fa.data[obj.start_byte:obj.end_byte]:
        return
    value = N.object_props(fa.data, obj).get("tools")
    value = N.unwrap(value) if value is not None else None
    ref = field_list_ref(fa, value)
    if ref is not None:
        fa.mod.registrations.append(TsRegistration(
            kind="list_tools_ref", framework="lowlevel", pos=fa.mod.src.pos(value), handler=ref, owner_known=True))


def constructions(top, root) -> List[Tuple[str, List[str]]]:
    """``new C(a, b)`` anywhere in the module, for a project class ``C``: (C's name after import
    resolution, a reference ``r:<name>`` per argument that is a name, else ""); every construction
    (also with no named argument: the classes the project builds, basedispatch.py)."""
    out: List[Tuple[str, List[str]]] = []
    data = top.data
    if b"new " not in data:
        return out
    stack = [root]
    while stack:
        n = stack.pop()
        stack.extend(n.named_children)
        if n.type != "new_expression":
            continue
        d = top.dotted(n.child_by_field_name("constructor"))
        if not d or "." in d.split("#")[-1]:
            continue
        refs = []
        for a in N.args_of(n):
            u = N.unwrap(a)
            r = top.dotted(u) if u is not None and u.type in ("identifier", "member_expression") else None
            refs.append("r:" + r if r else "")
        out.append((d, refs))
    return out


def constructed_lists(lk, path: str, ref: str) -> List[Tuple[str, str]]:
    """What the constructions of the class ``ref`` (``c:<class>#<index>``, declared in module
    ``path``) pass at that position, each as the linker's ``(module, value)``."""
    cname, _, idx = ref[2:].partition("#")
    i = int(idx)
    out: List[Tuple[str, str]] = []
    for mpath in sorted(lk.modules):
        mod = lk.modules[mpath]
        for d, refs in getattr(mod, "constructions", ()):
            if i >= len(refs) or not refs[i]:
                continue
            if "#" in d:
                target, name = lk._module_ref(d)
            else:
                target, name = mpath, d
            if target != path or name != cname:
                continue
            hit = lk.lookup(mpath, refs[i][2:])
            made = mod.types.get(refs[i][2:])
            if hit is None and made:
                # const TOOLS = createToolDefinitions(): the list the factory returns
                hit = lk.lookup(mpath, made + "()")
            if hit is not None and hit not in out:
                out.append(hit)
    return out


__all__ = ["constructed_lists", "constructions", "field_list_ref", "note_field_list"]
