"""Tool descriptor lists made by an exported function and registered in a loop (issue 14, ts28b).

``const tools = (context) => [{ method: "create_invoice", description, parameters:
createInvoiceParameters(context) }, ...]; export default tools`` in one module, and in another
``tools(context).filter(allowed).forEach((tool) => this.tool(tool.method, tool.description,
tool.parameters.shape, async (arg) => api.run(tool.method, arg)))``: the loop goes over the list
the exported function returns (kept as ``tools()``, :mod:`.toolarrays`), reached through the
export's name (:func:`exported_call`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Tuple

from . import nodes as N
from .toolmaps import SCHEMA_KEYS

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker


def exported_call(linker: "TsLinker", ref: str) -> Optional[Tuple[str, str]]:
    """``<module>#default()`` / ``<module>#tools()``: the list the exported function returns,
    kept under the local function's name (``tools()``), when the export names another."""
    if "#" not in ref or not ref.endswith("()"):
        return None
    mpath, rest = linker._module_ref(ref)
    name = rest[:-2]
    if mpath is None or "." in name or name not in linker.modules[mpath].exports:
        return None
    local = linker.modules[mpath].exports[name]
    return linker.lookup(mpath, local + "()") if local != name else None


# -- schemas made by a function (``parameters: createInvoiceParameters(context)``) -------------

def returned_schema(mod, body, qual: str) -> bool:
    """A module-level function returning a zod schema (``(context) => z.object({...})``): the
    schema kept as ``<qual>()``, what a definition's call of it stands for (:func:`schema_call`)."""
    from .tuples import returned_literal  # imported late: that module imports this one

    u = N.unwrap(body)
    if u is not None and u.type == "statement_block" and [s.type for s in u.named_children].count("return_statement") != 1:
        return False  # exactly one return
    u = returned_literal(body, "call_expression")
    if u is None or not mod.top._zod_call(N.chain_root(u)):
        return False
    mod.schemas[f"{qual}()"] = mod.top.schema_params(u)
    return True


def schema_call(mod, qual: str, call) -> Optional[str]:
    """``parameters: createInvoiceParameters(context)`` in a definition: a call of a project
    function under a schema key, kept as ``r:<function>(<what it is given>)``; the linker reads
    the schema the function returns, else what it was given (:func:`call_schema`)."""
    if qual.rsplit(".", 1)[-1] not in SCHEMA_KEYS:
        return None
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier":
        return None
    name = N.text(mod.data, fn)
    d = mod.imports.get(name) or (name if name in mod.local_names else None)
    if not d or ("#" not in d and d != name):
        return None  # a package's function (zodToJsonSchema): the wrapped value, as before
    args = [N.unwrap(a) for a in N.args_of(call)]
    given = mod.top.dotted(args[0]) if len(args) == 1 and args[0] is not None and args[0].type == "identifier" else None
    return f"r:{d}({given or ''})"


def call_schema(linker, path: str, ref: str) -> Optional[Tuple[str, str]]:
    """What ``<function>(<given>)`` of :func:`schema_call` names: the function's schema, else the
    value given to it (a wrapper of a schema)."""
    if not ref.endswith(")") or "(" not in ref:
        return None
    head, _, given = ref[:-1].partition("(")
    hit = linker.lookup(path, head + "()") or exported_call(linker, head + "()")
    return hit if hit is not None or not given else linker.lookup(path, given)


def computed_props(fa, obj) -> dict:
    """The pairs of an object literal whose key is computed from a constant (``[keys.orderId]:
    z.string()`` with ``keys`` a string enum, an imported one too: sharedregex.py), by that
    constant; the rest are :func:`.nodes.object_props`'."""
    out = {}
    for c in obj.named_children:
        k = c.child_by_field_name("key") if c.type == "pair" else None
        if k is not None and k.type == "computed_property_name" and k.named_children:
            key = fa.const_of(k.named_children[0])
            if key is not None and c.child_by_field_name("value") is not None:
                out[key] = c.child_by_field_name("value")
    return out
