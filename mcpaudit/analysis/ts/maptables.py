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


def module_map(mod, name: str, node) -> None:
    """``const handlers = new Map([[key, value], ...spread])`` at module level: its entries kept
    as the table ``name``."""
    u = N.unwrap(node)
    if u is None or u.type != "new_expression":
        return
    ctor = u.child_by_field_name("constructor")
    args = N.args_of(u)
    arr = N.unwrap(args[0]) if len(args) == 1 else None
    if ctor is None or N.text(mod.data, ctor) != "Map" or arr is None or arr.type != "array":
        return
    out: Dict[str, str] = {}
    for el in arr.named_children:
        if el.type == "spread_element" and el.named_children:
            spread_entry(mod, out, el)  # ...installTools.handlers: that map's entries
            continue
        pair = [c for c in el.named_children if c.type != "comment"] if el.type == "array" else []
        if len(pair) != 2:
            continue
        # [TOOL_NAMES.INSTALL, handleInstall]: a reference resolved when linking
        key = N.string_value(mod.data, N.unwrap(pair[0]))
        key = ref_key(mod, pair[0]) if key is None else key
        val = mod._table_value(f"{name}.{key}", pair[1], 0) if key else None
        if val is not None:
            out[key] = val
    if out:
        mod.tables[name] = out


def spread_entry(mod, out: Dict[str, str], spread) -> None:
    """``...other`` (a ``spread_element`` with a child) among a table's entries: the other
    table's entries, kept as the ``...<n>`` entry the linker follows."""
    d = mod.top.dotted(spread.named_children[0])
    if d:
        out[f"...{len(out)}"] = "r:" + d


def ref_key(mod, node) -> Optional[str]:
    """The key ``[ref:<name>]`` for a computed key naming a constant elsewhere (resolved when
    linking), or None when ``node`` names nothing."""
    d = mod.top.dotted(node)
    return f"[ref:{d}]" if d else None
