"""A call on a receiver typed by a project base class or interface: every subclass's override
(issue 14, ts51b).

``target`` is ``<head>.<method>`` and the linker's single resolution found no function (the base's
method is abstract, or the head is an interface). The receiver's class is

- the head itself when it names a project class or interface (``Base.method``, an import of one);
- the annotated return class of a project function when the head names the function, as a value
  built by a factory is recorded (``const db: DatabaseAdapter = createDatabaseAdapter(kind)`` ->
  ``adapters#createDatabaseAdapter.getRowCount`` with ``createDatabaseAdapter(): DatabaseAdapter``);
- the declared class of a module-level variable (``let db: DatabaseAdapter``).

Each project class that extends or implements it (transitively, up to 16) and defines ``method``
is a target, bound to that class (a ``this.x()`` in it runs that class's ``x``). When some of
those classes are built somewhere in the project (``new PgAdapter()``: the modules'
``constructions``), the ones nothing builds are left out (rev52t): an older adapter kept in the
source that no factory returns any more runs for no tool. When none is built by name (a registry
of classes, ``new registry[kind]()``), all of them stay. Each override's
sinks are reported at their own lines with the caller's flow; its result is not merged into the
call's (the call's value stays what its arguments carry, as for an unresolved call): merged, the
alternatives' returns made one subclass's as-is path and another's rooted one a single rooted
flow (ts26b's stability-ai trial), turning capabilities into findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Set, Tuple

from .instancetools import bound

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

_MAX = 16


def subclass_targets(linker: "TsLinker", path: str, head: str, method: str) -> list:
    """The overrides of ``method`` in the project classes below the receiver's class."""
    found = receiver_class(linker, path, head)
    if found is None:
        return []
    w, built = found
    tail = (None, "sub") if built else ()
    out: list = []
    seen, todo = {w}, [w]
    while todo and len(seen) <= _MAX:
        for cpath, cls in linker.implementors.get(todo.pop(0), []):
            if (cpath, cls) in seen:
                continue
            seen.add((cpath, cls))
            todo.append((cpath, cls))
            fn = linker.modules[cpath].functions.get(f"{cls}.{method}")
            if fn is not None:  # (built: no tool hint, "sub": followed for its sinks, not its result)
                out.append(((cpath, cls), (*bound(linker, (cpath, fn, True), cpath, cls)[:3], *tail)))
    made = _constructed(linker)
    if any(c in made for c, _t in out):
        out = [(c, t) for c, t in out if c in made]
    return [t for _c, t in out][:_MAX]


def _constructed(linker: "TsLinker") -> Set[Tuple[str, str]]:
    """(module, class) of every project class a ``new`` expression of the project builds."""
    cache = linker.__dict__.get("_built_classes")
    if cache is None:
        cache = set()
        for mpath, mod in linker.modules.items():
            for d, _refs in getattr(mod, "constructions", ()):
                target, name = linker._module_ref(d) if "#" in d else (mpath, d)
                if target:
                    cache.add((target, name))
        linker.__dict__["_built_classes"] = cache
    return cache


def receiver_class(linker: "TsLinker", path: str, head: str) -> Optional[Tuple[Tuple[str, str], bool]]:
    """((module, class or interface) the receiver ``head`` of module ``path`` is typed by, whether
    that came from a factory's annotated return or a variable's type), or None."""
    mod = linker.modules[path]
    if not (head in mod.imports or "#" in head or head in mod.classes or head in mod.types):
        return None
    declared = mod.types.get(head) if head not in mod.imports and "#" not in head else None
    w = linker._where(path, declared.replace("()", "") if declared else head)
    if w is None or w[0] not in linker.modules:
        return None
    wmod = linker.modules[w[0]]
    made = wmod.types.get(w[1] + "()") if w[1] in wmod.functions else None
    if made:  # a factory: the class its annotation names
        w = linker._where(w[0], made)
        if w is None or w[0] not in linker.modules:
            return None
    return (w, bool(made or declared)) if w in linker.implementors else None


__all__: List[str] = ["receiver_class", "subclass_targets"]
