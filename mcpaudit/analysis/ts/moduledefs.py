"""Tool modules: a module whose exports are one tool's descriptor (issue 14, tsdisc48).

A server may keep each tool in a module of its own that exports the descriptor's parts at the
top level, ``export const method = "createCollection"; export const description = "...";
export const parameters = z.object({...}); export async function handler(args, extra) {...}``,
and load them at run time (``readdir(toolsDir)`` and ``await import(file)`` for each, kept when
``toolModule.method && toolModule.handler``), or through an index of namespace re-exports. The
registration loop then names each tool by a property of the loaded module
(``server.registerTool(tool.method, { inputSchema: tool.parameters.shape }, (args) =>
tool.handler(args, ctx))``), which no list of the analysis holds.

When such a registration cannot be followed (:meth:`TsLinker._defined_tools`), the project's
modules exporting a string under the property the registration reads the name from
(``method``), a function under a handler key (:data:`HANDLER_KEYS`) and a description or a
schema under the property the registration reads them from are the tools: each named by its
string, described by its description, typed by its schema, its handler's first parameter the
caller's arguments (the registration's ``inputs``). A module exporting a name and a handler but
neither of the parts the registration reads is no descriptor (a plugin, a command module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from ..summary import FuncSummary
    from .link import TsLinker
    from .records import TsRegistration

#: export names holding a tool module's handler, most specific first
HANDLER_KEYS = ("handler", "execute", "run", "handle", "callback", "invoke", "impl", "implementation")
#: export names holding a tool module's schema when the registration names none
_SCHEMAS = ("parameters", "inputSchema", "schema", "input_schema", "argsSchema")


def _prop(val: Optional[str]) -> Optional[str]:
    """``r:tool.method`` -> ``method`` (the property a registration reads off its loop value)."""
    if not val or not val.startswith("r:"):
        return None
    parts = val[2:].split(".")
    return parts[1] if len(parts) >= 2 and parts[1].isidentifier() else None


def module_definitions(linker: "TsLinker", reg: "TsRegistration") -> Iterator[
        Tuple[str, "FuncSummary", str, Optional[str], list]]:
    """(module, handler, name, description, schema parameters) of every tool module of the
    project whose exports the registration ``reg`` reads (its name under ``reg.name``'s
    property)."""
    from ...sources import code_kind

    name_prop = _prop(reg.name)
    if name_prop is None:
        return
    desc_prop = _prop(reg.description) or "description"
    schema_prop = _prop(reg.schema)
    for path in sorted(linker.modules):
        mod = linker.modules[path]
        exports = mod.exports
        if name_prop not in exports or code_kind(path) is not None:
            continue
        name = linker.string(path, "r:" + exports[name_prop])
        if not name:
            continue
        res = next((hit for hit in (linker._value_function(path, "r:" + exports[k], 0)
                                    for k in HANDLER_KEYS if k in exports) if hit is not None), None)
        if res is None:
            continue
        schemas = (schema_prop,) if schema_prop else _SCHEMAS
        skey = next((k for k in schemas if k in exports), None)
        if desc_prop not in exports and skey is None:
            continue  # a descriptor says what its tool does or takes
        desc = linker.string(path, "r:" + exports[desc_prop]) if desc_prop in exports else None
        params = linker._schema(path, "r:" + exports[skey]) if skey else []
        yield res[0], res[1], name, desc, params


def defined_tools(linker: "TsLinker", path: str, reg: "TsRegistration"):
    """The tools of a registration the linker cannot follow: the project's tool definitions (for
    the first such registration) and the tool modules read by the properties ``reg`` names (once per
    distinct set: the first registration no longer decides for one that reads other properties).
    ``linker._defs_done`` keeps what was done, a tool already given (module, name) is not again."""
    done = linker._defs_done
    defs: list = []
    if "definitions" not in done:
        done.add("definitions")
        defs += linker._definitions()
    key = (_prop(reg.name), _prop(reg.description), _prop(reg.schema))
    if key not in done:
        done.add(key)
        defs += [d for d in module_definitions(linker, reg) if ("tool", d[0], d[2]) not in done]
    elif not defs:
        return
    for dpath, fn, dname, desc, params in defs:
        done.add(("tool", dpath, dname))
        linker.registry_defined(dpath, fn)
        yield linker._tool(dpath, fn, reg, dname, desc, None, params)
    linker.registration_unfollowed(path, reg, defs)


__all__ = ["HANDLER_KEYS", "defined_tools", "module_definitions"]
