"""Tool definitions pushed into a registry list at module level, for the linker.

``export const toolRegistry: UnifiedTool[] = []`` in one module and, in another,
``toolRegistry.push(askTool, pingTool, ...)``: the list is empty where it is declared and filled
where the tools are imported. Each module-level ``<list>.push(...)`` is kept as a list of its
own module (``<list>.push@<offset>``, its arguments as elements, a spread as the list it names)
with the list it fills (:func:`record_push`); the linker counts those elements as the target
list's (:func:`pushed_elements`), so a loop over the list or a call-tool handler picking from it
by name (``toolRegistry.find((t) => t.name === name).execute(args)``) sees the tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Tuple

from . import nodes as N

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker


def record_push(mod, stmt) -> None:
    """``X.push(a, b, ...)`` as a module-level statement (``mod``: the TsModule)."""
    e = N.unwrap(stmt.named_children[0]) if stmt.named_children else None
    if e is None or e.type != "call_expression":
        return
    fn = e.child_by_field_name("function")
    if fn is None or fn.type != "member_expression" or N.text(mod.data, fn.child_by_field_name("property")) != "push":
        return
    recv = N.unwrap(fn.child_by_field_name("object"))
    target = mod.top.dotted(recv) if recv is not None and recv.type in ("identifier", "member_expression") else None
    args = e.child_by_field_name("arguments")
    if not target or args is None:
        return
    name = f"{target}.push@{e.start_byte}"
    mod.array(name, args)
    if mod.arrays.get(name):
        mod.pushed[name] = target


def pushed_elements(linker: "TsLinker", path: str, name: str) -> List[Tuple[str, str]]:
    """(module, list name) of the lists pushed into the list ``name`` of module ``path``."""
    index: Dict[Tuple[str, str], List[Tuple[str, str]]] = linker.__dict__.get("_pushed")  # type: ignore[assignment]
    if index is None:
        index = {}
        for mpath in sorted(linker.modules):
            for arr, target in sorted(getattr(linker.modules[mpath], "pushed", {}).items()):
                hit = linker.lookup(mpath, target)
                if hit is not None and hit[1].startswith("a:"):
                    index.setdefault((hit[0], hit[1][2:]), []).append((mpath, arr))
        linker.__dict__["_pushed"] = index
    return index.get((path, name), [])
