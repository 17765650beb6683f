"""Tools kept as config objects in name-keyed maps, dispatched by a low-level call-tool handler.

    export const searchRecordsConfig = { name: "search_records", handler: async (params) => ... };
    export const coreToolConfigs = { search_records: searchRecordsConfig, ...advancedConfigs };
    export const TOOL_CONFIGS = { UNIVERSAL: coreToolConfigs, LISTS: listsToolConfigs };
    export function findToolConfig(name) { ... for (const c of Object.values(...)) if (c.name === name) return { toolConfig: c } }

and ``server.setRequestHandler(CallToolRequestSchema, (request) => executeToolRequest(request))``
where ``executeToolRequest`` looks the request's ``params.name`` up with ``findToolConfig`` and
runs ``toolConfig.handler(request.params.arguments)``. The tool list comes from parallel
definition objects (``{ name, description, inputSchema }``) without a handler.

The lookup goes through loops, a function's returned object and casts, so the interpreter sees
no call of any config's handler: the server's only tools were the low-level handler names. Here,
when the project serves tools only through a low-level call-tool handler, each object with a
literal ``name`` and a function under a handler key (``handler``, ``execute``...) that an object
map of the project holds beside at least one other such object is a tool named by its ``name``,
its handler the tool's entry (the caller's arguments its first parameter). Its description and
schema are those of the definition object of the same name, when the project has one. The tools
are added to the linker as registrations of the config's module (:func:`config_registrations`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

from ...sources import code_kind
from .records import TsRegistration
from .toolmaps import SCHEMA_KEYS as _SCHEMAS  # keys a definition keeps its input schema under (the linker's)

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

_MAX = 256
#: the framework of a config tool's registration: the call-tool handler that looks them up is
#: no tool of its own (link.py, as for tool tables; mend45b)
CONFIG = "config"


def config_registrations(linker: "TsLinker") -> None:
    """Add a tool registration for each config object a name-keyed map holds (see the module
    docstring), when the project's only registrations are low-level handlers."""
    regs = [r for p, m in linker.modules.items() if p not in linker.orphans and code_kind(p) is None
            for r in m.registrations]  # (mend45b: a test's or an unloaded module's count for nothing)
    if not any(r.kind == "call_tool" for r in regs) or any(r.kind in ("tool", "prompt") for r in regs):
        return
    keys = _handler_keys()
    if sum(1 for p, m in linker.modules.items() if code_kind(p) is None
           for t in m.tables.values() if "name" in t and any(k in t for k in keys)) < 2:
        return  # (mend45b) no two config objects anywhere: no map of them to look up
    configs = _configs(linker)
    if not configs:
        return
    defs = _definitions(linker)
    for (cpath, table), (name, hkey, fn_pos) in sorted(configs.items()):
        reg = TsRegistration(kind="tool", framework=CONFIG, pos=fn_pos + fn_pos, name="s:" + name,
                             handler=linker.modules[cpath].tables[table][hkey], owner_known=True)
        d = defs.get(name)
        if d is not None:
            dpath, dtable, desc, skey = d
            reg.description = "s:" + desc if desc else None
            if skey:
                reg.schema = "r:" + (f"{dtable}.{skey}" if dpath == cpath else f"{_key(dpath)}#{dtable}.{skey}")
        linker.modules[cpath].registrations.append(reg)


def _configs(linker: "TsLinker") -> Dict[Tuple[str, str], Tuple[str, str, tuple]]:
    """(module, table) of each config object held by a map with another -> (its name, its
    handler key, its handler's position)."""
    out: Dict[Tuple[str, str], Tuple[str, str, tuple]] = {}
    for path in sorted(linker.modules):
        if code_kind(path) is not None:
            continue
        for table in sorted(linker.modules[path].tables):
            held: List[Tuple[Tuple[str, str], Tuple[str, str, tuple]]] = []
            for _p, _k, v in linker.table_items(path, table):
                hit = linker.lookup(_p, v[2:]) if v.startswith("r:") else (_p, v) if v.startswith("o:") else None
                got = _config(linker, hit[0], hit[1][2:]) if hit is not None and hit[1].startswith("o:") else None
                if got is not None:
                    held.append(((hit[0], hit[1][2:]), got))
            if len(held) >= 2:
                out.update(held)
            if len(out) >= _MAX:
                return out
    return out


def _config(linker: "TsLinker", path: str, table: str) -> Optional[Tuple[str, str, tuple]]:
    """A config object: a literal name and a function under a handler key."""
    if code_kind(path) is not None:
        return None
    t = linker.modules[path].tables.get(table) or {}
    name = linker.string(path, t.get("name")) if t.get("name") else None
    hkey = next((k for k in _handler_keys() if k in t), None)
    if not name or hkey is None:
        return None
    res = linker._value_function(path, t[hkey], 0)
    return (name, hkey, tuple(res[1].pos[:2])) if res is not None else None


def _definitions(linker: "TsLinker") -> Dict[str, Tuple[str, str, Optional[str], Optional[str]]]:
    """Tool name -> (module, table, description, schema key) of the definition objects (a
    literal name, a description or schema, no handler)."""
    out: Dict[str, Tuple[str, str, Optional[str], Optional[str]]] = {}
    for path in sorted(linker.modules):
        for table, t in sorted(linker.modules[path].tables.items()):
            if "name" not in t or any(k in t for k in _handler_keys()):
                continue
            skey = next((k for k in _SCHEMAS if k in t), None)
            desc = linker.string(path, t["description"]) if "description" in t else None
            name = linker.string(path, t["name"])
            if name and (skey or desc) and name not in out:
                out[name] = (path, table, desc, skey)
    return out


def _handler_keys() -> tuple:
    """The keys a config object keeps its handler under: the linker's (imported here, a cycle at
    import time)."""
    from .link import _HANDLER_KEYS

    return _HANDLER_KEYS


def _key(path: str) -> str:
    from .module import module_key

    return module_key(path)


__all__ = ["CONFIG", "config_registrations"]
