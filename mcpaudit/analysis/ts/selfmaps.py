"""A name-to-function map an object keeps in a field, for a low-level dispatch (issue 14, ts53a).

A low-level server written as a class often keeps its tools as a map from tool name to an
imported handler function, filled in its constructor (or a setup method) and indexed by the
requested tool's name in its call-tool handler:

    this.handlersMap = { git_search_code: handleGitSearchCode, git_commit: handleGitCommit };
    ...
    const handler = this.handlersMap[name];
    return await handler(args);

The interpreter records that call as ``this.handlersMap[*]`` (:meth:`.calls.Calls.call_targets`);
the linker runs every entry of the table so named, each as the tool its key names, with the
caller's arguments at its first parameter (:meth:`.link.TsLinker._dispatch`). This module keeps
the object literal as that table of the module (``this.<field>``, the name a ``Map`` the object
fills with ``set`` is kept under too: :meth:`.calls.Calls.map_entry`). Only the entries whose
value names a function (an identifier or a member path: ``handleX``, ``handlers.x``) are kept;
inline functions are analysed where they are written, not here.
"""

from __future__ import annotations

from . import nodes as N


def field_map(mod, parts, right) -> None:
    """``this.<field> = { key: fn, ... }`` in a method of a class: the entries naming functions,
    kept as the module's table ``this.<field>`` (when none is kept under that name yet)."""
    u = N.unwrap(right)
    if not parts or len(parts) != 2 or parts[0] != "this" or u is None or u.type != "object":
        return
    name = f"this.{parts[1]}"
    if name in mod.tables:
        return
    out = {}
    for key, v in N.object_props(mod.data, u).items():
        vu = N.unwrap(v)
        if vu is None or vu.type not in ("identifier", "member_expression", "shorthand_property_identifier"):
            continue
        d = mod.top.dotted(vu) if vu.type != "shorthand_property_identifier" else (
            mod.aliases.get(N.text(mod.data, vu)) or mod.imports.get(N.text(mod.data, vu)) or N.text(mod.data, vu))
        if d and mod.top.const_of(vu) is None:
            out[key] = "r:" + d
    if len(out) >= 2:  # a map of handlers, not one reference
        mod.tables[name] = out


__all__ = ["field_map"]
