"""Names a registry call takes from a loop over a constant list of pairs (issue 14, tsdisc48).

``const passthrough: Array<[string, string]> = [["create_issue", "createIssue"], ...];
for (const [tool, method] of passthrough) r.registerExecutor(tool, (a) => svc[method](a));``
(or ``passthrough.forEach(([tool, method]) => ...)``) registers one executor per pair, named by
the pair's first element. :func:`looped_names` reads the names such a loop gives the identifier
at the registry call's first argument: the loop's pattern binds it first, and the list it goes
over is an array literal of arrays starting with a string, declared (``const``) in the enclosing
function or at the top of the module. Anything else gives no names.
"""

from __future__ import annotations

from typing import List, Optional

from . import nodes as N


def _first_name(data: bytes, pattern) -> Optional[str]:
    if pattern is not None and pattern.type == "required_parameter":
        pattern = pattern.child_by_field_name("pattern")
    if pattern is None or pattern.type != "array_pattern":
        return None
    items = [c for c in pattern.named_children if c.type != "comment"]
    return N.text(data, items[0]) if items and items[0].type == "identifier" else None


def _loop_list(data: bytes, node, name: str):
    """The node of the list a loop binding ``name`` first in its pair pattern goes over."""
    n = node.parent
    while n is not None:
        if n.type == "for_in_statement" and _first_name(data, n.child_by_field_name("left")) == name:
            return n.child_by_field_name("right")
        if n.type in N.FUNCTIONS and _first_name(data, N.first_param_pattern(n)) == name:
            call = n.parent.parent if n.parent is not None and n.parent.type == "arguments" else None
            fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
            prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
            return fn.child_by_field_name("object") if prop is not None and N.text(data, prop) == "forEach" else None
        if n.type in N.FUNCTIONS:
            return None
        n = n.parent
    return None


def _declared_array(data: bytes, node, name: str):
    """The array literal ``const name = [...]`` in the function enclosing ``node``, else declared
    by a block around it or at the top of the module (not inside another function)."""
    scopes, n = [], N.enclosing_function(node)
    while n is not None:
        scopes.append(n)
        n = N.enclosing_function(n)
    blocks, b = [], node.parent
    while b is not None:
        if b.type in ("statement_block", "program"):
            blocks.append(b)
        b = b.parent
    for decl in [d for w in scopes for d in N.descendants(w, "variable_declarator")] + \
            [d for b in blocks for d in _top_level(b)]:
        nm = decl.child_by_field_name("name")
        if nm is not None and nm.type == "identifier" and N.text(data, nm) == name:
            val = N.unwrap(decl.child_by_field_name("value"))
            if val is not None and val.type == "array" and decl.parent is not None and \
                    any(c.type == "const" for c in decl.parent.children):
                return val
    return None


def _top_level(root) -> list:
    """The declarators of a block's (or the module's) own statements (``const X = ...``,
    ``export const X``), not of a function's body inside it."""
    out = []
    for s in root.named_children:
        if s.type == "export_statement":
            s = s.child_by_field_name("declaration") or s
        if s.type == "lexical_declaration":
            out.extend(c for c in s.named_children if c.type == "variable_declarator")
    return out


def looped_names(interp, arg) -> List[str]:
    """The names a loop over constant pairs gives the identifier ``arg`` (see the module)."""
    u = N.unwrap(arg)
    if u is None or u.type != "identifier":
        return []
    data = interp.data
    lst = N.unwrap(_loop_list(data, u, N.text(data, u)))
    if lst is None or lst.type != "identifier":
        return []
    arr = _declared_array(data, u, N.text(data, lst))
    out: List[str] = []
    for el in (arr.named_children if arr is not None else ()):
        if el.type == "comment":
            continue
        items = [c for c in el.named_children if c.type != "comment"] if el.type == "array" else []
        name = interp.const_of(items[0]) if items else None
        if not name:
            return []
        out.append(name)
    return out[:256]


__all__ = ["looped_names"]
