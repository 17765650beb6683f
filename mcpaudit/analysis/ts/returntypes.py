"""The class of the object a project method returns, so that a call on what it returned
reaches that class's methods: ``const c = await this.pool.getConnection(id)`` then
``c.executeCommand(cmd)``. A method returns the class its return type names (``Promise<Conn>``),
or the one project class every value it returns was built as (``new Conn(cfg)``), or read from a
field typed ``Map<string, Conn>`` / ``Record<string, Conn>`` (``this.map.get(id)``): a pool that
hands out a stored connection or a new one. The type is kept on the module as
``types["Cls.method()"]``; a call's type is then ``<receiver class>.method()`` (names.py), resolved
when linking (link.py). A module-level function is kept the same way (``types["make()"]``), so
that ``const c = make(url)`` gives an object of the class it returns (``factory_method``)."""

from __future__ import annotations

from typing import Optional

from . import nodes as N
from .factorydispatch import record_several
from .receiverorigin import record_library_return
from .returnedclients import relay_return

#: generic containers whose last type argument is the type of the values they hold
_CONTAINERS = frozenset({"Map", "Record", "WeakMap"})


def project_class(mod, tp: Optional[str]) -> Optional[str]:
    """``tp`` when it names a class of the project (imported from a project module, or of this
    module), else None."""
    tp = (tp or "").replace("()", "")
    return tp if tp and ("#" in tp or tp in mod.class_names) else None


def record_method_return(mod, qual: str, fa, node) -> None:
    """Keep the class the method ``qual`` returns, when its return type names a project class
    or every value it returns is of one (see the module docstring)."""
    rt = node.child_by_field_name("return_type")
    declared = mod.top.resolve_type(N.type_name(mod.data, rt) or "") if rt is not None else None
    tp = project_class(mod, declared)
    record_library_return(mod, qual, fa, declared)  # nano's DocumentScope: receiverorigin.py
    if not declared:
        relay_return(mod, qual, fa)  # return repoGit(dir): another project function's client (returnedclients.py)
    if tp is None:
        found = {project_class(mod, t) for t in fa.returned_types}
        tp = next(iter(found)) if len(found) == 1 else None
        record_several(mod, qual, found)  # one of several modules' exports (factorydispatch.py)
    if tp is not None:
        mod.types[qual + "()"] = tp


def map_value_field(mod, cname: str, fname: str, ann) -> None:
    """``private conns: Map<string, Conn>``: the class of the values the field holds, kept as
    the field ``conns[]`` (what ``this.conns.get(k)`` gives)."""
    args = None
    stack = [ann]
    while stack and args is None:
        n = stack.pop(0)
        if n.type == "generic_type":
            name = n.child_by_field_name("name")
            if name is not None and N.text(mod.data, name) in _CONTAINERS:
                args = next((c for c in n.named_children if c.type == "type_arguments"), None)
                if N.text(mod.data, name) in mod.M.keyed_containers:
                    # the container itself, where nothing else names the field's type (keyedmaps.py)
                    mod.field_types.setdefault((cname, fname), N.text(mod.data, name))
                break
        stack.extend(n.named_children)
    kinds = [c for c in args.named_children if c.type != "comment"] if args is not None else []
    if len(kinds) == 2:
        tp = project_class(mod, mod.top.resolve_type(N.type_name(mod.data, kinds[1]) or ""))
        if tp is not None:
            mod.field_types[(cname, fname + "[]")] = tp


def factory_method(linker, path: str, head: str, rest: str, depth: int):
    """``const c = createClient(url); c.upload(f)``: the call target ``createClient.upload``
    when ``head`` is a function of module ``path`` that returns one project class (its return
    type, or every ``return new``, recorded as ``types["createClient()"]``): that class's
    method ``rest``; or the function at ``rest`` of the object it returns; or None."""
    mod = linker.modules[path]
    made = mod.types.get(head + "()") if head in mod.functions else None
    if made and made in mod.classes:
        return linker._method(path, made, rest, depth + 1)
    if made and "#" in made:  # a class the function's module imports
        return linker.resolve(path, None, f"{made}.{rest}", depth + 1)
    if head in mod.functions and f"{head}()" in mod.tables:
        # const { check } = makeContext(cfg): the function the returned object holds (imported.py)
        val = linker.table_value(path, f"{head}()", rest)
        return linker._value_function(path, val, depth) if val else None
    return None


__all__ = ["factory_method", "map_value_field", "project_class", "record_method_return"]


def inherited_field(fn, fq: Optional[str]) -> bool:
    """``this.client.uploadFile(...)`` in a class whose base class is another module's, with no
    type for ``client`` here: a field the base class declares (``constructor(protected client:
    Wrapper)``), whose class the base's module keeps (``records.FIELD``), resolved when linking."""
    if not fq or not fq.startswith("this.") or fq.count(".") != 2 or not fn.cls:
        return False
    base = fn.mod.classes.get(fn.cls) or ""
    return "#" in base and fn.mod.field_type(fn.cls, fq.split(".")[1]) is None
