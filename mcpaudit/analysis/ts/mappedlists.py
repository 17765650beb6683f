"""Tool lists made by mapping a descriptor factory over a constant list of names (issue 14).

    const makeTool = (operation: string) => ({ name: operation, inputSchema, handler: async (args) => ... });
    export function createTools() {
      const operations = ["vault", "edit"];
      if (extra) operations.push("dataview");
      return operations.map((op) => makeTool(op)).filter(Boolean);
    }

and a call-tool handler that picks from the list by name (``tools.find((t) => t.name ===
name).handler(args)``, :meth:`.calls.TsFunction.picked_table`). Each element of the mapped list
is the factory's returned object (kept as the table ``makeTool()`` by
:func:`.factories.returned_table`) with its ``name`` the element of the name list the factory was
given: :func:`mapped_list` keeps the list ``<qual>()`` of one table ``<qual>()[i]`` per name,
each a copy of the factory's table (the same schema and handler, analysed once inside the
factory), named by that element. The map callback is the factory itself (``names.map(makeTool)``)
or an arrow passing its element to it at some position (``(op) => makeTool(op, cfg)``); the
factory's returned object must name its tool by that parameter (``name: operation``).

The names come from a constant array: a local of the function (``const operations = [...]``, with
the names its ``push`` calls add), or a module-level constant array of strings. A ``.filter`` or
``.slice`` after the map selects some of the same elements (all are kept, as for any list). The
factory may be declared after the function that maps it: a mapping whose factory's table is not
known yet waits until it is (:func:`_resolve`, run after each function's analysis).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from . import nodes as N

_SELECT = ("filter", "slice")


def mapped_list(mod, fa, node, qual: str) -> None:
    """Record ``<qual>()`` as the list a module-level function returns by mapping a factory over
    a constant list of names; then build every recorded list whose factory is now known."""
    pending = mod.__dict__.setdefault("_mapped", [])
    if fa.cls is None and "." not in qual and node is not None and f"{qual}()" not in mod.arrays:
        found = _mapping(mod, node)
        if found is not None:
            pending.append((qual,) + found)
    _resolve(mod, pending)


def _resolve(mod, pending: list) -> None:
    for item in list(pending):
        qual, names, factory, pos = item
        table = mod.tables.get(f"{factory}()")
        if table is None or f"{qual}()" in mod.arrays:
            continue
        pending.remove(item)
        if not _names_by_param(mod, factory, pos):
            continue
        out: List[str] = []
        for i, name in enumerate(names):
            key = f"{qual}()[{i}]"
            mod.tables[key] = dict(table, name="s:" + name)
            out.append("o:" + key)
        mod.arrays[f"{qual}()"] = out


def _mapping(mod, node) -> Optional[Tuple[List[str], str, int]]:
    """(names, factory, position) of ``return <names>.map(cb)`` (a selection after it too)."""
    body = N.unwrap(node.child_by_field_name("body"))
    if body is None:
        return None
    ret = body
    if body.type == "statement_block":
        rets = [st for st in body.named_children if st.type == "return_statement" and st.named_children]
        if not rets:
            return None
        ret = N.unwrap(rets[-1].named_children[0])
    call = _strip_selection(mod, ret)
    fn = N.unwrap(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else None
    if fn is None or fn.type != "member_expression" or N.text(mod.data, fn.child_by_field_name("property")) != "map":
        return None
    args = N.args_of(call)
    cb = _callback(mod, N.unwrap(args[0])) if len(args) == 1 else None
    names = _names(mod, body, N.unwrap(fn.child_by_field_name("object")))
    if cb is None or not names:
        return None
    return (names,) + cb


def _strip_selection(mod, node):
    while node is not None and node.type == "call_expression":
        fn = N.unwrap(node.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression" or N.text(mod.data, fn.child_by_field_name("property")) not in _SELECT:
            return node
        node = N.unwrap(fn.child_by_field_name("object"))
    return node


def _callback(mod, cb) -> Optional[Tuple[str, int]]:
    """The factory a map callback calls and the position its element is passed at."""
    if cb is None:
        return None
    if cb.type == "identifier":
        return N.text(mod.data, cb), 0
    if cb.type not in N.FUNCTIONS:
        return None
    params = cb.child_by_field_name("parameters") or cb.child_by_field_name("parameter")
    if params is None:
        return None
    first = params if params.type == "identifier" else next(iter(params.named_children), None)
    if first is not None and first.type in ("required_parameter", "optional_parameter"):
        first = first.child_by_field_name("pattern")
    if first is None or first.type != "identifier":
        return None
    elem = N.text(mod.data, first)
    inner = N.unwrap(cb.child_by_field_name("body"))
    if inner is not None and inner.type == "statement_block":
        rets = [st for st in inner.named_children if st.type == "return_statement" and st.named_children]
        inner = N.unwrap(rets[0].named_children[0]) if len(rets) == 1 else None
    f = N.unwrap(inner.child_by_field_name("function")) if inner is not None and inner.type == "call_expression" else None
    if f is None or f.type != "identifier":
        return None
    for i, a in enumerate(N.args_of(inner)):
        a = N.unwrap(a)
        if a is not None and a.type == "identifier" and N.text(mod.data, a) == elem:
            return N.text(mod.data, f), i
    return None


def _names(mod, body, recv) -> List[str]:
    """The strings of the constant array ``recv`` is: a local of the function (with the
    elements its ``push`` calls add) or a module-level array of strings."""
    if recv is None:
        return []
    if recv.type == "array":
        return _strings(mod, recv)
    if recv.type != "identifier":
        return []
    name = N.text(mod.data, recv)
    for st in body.named_children if body.type == "statement_block" else ():
        for d in st.named_children if st.type in ("lexical_declaration", "variable_declaration") else ():
            n, v = d.child_by_field_name("name"), N.unwrap(d.child_by_field_name("value"))
            if n is not None and N.text(mod.data, n) == name and v is not None and v.type == "array":
                return _strings(mod, v) + _pushed(mod, body, name)
    top = mod.arrays.get(name) or []
    if top and all(v.startswith("s:") for v in top):
        return [v[2:] for v in top]
    return []


def _strings(mod, arr) -> List[str]:
    out = [N.string_value(mod.data, c) for c in arr.named_children if c.type != "comment"]
    return out if out and all(s for s in out) else []


def _pushed(mod, body, name: str) -> List[str]:
    """The strings ``<name>.push("x")`` adds anywhere in the function body."""
    out: List[str] = []
    for call in N.descendants(body, "call_expression"):
        fn = N.unwrap(call.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression" or N.text(mod.data, fn.child_by_field_name("property")) != "push":
            continue
        obj = N.unwrap(fn.child_by_field_name("object"))
        if obj is not None and obj.type == "identifier" and N.text(mod.data, obj) == name:
            out += [s for s in (N.string_value(mod.data, a) for a in N.args_of(call)) if s]
    return out


def _names_by_param(mod, factory: str, pos: int) -> bool:
    """The factory's returned object names its tool by its parameter at ``pos``
    (``name: operation``, or ``name`` shorthand for a parameter ``name``)."""
    node = N.top_function(mod.data, mod.tree.root_node, factory)
    params = node.child_by_field_name("parameters") if node is not None else None
    plist = [p for p in params.named_children if p.type != "comment"] if params is not None else []
    if node is not None and node.child_by_field_name("parameter") is not None:
        plist = [node.child_by_field_name("parameter")]
    if pos >= len(plist):
        return False
    p = plist[pos]
    p = p.child_by_field_name("pattern") or p if p.type in ("required_parameter", "optional_parameter") else p
    pname = N.text(mod.data, p)
    for obj in N.descendants(node, "object"):
        v = N.object_props(mod.data, obj).get("name")
        u = N.unwrap(v) if v is not None else None
        if u is not None and u.type in ("identifier", "shorthand_property_identifier") and N.text(mod.data, u) == pname:
            return True
    return False


__all__ = ["mapped_list"]
