"""Command tables made by a factory function, for tools registered in a loop over them.

``export const registryCommands = function (cacheDir) { function getSchema(p) {...} return {
"get-type": { schema, handler: async (args) => ... getSchema(args.provider) ... } } }`` and,
elsewhere, ``Object.entries(registryCommands(CACHE_DIR)).forEach(([name, command]) =>
server.tool(..., async (args) => command.handler(args)))``: the object the module-level factory
returns is kept as the table ``registryCommands()`` (a call of the factory names it, see
``Names.table_ref``), and the functions in it are analysed inside the factory, so that they see
its local helpers (``getSchema``) as a closure does.
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N
from .toolarrays import returned_array


def returned_table(mod, fa, node, qual: str) -> None:
    """Record the object literal a module-level function returns as the table ``<qual>()``, or
    the array literal as the list ``<qual>()`` (``mod``: the TsModule, ``fa``: the function's
    interpreter after its run)."""
    if fa.cls is not None or "." in qual or qual == "<module>" or node is None:
        return
    body = node.child_by_field_name("body")
    obj = _returned_object(body)
    arr = returned_array(body) if obj is None else None  # a factory of a tool list (toolarrays.py)
    if obj is None and arr is None:
        return
    start = len(mod._pending)
    if obj is not None:
        mod.table(f"{qual}()", obj)
    else:
        mod.array(f"{qual}()", arr)
    for fn_node, _q, _c in mod._pending[start:]:
        mod.outers[(fn_node.start_byte, fn_node.end_byte)] = fa


def _returned_object(body) -> Optional[object]:
    u = N.unwrap(body)
    if u is None:
        return None
    if u.type == "object":
        return u  # () => ({ ... })
    if u.type != "statement_block":
        return None
    found = None
    for st in u.named_children:
        if st.type == "return_statement":
            inner = [c for c in st.named_children if c.type != "comment"]
            v = N.unwrap(inner[0]) if inner else None
            found = v if v is not None and v.type == "object" else None
    return found


def wrapped_value(mod, qual: str, call, depth: int) -> Optional[str]:
    """A table value written as a call of a wrapper (``withAuth(["scope"], createHandler(logic))``,
    ``zodToJsonSchema(Schema)``): the function or the name the wrapper is given (``mod``: the
    :class:`~mcpaudit.analysis.ts.module.TsModule` whose table it is)."""
    for a in N.args_of(call):
        au = N.unwrap(a)
        if au is None:
            continue
        if au.type in N.FUNCTIONS:
            mod.local_names.add(qual)
            mod._pending.append((au, qual, None))
            return "f:" + qual
        if au.type in ("identifier", "member_expression") and mod.top.const_of(au) is None:
            d = mod.top.dotted(au)
            return "r:" + d if d else None
        if au.type == "call_expression" and depth < 3:
            hit = wrapped_value(mod, qual, au, depth + 1)
            if hit:
                return hit
    return None
