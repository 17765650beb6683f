"""Objects kept as attributes of a module-level object: ``mcp.client = Client()``.

A server module often builds its MCP server and then hangs its helpers on it::

    mcp = FastMCP("storage")
    mcp.client = StorageClient()
    register_file_tools(mcp)

and the tools, in the same module or nested in a registering function of another one, call
``mcp.client.upload(path)``. The attribute holds an object of ``StorageClient`` wherever the
server object goes, so the call lands in that class's method:

* :func:`collect_object_attrs` (module analysis) records, for every module-level ``NAME.attr =
  Class(...)`` (or ``= obj`` of a module-level object whose class is known) on a module-level
  object ``NAME``, ``"NAME.attr" -> Class`` (dotted as the module imports it;
  ``ModuleSummary.object_attr_types``);
* :func:`object_attr_type` (function analysis) gives ``NAME.attr``'s class in that module;
* :func:`free_attr_target` (function analysis) records ``srv.attr.method(...)`` where ``srv`` is a
  variable of an enclosing function (a registering function's server parameter) or an imported
  object, as a call of ``srv.attr.method`` (``pkg.server.mcp.attr.method``) for the linker;
* :func:`object_attr_made` (linker) resolves it: the class the server objects handed to that
  parameter keep in ``attr`` (``registrars.registering_params``), or the imported module's own
  record (:meth:`Hierarchy.attr_target`).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .boundtools import _registering as bound_registering
from .guards import assigned_names_in
from .heldobjects import held_type


def collect_object_attrs(mod, body) -> None:
    """``NAME.attr = Class(...)`` at module level, ``NAME`` a module-level object."""
    for stmt in body:
        if not isinstance(stmt, (cst.Assign, cst.AnnAssign)) or stmt.value is None:
            continue
        targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]
        call = N.constructed(stmt.value)
        fq = mod.dotted(call.func) if call is not None else None
        if fq is None and isinstance(stmt.value, cst.Name):  # mcp.client = client, client = Client()
            fq = mod.module_types.get(stmt.value.value)
        if not fq or mod.M.surface.server_kind(fq.replace("()", "")):
            continue
        for t in targets:
            if isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and _module_object(mod, t.value.value):
                mod.object_attr_types.setdefault(f"{t.value.value}.{t.attr.value}", fq.replace("()", ""))


def _module_object(mod, name: str) -> bool:
    return name in mod.instances or name in mod.module_types


def object_attr_type(fa, node) -> Optional[str]:
    """The class of ``NAME.attr`` kept on a module-level object of this module (None when the
    function binds ``NAME`` itself)."""
    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name)):
        return None
    name = node.value.value
    held = held_type(fa, name, f"{name}.{node.attr.value}")  # processor.current_document: heldobjects.py
    if held or _bound(fa, name):
        return held
    return fa.mod.object_attr_types.get(f"{name}.{node.attr.value}")


def _bound(fa, name: str) -> bool:
    """Whether the function binds ``name`` itself (a parameter, an assignment, a known local)."""
    if name in fa.types or name in fa.local_values or any(p.name == name for p in fa.params):
        return True
    return fa.fn is not None and name in assigned_names_in(fa.mod, fa.fn)


def free_attr_target(fa, func) -> Optional[str]:
    """``srv.attr.method`` for a call ``srv.attr.method(...)`` in a nested function registered on
    ``srv`` (``@srv.tool()``), a variable of an enclosing function, or ``pkg.mod.srv.attr.method`` where ``srv`` is an
    imported object: the target the linker resolves (None otherwise)."""
    if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Attribute):
        return None
    recv = func.value
    if not isinstance(recv.value, cst.Name):
        return None
    name = recv.value.value
    mod = fa.mod
    if name in ("self", "cls") or _bound(fa, name) or name in mod.local_classes:
        return None
    tail = f"{recv.attr.value}.{func.attr.value}"
    if name in mod.imports:  # from .server import mcp (a module of this package, not a library)
        head = mod.imports[name]
        own = head.startswith(".") or head.split(".")[0] in mod.path_parts and head.split(".")[0] not in ("src", "lib", "app")
        return f"{head}.{tail}" if own and "." in head.lstrip(".") else None
    if "." not in fa.qualname or _module_object(mod, name) or name in getattr(mod, "top_names", ()) \
            or not _registered_on(fa.fn, name):
        return None
    return f"{name}.{tail}"


def _registered_on(fn, name: str) -> bool:
    """Whether a decorator of ``fn`` is a method of ``name`` (``@mcp.tool()``: the tool is
    registered on the object whose attribute it calls)."""
    for d in getattr(fn, "decorators", ()):
        node = d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator
        while isinstance(node, cst.Attribute):
            node = node.value
        if isinstance(node, cst.Name) and node.value == name and node is not d.decorator:
            return True
    return False


def object_attr_made(linker, path: str, caller, target: str) -> List[Tuple[str, str]]:
    """(module, ``Class.method``) for ``srv.attr.method`` called in a function nested in one whose
    parameter ``srv`` some call hands a server object: the classes the project's server objects
    keep in ``attr`` (module-level ``mcp.attr = Class()``), one per module that sets one."""
    parts = target.split(".")
    if caller is None or len(parts) != 3 or "." not in caller.qualname:
        return []
    out = []
    for mpath in sorted(linker.modules):
        m = linker.modules[mpath]
        for key, cls in getattr(m, "object_attr_types", {}).items():
            head, _, attr = key.partition(".")
            if attr == parts[1] and head in m.instances:
                out.append((mpath, f"{cls}.{parts[2]}"))
    if not out or linker.__dict__.get("_objattr_busy"):
        return []  # registering_params resolves calls itself: not while it runs
    linker.__dict__["_objattr_busy"] = True
    try:
        registering = bound_registering(linker)
    finally:
        linker.__dict__["_objattr_busy"] = False
    outer = caller.qualname.split(".")[:-1]
    if not any((path, ".".join(outer[:i]), parts[0]) in registering for i in range(len(outer), 0, -1)):
        return []
    return out
