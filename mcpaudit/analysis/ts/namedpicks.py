"""A tool definition looked up by a literal name in a table of tool objects (issue 14, ts53a).

A server may keep its tools as objects in a list (``export const ALL_TOOLS = [readFileTool,
writeFileTool]``, each ``{ name, description, inputSchema, async handler(args) }``) and register
each with the SDK by a callback that looks its own definition up by name:

    server.registerTool("read_file", { ... },
      async (args) => ALL_TOOLS.find((t) => t.name === "read_file")!.handler(args));

(also ``?.handler(args)``, no ``!``, ``"read_file" === t.name``, prompts' ``ALL_PROMPTS.find(...)
.generate(args)``). Unlike a call-tool handler's ``find`` by the requested tool's name (every
element may run: :meth:`.calls.Calls.picked_table`), the literal picks one element: the object of
the list whose ``name`` is that string, its identifiers followed to their object literals (in
other modules too). The interpreter records the call as ``<list>[=<name>].<method>``
(:func:`literal_pick`); the linker resolves it to that element's function (:func:`named_methods`),
so the registered tool runs only its own definition's handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Tuple

from . import nodes as N

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

#: a call target naming the element of a list picked by a literal name (see the module docstring)
NAMED = "[="


def _literal_name(interp, cb) -> Optional[str]:
    """The string ``(t) => t.name === "x"`` (either side, a block returning it) compares the
    element's name with, or None."""
    if cb is None or cb.type not in N.FUNCTIONS:
        return None
    params = cb.child_by_field_name("parameters")
    one = cb.child_by_field_name("parameter")
    if one is None and params is not None:
        named = [c for c in params.named_children if c.type != "comment"]
        pat = named[0].child_by_field_name("pattern") if len(named) == 1 and named[0].type == "required_parameter" else None
        one = pat if pat is not None else (named[0] if len(named) == 1 else None)
    if one is None or one.type != "identifier":
        return None
    elem = N.text(interp.data, one)
    body = N.unwrap(cb.child_by_field_name("body"))
    if body is not None and body.type == "statement_block":
        ret = [c for c in body.named_children if c.type == "return_statement"]
        body = N.unwrap(ret[0].named_children[0]) if len(ret) == 1 and ret[0].named_children else None
    if body is None or body.type != "binary_expression":
        return None
    op = body.child_by_field_name("operator")
    if op is None or N.text(interp.data, op) not in ("===", "=="):
        return None
    a, b = N.unwrap(body.child_by_field_name("left")), N.unwrap(body.child_by_field_name("right"))
    for prop, lit in ((a, b), (b, a)):
        if prop is None or lit is None or prop.type != "member_expression":
            continue
        obj, key = N.unwrap(prop.child_by_field_name("object")), prop.child_by_field_name("property")
        if obj is None or key is None or obj.type != "identifier" or N.text(interp.data, obj) != elem or \
                N.text(interp.data, key) != "name":
            continue
        val = N.string_value(interp.data, lit)
        if val:
            return val
    return None


def literal_pick(interp, recv) -> Optional[Tuple[str, str]]:
    """(list reference, name) of a receiver ``LIST.find((t) => t.name === "x")`` (``!`` and
    parentheses unwrapped), or None."""
    u = N.unwrap(recv)
    while u is not None and u.type == "non_null_expression" and u.named_children:
        u = N.unwrap(u.named_children[0])
    if u is None or u.type != "call_expression":
        return None
    fn = u.child_by_field_name("function")
    if fn is None or fn.type != "member_expression":
        return None
    prop = fn.child_by_field_name("property")
    args = N.args_of(u)
    if prop is None or N.text(interp.data, prop) != "find" or len(args) != 1:
        return None
    name = _literal_name(interp, N.unwrap(args[0]))
    obj = N.unwrap(fn.child_by_field_name("object"))
    if not name or obj is None or obj.type not in ("identifier", "member_expression"):
        return None
    table = interp.dotted(obj)
    return (table, name) if table else None


def named_target(interp, recv, method: str) -> Optional[str]:
    """``<list>[=<name>].<method>`` for ``LIST.find((t) => t.name === "x").method(...)``."""
    hit = literal_pick(interp, recv)
    return f"{hit[0]}{NAMED}{hit[1]}].{method}" if hit else None


def named_methods(linker: "TsLinker", path: str, target: str) -> List[tuple]:
    """The function under ``<method>`` of the element of ``<list>`` named ``<name>``."""
    ref, _, rest = target.partition(NAMED)
    name, sep, method = rest.partition("].")
    if not sep or not method:
        return []
    return [hit for hit in linker.element_methods(path, ref, method) if hit[3] == name]


__all__ = ["NAMED", "literal_pick", "named_methods", "named_target"]
