"""Objects reached through a dict subscript with a constant key.

A server that builds its back ends once and hands them out in a dict (``COMPONENTS =
{"operations": FileOperations(validator)}``, or a function returning such a dict, cached or not:
``def get_components(): ... return {"operations": operations, ...}`` with ``operations =
FileOperations(validator)`` before it) calls their methods through a subscript with a constant
key: ``get_components()["operations"].move(src, dst)``, ``components = get_components();
components["operations"].move(src, dst)``. The class of such a receiver is the class the dict
literal maps the key to: a constructor call in place, or a name the same function bound to one.

:func:`collect_keyed_types` reads the module's dict literals and the dicts its functions return
before any function is analysed; :func:`keyed_type` answers for a subscript in a function body.
"""

from __future__ import annotations

from typing import Dict, Optional

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body


def collect_keyed_types(mod, body) -> None:
    """``NAME = {"k": Cls(...)}`` at module level (``mod.keyed_types``) and the dict literal a
    module function or a method returns (``mod.return_keyed``, keyed ``f`` or ``Class.m``)."""
    for stmt in body:
        if isinstance(stmt, (cst.Assign, cst.AnnAssign)) and isinstance(stmt.value, cst.Dict):
            entries = _entries(mod, stmt.value, {})
            targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]
            for t in targets:
                if entries and isinstance(t, cst.Name):
                    mod.keyed_types[t.value] = entries
    for stmt in body:
        if isinstance(stmt, cst.FunctionDef):
            _note_return(mod, stmt, stmt.name.value)
        elif isinstance(stmt, cst.ClassDef):
            for inner in flat_body(stmt.body):
                if isinstance(inner, cst.FunctionDef):
                    _note_return(mod, inner, f"{stmt.name.value}.{inner.name.value}")


def _note_return(mod, fn: cst.FunctionDef, key: str) -> None:
    entries = returned_entries(mod, fn)
    if entries:
        mod.return_keyed[key] = entries


def returned_entries(mod, fn: cst.FunctionDef) -> Dict[str, str]:
    """The key -> class entries of the dict literals ``fn`` returns (directly, through a local
    name bound to one, or a module-level one); keys two returns map to different classes are
    left out, as are returns of anything else (a cache the function filled from the same dict)."""
    ctors: Dict[str, str] = {}
    dicts: Dict[str, cst.Dict] = {}
    out: Dict[str, str] = {}
    clash = set()
    for stmt in N.own_stmts(flat_body(fn.body)):
        if isinstance(stmt, (cst.Assign, cst.AnnAssign)) and stmt.value is not None:
            targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]
            for t in targets:
                if not isinstance(t, cst.Name):
                    continue
                call = N.constructed(stmt.value)
                fq = mod.dotted(call.func) if call is not None else None
                _bind(ctors, t.value, fq)
                _bind(dicts, t.value, stmt.value if isinstance(stmt.value, cst.Dict) else None)
        elif isinstance(stmt, cst.Return) and stmt.value is not None:
            v = stmt.value
            if isinstance(v, cst.Name) and v.value in dicts:
                found = _entries(mod, dicts[v.value], ctors)
            elif isinstance(v, cst.Dict):
                found = _entries(mod, v, ctors)
            else:
                found = mod.keyed_types.get(v.value, {}) if isinstance(v, cst.Name) else {}
            for k, cls in found.items():
                if out.setdefault(k, cls) != cls:
                    clash.add(k)
    return {k: v for k, v in out.items() if k not in clash}


def _bind(table: dict, name: str, value) -> None:
    if value is None:
        table.pop(name, None)
    else:
        table[name] = value


def _entries(mod, value: cst.Dict, ctors: Dict[str, str]) -> Dict[str, str]:
    """Constant key -> the class of the value: a constructor call, or a name bound to one."""
    out: Dict[str, str] = {}
    for e in value.elements:
        if not isinstance(e, cst.DictElement):
            continue
        key = N.string_value(e.key)
        if key is None:
            continue
        call = N.constructed(e.value)
        fq = mod.dotted(call.func) if call is not None else (
            ctors.get(e.value.value) if isinstance(e.value, cst.Name) else None)
        if fq and _class_like(fq):
            out[key] = fq
    return out


def _class_like(fq: str) -> bool:
    """A dotted name whose last part is a class name (PEP 8 CapWords), not a factory function."""
    last = fq.split(".")[-1]
    return last[:1].isupper() and not last.isupper()


def keyed_type(fa, node: cst.Subscript) -> Optional[str]:
    """The class of ``D["k"]`` where ``D`` is a dict literal of this function (or of the one it is
    nested in, or of the module), or the call of a function returning one, or a name bound to
    that call."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    key = N.string_value(node.slice[0].slice.value)
    if key is None:
        return None
    base = node.value
    if isinstance(base, cst.Name):
        value = fa.local_values.get(base.value) or (
            fa.outer_values.get(base.value) if base.value not in fa.env else None)
        if value is None:
            return fa.mod.keyed_types.get(base.value, {}).get(key) if base.value not in fa.env else None
        base = value
    if isinstance(base, cst.Await):
        base = base.expression
    if isinstance(base, cst.Dict):
        return _local_entry(fa, base, key)
    if isinstance(base, cst.Call):
        f = fa.mod.dotted(base.func) or ""
        if f.startswith("self.") and fa.cls is not None:
            f = f"{fa.cls}.{f[5:]}"
        return fa.mod.return_keyed.get(f, {}).get(key)
    return None


def _local_entry(fa, value: cst.Dict, key: str) -> Optional[str]:
    for e in value.elements:
        if isinstance(e, cst.DictElement) and N.string_value(e.key) == key:
            call = N.constructed(e.value)
            if call is not None:
                fq = fa.mod.dotted(call.func, fa.types)
                return fq if fq and _class_like(fq) else None
            if isinstance(e.value, cst.Name):
                return fa.types.get(e.value.value)
    return None
