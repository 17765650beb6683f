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
from .descriptors import returned_schema, schema_call
from .ifacefactories import record_interface_factory
from .literaltext import joined_const
from .toolarrays import returned_array
from .tuples import returned_literal, returned_names, tuple_element
from .methodlists import bound_method, method_list
from .wrappedexports import wrapped_function


#: the node types of a function a factory returns
_CLOSURES = ("arrow_function", "function_expression", "function")


def handler_factories(fa, node) -> str:
    """``adapt(makeController())`` / ``buildCallback({...})`` as a registration's handler: the
    functions the calls' results may be, outermost first, as ``r:<factory>()`` joined by ``|``
    (the linker takes the first one that names a function a factory returns), or ""."""
    out = []
    u = N.unwrap(node)
    if u is not None and u.type == "identifier":
        local = fa._local_value(N.text(fa.data, u), fa.node) if fa.node is not None else None
        u = N.unwrap(local) if local is not None and local.type == "call_expression" else u
    while u is not None and u.type == "call_expression" and len(out) < 3:
        fn = N.unwrap(u.child_by_field_name("function"))
        if fn is None or fn.type != "identifier" or N.text(fa.data, fn) in fa.locals:
            break
        d = fa.dotted(fn)
        if d:
            out.append(f"r:{d}()")
        u = next((N.unwrap(a) for a in N.args_of(u) if N.unwrap(a) is not None and N.unwrap(a).type == "call_expression"), None)
    return "|".join(out)


def made_handler(fa, reg, h, handler_node) -> None:
    """A registration whose handler is a call we could not follow to a function (``h``, the node
    under the wrappers, is a call, or a local made by one): keep the factories it may come from
    (``reg.loop_props["factories"]``), which the linker tries first."""
    if reg.handler is not None and h.type != "call_expression" and not (
            h.type == "identifier" and N.text(fa.data, h) in fa.locals):
        return
    made = handler_factories(fa, handler_node)
    if made:
        reg.loop_props["factories"] = made
        reg.handler = reg.handler or made.split("|", 1)[0]


def returned_table(mod, fa, node, qual: str) -> None:
    """Record the object literal a module-level function returns as the table ``<qual>()``, or
    the array literal as the list ``<qual>()`` (``mod``: the TsModule, ``fa``: the function's
    interpreter after its run)."""
    if fa.cls is not None:
        method_list(mod, fa, node, qual, fa.cls)  # getTools() { return [{ name, handler }] } (methodlists.py)
    if fa.cls is not None or "." in qual or qual == "<module>" or node is None:
        return
    body = node.child_by_field_name("body")
    returned_names(mod, node, qual)  # a function returning an array of names: a tuple (tuples.py)
    closure = next((f for f in (returned_literal(body, k) for k in _CLOSURES) if f is not None), None)
    if closure is not None:
        # a handler factory (``(controller) => async (request) => ...``): the function it returns
        # is the function ``<qual>()``, seeing the factory's locals (handler_factories below)
        mod._pending.append((closure, f"{qual}()", None))
        mod.outers[(closure.start_byte, closure.end_byte)] = fa
        return
    if returned_schema(mod, body, qual):  # (context) => z.object({...}): descriptors.py
        return
    obj = returned_literal(body, "object")
    arr = returned_array(body) if obj is None else None  # a factory of a tool list (toolarrays.py)
    if obj is None and arr is None:
        wrapped = wrapped_map(mod, body)
        if wrapped:
            mod.tables[f"{qual}()"] = {"...0": "r:" + wrapped}
        return
    start = len(mod._pending)
    if obj is not None:
        mod.table(f"{qual}()", obj)
        returned_closures(mod, body, obj, f"{qual}()")
        record_interface_factory(mod, qual, node)  # f(): I { return {...} } implements I
    else:
        mod.array(f"{qual}()", arr)
    for fn_node, _q, _c in mod._pending[start:]:
        mod.outers[(fn_node.start_byte, fn_node.end_byte)] = fa


def returned_closures(mod, body, obj, table: str) -> None:
    """``const check = (p) => {...}; return { check, root }``: an entry of the returned object
    that names a function the factory declares (a ``const`` arrow or function expression, or a
    function declaration, at the top of its body) is that function, ``<table>.<key>``, analysed
    as a closure of the factory (its locals seen), so that a caller who destructures the result
    (``const { check } = makeContext(cfg)``) calls it (link.py, ``factory_entry``)."""
    entries = mod.tables.get(table) or {}
    decls = _declared_functions(mod, body)
    for key, v in N.object_props(mod.data, obj).items():
        u = N.unwrap(v)
        node = decls.get(N.text(mod.data, u)) if u is not None and u.type in (
            "identifier", "shorthand_property_identifier") else None
        if node is None or key not in entries:
            continue
        qual = f"{table}.{key}"
        mod.local_names.add(qual)
        mod._pending.append((node, qual, None))
        entries[key] = "f:" + qual


def _declared_functions(mod, body) -> dict:
    """The functions a function body declares at its top level, by name."""
    out: dict = {}
    u = N.unwrap(body)
    for st in u.named_children if u is not None and u.type == "statement_block" else ():
        if st.type == "function_declaration":
            nm = st.child_by_field_name("name")
            if nm is not None:
                out[N.text(mod.data, nm)] = st
        elif st.type in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                nm, v = d.child_by_field_name("name"), N.unwrap(d.child_by_field_name("value"))
                if d.type == "variable_declarator" and nm is not None and nm.type == "identifier" and \
                        v is not None and v.type in _CLOSURES + ("generator_function",):
                    out[N.text(mod.data, nm)] = v
    return out


def wrapped_map(mod, body) -> Optional[str]:
    """The handler map a function wraps entry by entry and returns: ``const out = {}; for (const
    [name, handler] of Object.entries(MAP)) { out[name] = async (req, cfg) => { ... handler(req,
    cfg) ... } } return out;`` (or ``return Object.fromEntries(Object.entries(MAP).map(...))``):
    ``MAP``, whose entries the returned map's keys call through their wrappers (each wrapper is
    taken to hand its arguments over, as such wrappers of analytics, logging or errors do)."""
    u = N.unwrap(body)
    if u is None or u.type != "statement_block":
        return None
    ret = next((st for st in reversed(u.named_children) if st.type == "return_statement"), None)
    inner = [c for c in ret.named_children if c.type != "comment"] if ret is not None else []
    v = N.unwrap(inner[0]) if inner else None
    if v is not None and v.type == "call_expression" and mod.top.dotted(v.child_by_field_name("function")) == "Object.fromEntries":
        args = N.args_of(v)
        m = N.unwrap(args[0]) if args else None  # Object.entries(MAP).map(...)
        fn = m.child_by_field_name("function") if m is not None and m.type == "call_expression" else None
        recv = N.unwrap(fn.child_by_field_name("object")) if fn is not None and fn.type == "member_expression" else None
        return _entries_of(mod, recv)
    if v is None or v.type != "identifier":
        return None
    out = N.text(mod.data, v)
    for loop in N.descendants(u, "for_in_statement"):
        target = _entries_of(mod, loop.child_by_field_name("right"))
        if target and any(N.text(mod.data, a.child_by_field_name("left")).startswith(out + "[")
                          for a in N.descendants(loop, "assignment_expression")):
            return target
    return None


def _entries_of(mod, node) -> Optional[str]:
    """``MAP`` of ``Object.entries(MAP)`` / ``Object.keys(MAP)`` (a module-level name)."""
    node = N.unwrap(node)
    if node is None or node.type != "call_expression" or \
            mod.top.dotted(node.child_by_field_name("function")) not in ("Object.entries", "Object.keys"):
        return None
    args = N.args_of(node)
    a = N.unwrap(args[0]) if args else None
    return mod.top.dotted(a) if a is not None and a.type in ("identifier", "member_expression") else None


def wrapped_value(mod, qual: str, call, depth: int) -> Optional[str]:
    """A table value written as a call of a wrapper (``withAuth(["scope"], createHandler(logic))``,
    ``zodToJsonSchema(Schema)``): the function or the name the wrapper is given (``mod``: the
    :class:`~mcpaudit.analysis.ts.module.TsModule` whose table it is); a project function's
    call under a schema key is kept as that call (descriptors.py)."""
    made = schema_call(mod, qual, call) if depth == 0 else None
    if made:
        return made
    bound = bound_method(mod, call)
    if bound:
        return "r:" + bound  # handler: this.handleX.bind(this): the method (methodlists.py)
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


def spread_ref(fa, node) -> Optional[str]:
    """What a spread in a module-level list names: ``...Object.values(tools)`` the values of
    ``tools`` (an object, or the exports of a namespace import: ``import * as tools``), kept as
    ``tools`` (each its own module's reference); else the spread expression's name."""
    u = N.unwrap(node)
    if u is not None and u.type == "call_expression" and len(N.args_of(u)) == 1:
        fn = u.child_by_field_name("function")
        if fn is not None and fa.dotted(fn) == "Object.values":
            return fa.table_ref(u)
    return fa.dotted(node)


def declared_call(mod, n: str, v) -> None:
    """``const n = <call>`` at module level (``mod``: the TsModule): a ``require``, an alias of
    the function a same-function wrapper is given, a zod schema, or a definition given to a
    wrapper: ``defineTool({...})`` or ``defineTool((options) => ({...}))`` (a factory the
    registry calls with the server's options), whose object is the table ``n``."""
    req = mod.require_of(v)
    if req is not None:
        mod.imports[n] = req
        return
    c = joined_const(mod.top, v)
    if c is not None:
        mod.consts[n] = c  # MESSAGE = ["a", "b"].join(" "): literal text (literaltext.py)
        return
    fn = v.child_by_field_id(mod.F.function)
    d_fn = mod.top.dotted(fn) if fn is not None else None
    args = N.args_of(v)
    if d_fn in mod.M.same_function_calls and args:
        target = mod.top.dotted(args[0])
        if target:
            mod.aliases[n] = target
        return
    if mod.top._zod_call(v):
        key = f"@{v.start_byte}"
        mod.schemas[key] = mod.top.schema_params(v)
        mod.schema_names[n] = key
        mod.schema_nodes[n] = v
        return
    if d_fn:
        mod.types[n] = d_fn
    wrapped_function(mod, n, v)  # export const t = withErrorHandling(_tool, msg): t runs _tool
    arg = N.unwrap(args[0]) if len(args) == 1 else None
    if arg is not None and arg.type in N.FUNCTIONS and fn is not None and fn.type == "identifier":
        arg = returned_literal(arg.child_by_field_name("body"), "object")  # defineTool((o) => ({...}))
    if arg is not None and arg.type == "object":
        # const X = defineTool({...}) / ToolSchema.parse({...}): the definition is the object
        mod.table(n, arg)

__all__ = ["declared_call", "returned_closures", "returned_table", "spread_ref", "tuple_element", "wrapped_map", "wrapped_value"]
