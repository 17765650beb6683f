"""Tool classes whose instances, not the classes, other modules import (issue 14, ts53a).

Tool discovery by class (:meth:`.toolmaps.PickedTools.constructed_definitions`) takes the project
classes with a constant name and the dispatched method that another module imports: a class no
module imports is not handed to the registry (:mod:`.livetools`). Many servers build each tool's
one instance beside its class and export that instead:

    export class NavigateTool extends BaseTool { name = "puppeteer_navigate"; ... }
    export const navigateTool = new NavigateTool();
    // tools/index.ts
    import { navigateTool } from "./navigate";
    toolRegistry.register(navigateTool);

An imported module-level instance (``key#navigateTool`` whose module types the name by its own
class) counts as an import of that class (``key#NavigateTool``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Set

from .module import module_key

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker


def instance_classes(linker: "TsLinker", imported: Set[str]) -> Set[str]:
    """``key#<class>`` for every ``key#<name>`` of ``imported`` that names a module-level
    instance of a class of that module."""
    by_key = linker.__dict__.get("_modules_by_key")
    if by_key is None:
        by_key = linker.__dict__["_modules_by_key"] = {module_key(p): p for p in linker.modules}
    out: Set[str] = set()
    for v in imported:
        key, _, name = v.partition("#")
        path = by_key.get(key)
        mod = linker.modules.get(path) if path else None
        if mod is None or not name or "." in name:
            continue
        tp = (mod.types.get(name) or "").replace("()", "")
        if tp and tp != name and tp in mod.classes:
            out.add(f"{key}#{tp}")
    return out


__all__ = ["instance_classes"]
