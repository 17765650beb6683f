"""Tool lists made by factory functions, for a call-tool handler that picks from them by name.

``export function createQueryTools(service) { return [{ name: "describe_table", inputSchema,
handler: async (args) => service.describe(args.table) }, ...] }``, merged elsewhere into one list
(``const tools = [...createQueryTools(s), ...createWriteTools(s)]``) and dispatched by
``tools.find((t) => t.name === name).handler(args)``: the array a module-level function returns
is kept as the list ``<function>()`` (:func:`factories.returned_table`, which keeps a returned
object the same way), so that its object elements are tool definitions
(:meth:`PickedTools.element_definitions`), and the functions in it are analysed inside the
factory, seeing its parameters and helpers as a closure does.
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N


def returned_array(body) -> Optional[object]:
    """The array literal of the function's last return, when it returns one (``() => [...]``
    too) holding an object literal, a class instance (``new GetObjectTool(s3)``) or a spread
    (definitions, or other lists of them; not a list of names)."""
    u = N.unwrap(body)
    if u is None:
        return None
    found = None
    if u.type == "array":
        found = u
    elif u.type == "statement_block":
        for st in u.named_children:
            if st.type == "return_statement":
                inner = [c for c in st.named_children if c.type != "comment"]
                found = _array_of(u, N.unwrap(inner[0]) if inner else None)
    if found is None or not any(c.type in ("object", "spread_element", "new_expression") for c in map(N.unwrap, found.named_children)
                                if c is not None):
        return None
    return found


def _array_of(body, v) -> Optional[object]:
    """The array literal a returned value is: itself, or the array a variable of the function
    body was declared with (``const tools = [...]; return tools``), also filtered
    (``return tools.filter(f)``: a selection of the same definitions)."""
    if v is not None and v.type == "call_expression":
        fn = v.child_by_field_name("function")
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        if prop is None or prop.text.decode(errors="replace") not in ("filter", "slice"):
            return None
        v = N.unwrap(fn.child_by_field_name("object"))
    if v is None or v.type == "array":
        return v
    if v.type != "identifier":
        return None
    name = v.text
    for st in body.named_children:
        if st.type in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                n, val = d.child_by_field_name("name"), d.child_by_field_name("value")
                if n is not None and n.text == name and val is not None and N.unwrap(val) is not None \
                        and N.unwrap(val).type == "array":
                    return N.unwrap(val)
    return None
