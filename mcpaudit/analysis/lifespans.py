"""The object a server's lifespan yields, as tools read it through ``lifespan_context``.

``mcp = FastMCP("x", lifespan=app_lifespan)`` with ``@asynccontextmanager async def
app_lifespan(server) -> AsyncIterator[AppContext]: ... yield AppContext(crawler=crawler,
extractor=extractor)``: in a tool, ``ctx.request_context.lifespan_context`` is that ``AppContext``
and ``.crawler`` the field's object. A field declared ``Any`` (``extractor: Optional[Any] =
None``) holds what the lifespan built for it: the class of the constructor call handed to the
field, directly or through a local the lifespan assigned from one class only (``extractor =
Extractor(uri)``; ``None`` in a failure branch changes nothing).

A tool's context parameter annotated with the lifespan type (``ctx: Context[ServerSession,
AppState]``, the SDK's generic ``Context[SessionT, LifespanContextT]``) says the same wherever the
lifespan is built (a nested function of a factory, another module): :func:`context_lifespan`.

Module side only: the lifespan function and the tools reading its context are in the module that
builds the server (:func:`note_lifespan`, run once the module's classes are collected);
:func:`lifespan_type` answers for an expression ``<x>.lifespan_context``.
"""

from __future__ import annotations

from typing import Dict, Optional, Set

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body


def lifespan_type(mod, node) -> Optional[str]:
    """The project class ``<x>.request_context.lifespan_context`` (or ``<x>.lifespan_context``)
    holds in this module, or None."""
    if isinstance(node, cst.Attribute) and node.attr.value == "lifespan_context":
        return getattr(mod, "lifespan_class", None)
    return None


def context_lifespan(mod, ann, name: str, types: Dict[str, str]) -> None:
    """A context parameter ``name`` annotated ``Context[ServerSession, AppState]`` (the generic's
    second argument a project class): ``name.request_context.lifespan_context`` (and
    ``name.lifespan_context``) hold an ``AppState`` in ``types``."""
    node = ann.annotation if ann is not None else None
    if not isinstance(node, cst.Subscript) or not (mod.dotted(node.value) or "").endswith("Context"):
        return
    inner = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
    if len(inner) < 2 or not isinstance(inner[1], (cst.Name, cst.Attribute)):
        return
    t = mod.dotted(inner[1]) or ""
    if t in mod.local_classes:
        types[f"{name}.request_context.lifespan_context"] = t
        types[f"{name}.lifespan_context"] = t


def note_lifespan(mod, body) -> None:
    """Find the module's server constructor with ``lifespan=<function of this module>`` and record
    the class its yield builds (``mod.lifespan_class``) with the classes of its untyped fields."""
    functions = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef)}
    for stmt in body:
        for call in N.find_all(stmt, cst.Call) if isinstance(stmt, (cst.Assign, cst.AnnAssign, cst.Expr)) else ():
            fn = next((functions.get(a.value.value) for a in call.args if a.keyword is not None
                       and a.keyword.value == "lifespan" and isinstance(a.value, cst.Name)), None)
            if fn is None or not mod.M.surface.server_kind(mod.dotted(call.func) or ""):
                continue
            cls = _yielded_class(mod, fn)
            if cls:
                mod.lifespan_class = cls
                return


def _yielded_class(mod, fn: cst.FunctionDef) -> Optional[str]:
    made = _local_classes(mod, fn)
    for y in N.find_all(fn, cst.Yield):
        value = y.value
        if isinstance(value, cst.Name) and len(made.get(value.value, ())) == 1:
            return next(iter(made[value.value]))
        if isinstance(value, cst.Call):
            cls = mod.dotted(value.func) or ""
            if cls in mod.local_classes:
                _field_classes(mod, cls, value, made)
                return cls
    return None


def _local_classes(mod, fn: cst.FunctionDef) -> Dict[str, Set[str]]:
    """Locals of the lifespan and the classes of the calls assigned to them (``None`` and other
    plain values are ignored: the field holds the object whenever it holds one)."""
    out: Dict[str, Set[str]] = {}
    for s in N.walk_stmts(flat_body(fn.body)):
        if isinstance(s, cst.Try):
            for h in s.handlers:
                _local_classes_in(mod, flat_body(h.body), out)
        _local_classes_in(mod, [s], out)
    return out


def _local_classes_in(mod, stmts, out: Dict[str, Set[str]]) -> None:
    for s in stmts:
        if not isinstance(s, cst.Assign):
            continue
        call = N.constructed(s.value)
        fq = mod.dotted(call.func) if call is not None else None
        for t in s.targets:
            if fq and isinstance(t.target, cst.Name):
                out.setdefault(t.target.value, set()).add(fq)


def _field_classes(mod, cls: str, call: cst.Call, made: Dict[str, Set[str]]) -> None:
    """``AppContext(extractor=extractor)``: a field the class does not type (``Any``) holds the
    class the lifespan built for it."""
    attrs = mod.class_attr_types.setdefault(cls, {})
    for a in call.args:
        if a.keyword is None:
            continue
        key = f"self.{a.keyword.value}"
        if key in attrs:
            continue
        value = N.constructed(a.value)
        fq = mod.dotted(value.func) if value is not None else None
        if fq is None and isinstance(a.value, cst.Name) and len(made.get(a.value.value, ())) == 1:
            fq = next(iter(made[a.value.value]))
        if fq:
            attrs[key] = fq
