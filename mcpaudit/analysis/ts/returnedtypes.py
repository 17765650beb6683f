"""Types written as what a function of the module returns (issue 14).

    export function createMCPServer() {
      const idbManager = new IDBManager();
      const orchestrator = new MCPOrchestrator(parser, idbManager);
      return { idbManager, parser, orchestrator };
    }
    class MCPSimulatorServer {
      private orchestrator: ReturnType<typeof createMCPServer>['orchestrator'];
      ...  this.orchestrator.processInstruction(instruction)

The field's type names no class; it is the class of the property ``orchestrator`` of the object the
function returns (``ReturnType<typeof f>`` alone: the class of what it returns). Read from the
function's own text: a returned object literal's property (``orchestrator``, ``orchestrator: o``)
whose value is ``new C(...)`` or a local ``const`` of the function initialised so; the class
name is then resolved as any annotation's (an import, a class of the module). Anything else (a
call, a parameter, several returns that disagree) gives no type, as before.
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N


def returned_type(mod, ann) -> Optional[str]:
    """The class a ``ReturnType<typeof f>['key']`` (or ``ReturnType<typeof f>``) annotation
    stands for, resolved, or None."""
    node = next((c for c in ann.named_children), None) if ann is not None and ann.type == "type_annotation" else ann
    key = None
    if node is not None and node.type == "lookup_type":
        parts = node.named_children
        key = N.string_value(mod.data, parts[1].named_children[0]) if len(parts) == 2 and parts[1].type == "literal_type" \
            and parts[1].named_children else None
        if key is None:
            return None
        node = parts[0]
    fname = _returned_of(mod.data, node)
    fn = next((v for n, v in N.top_bindings(mod.data, mod.tree.root_node) if n == fname), None) if fname else None
    if fn is None or not N.is_function(fn):
        return None
    found = {_class_of(mod.data, fn, v) for v in _returned(mod.data, fn, key)}
    cls = found.pop() if len(found) == 1 else None
    return mod.top.resolve_type(cls) if cls else None


def _returned_of(data: bytes, node) -> Optional[str]:
    """``f`` of ``ReturnType<typeof f>``."""
    if node is None or node.type != "generic_type":
        return None
    name = node.child_by_field_name("name")
    args = node.child_by_field_name("type_arguments")
    if name is None or N.text(data, name) != "ReturnType" or args is None or len(args.named_children) != 1:
        return None
    q = args.named_children[0]
    ident = q.named_children[0] if q.type == "type_query" and q.named_children else None
    return N.text(data, ident) if ident is not None and ident.type == "identifier" else None


def _own_nodes(fn, kind: str):
    """The nodes of type ``kind`` in ``fn``'s body, not those of functions nested in it."""
    body = fn.child_by_field_name("body")
    stack = [body] if body is not None else []
    while stack:
        n = stack.pop()
        if n.type == kind:
            yield n
        stack.extend(c for c in n.named_children if c.type not in N.FUNCTIONS and c.type not in ("class_declaration",
                                                                                            "method_definition"))


def _returned(data: bytes, fn, key: Optional[str]):
    """The value nodes the function returns (at ``key`` of a returned object literal)."""
    body = fn.child_by_field_name("body")
    values = [r.named_children[0] for r in _own_nodes(fn, "return_statement") if r.named_children]
    if body is not None and body.type != "statement_block":
        values.append(body)  # () => ({ ... })
    for v in values:
        u = N.unwrap(v)
        if key is None:
            yield u
            continue
        if u is None or u.type != "object":
            yield None
            continue
        hit = None
        for c in u.named_children:
            if c.type == "shorthand_property_identifier" and N.text(data, c) == key:
                hit = c
            elif c.type == "pair" and N.prop_key(data, c.child_by_field_name("key")) == key:
                hit = c.child_by_field_name("value")
        yield hit


def _class_of(data: bytes, fn, value) -> Optional[str]:
    """The class name ``new C(...)`` builds, directly or through a ``const`` of the function."""
    u = N.unwrap(value) if value is not None else None
    if u is not None and u.type in ("identifier", "shorthand_property_identifier"):
        name = N.text(data, u)
        u = None
        for d in _own_nodes(fn, "variable_declarator"):
            n = d.child_by_field_name("name")
            if n is not None and n.type == "identifier" and N.text(data, n) == name:
                u = N.unwrap(d.child_by_field_name("value"))
    if u is None or u.type != "new_expression":
        return None
    ctor = u.child_by_field_name("constructor")
    return N.text(data, ctor) if ctor is not None and ctor.type in ("identifier", "member_expression") else None


__all__ = ["returned_type"]
