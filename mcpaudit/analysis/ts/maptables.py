"""Handler maps built from entry lists, for the linker.

A low-level server often keeps its handlers in a ``Map`` built from an entry list rather than
in an object literal: ``export const handlers = new Map([["install_packages", handleInstall],
...])`` in each tool module, merged where the call-tool handler picks one by the requested
tool's name (``const toolHandlers = new Map([...searchTools.handlers, ...installTools.handlers]);
toolHandlers.get(name)(args)``). Such a map is kept as a table like an object literal (its
string keys are the tools' names, a spread of another map becomes a ``...<n>`` entry the linker
follows: ``LoopTools.keyed_elements``, ``TupleTools.table_items``), so the dispatch lands on
every entry's function, each with its own tool. Only a map declared at module level is kept
(under its name); a map a function builds (the server's factory) is not read yet (see the
tsrec25 section of benchmarks/precision/README.md). A map built from anything else (``new
Map(Object.entries(x))``, ``new Map()`` filled later) is not read here.
"""

from __future__ import annotations

from typing import Dict, Optional

from . import nodes as N


def map_table(mod, name: str, node) -> Optional[Dict[str, str]]:
    """The entries of ``new Map([[key, value], ...spread])`` as a table, or None."""
    u = N.unwrap(node)
    if u is None or u.type != "new_expression":
        return None
    ctor = u.child_by_field_name("constructor")
    args = N.args_of(u)
    arr = N.unwrap(args[0]) if len(args) == 1 else None
    if ctor is None or N.text(mod.data, ctor) != "Map" or arr is None or arr.type != "array":
        return None
    out: Dict[str, str] = {}
    for el in arr.named_children:
        if el.type == "spread_element" and el.named_children:
            ref = mod.top.dotted(el.named_children[0])  # ...installTools.handlers: that map's entries
            if ref:
                out[f"...{len(out)}"] = "r:" + ref
            continue
        pair = [c for c in el.named_children if c.type != "comment"] if el.type == "array" else []
        if len(pair) != 2:
            continue
        key = N.string_value(mod.data, N.unwrap(pair[0]))
        if key is None:
            ref = mod.top.dotted(pair[0])  # [TOOL_NAMES.INSTALL, handleInstall]: resolved when linking
            key = f"[ref:{ref}]" if ref else None
        val = mod._table_value(f"{name}.{key}", pair[1], 0) if key else None
        if val is not None:
            out[key] = val
    return out or None


def module_map(mod, name: str, node) -> None:
    """``const handlers = new Map([...])`` at module level: kept as the table ``name``."""
    out = map_table(mod, name, node)
    if out:
        mod.tables[name] = out
