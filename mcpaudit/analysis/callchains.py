"""Receivers of calls written as chains (:mod:`mcpaudit.analysis.resolution`): ``self.m()``
found in a base class of the module, and a project function whose annotated result starts an
attribute chain (``get_runtime().reads.files.execute(x)``); for the linker, a method of the
class a chain of annotated factories returns (:func:`factory_chain`)."""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst


def own_method(res, name: str) -> str:
    """``Class.name`` of ``self.name``: the class's own method, or the nearest base class of
    this module that defines one (``self._open()`` of a shared workflow base)."""
    todo, seen = [res.cls], set()
    while todo:
        c = todo.pop(0)
        if f"{c}.{name}" in res.mod.return_types or name in res.mod.class_methods.get(c, ()):
            return f"{c}.{name}"
        seen.add(c)
        todo.extend(b for b in res.mod.class_bases.get(c, ()) if b not in seen)
    return f"{res.cls}.{name}"


def project_function(res, func) -> Optional[str]:
    """``get_runtime`` of ``get_runtime().reads``: a function of the project called by its
    dotted name, whose annotated result the linker knows (``factory.attr.method``)."""
    if not isinstance(func, (cst.Name, cst.Attribute)):
        return None
    f = res.mod.dotted(func) or ""
    if f.startswith("self.") or not f or f in res.types:
        return None
    return f if res._is_project_type(f) or _maybe(res.mod, f) else None


def _maybe(mod, t: str) -> bool:
    """:func:`mcpaudit.analysis.resolution.maybe_project_class` (imported late: that module imports this one)."""
    from .resolution import maybe_project_class
    return maybe_project_class(mod, t)


def factory_chain(linker, mpath: str, tmod, parts, cut: int, depth: int):
    """The linker's target of ``make_runner().run`` and ``Registry.get_tool(name).run`` (a method
    of the class the factory's, or the class's factory method's, annotation names), and of
    ``get_manager().get_device(serial).read`` (the class the manager's own annotated method
    returns, ``-> Device | None``); None when the chain is not one of these."""
    factory = tmod.functions.get(".".join(parts[cut:-1]))
    if factory is not None and factory.return_type and len(parts) in (cut + 2, cut + 3):
        return linker.resolve(mpath, None, f"{factory.return_type}.{parts[-1]}", depth + 1)
    first = tmod.functions.get(parts[cut])
    if first is None or first.cls is not None or not first.return_type or len(parts) != cut + 3:
        return None
    hit = linker.resolve(mpath, None, f"{first.return_type}.{parts[cut + 1]}", depth + 1)
    if hit is None or not hit[1].return_type:
        return None
    return linker.resolve(hit[0], None, f"{hit[1].return_type}.{parts[-1]}", depth + 1)
