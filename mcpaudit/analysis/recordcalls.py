"""Calls of a callable field of a project record: ``tool_info.execute(arguments)``.

A registry of tool records (``ToolInfo(name="browser_x", input_schema={...}, execute=self._x)``,
a dataclass whose ``execute`` field holds the tool's function) is called by the low-level
``call_tool`` as ``self.tools[name].execute(arguments)``: the call lands in every method the
project stores in that field of that class's records. Module side, :func:`record_methods`: each
``Class(field=self.method)`` call written in a method of a class of the module (the class
capitalised, the method one of the enclosing class's). Linker side, :func:`record_targets`: a
call ``Class.field`` that is no method of the class lands in those methods (bound: ``self`` is
the record's owner).
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from .cstnodes import find_all
from .positions import flat_body
from .recordfns import record_call
from .storedfns import stored_targets

#: ``field=self.name`` closed by ``,`` or ``)``: a keyword argument that is a bound method
_BOUND = re.compile(r"\w\s*=\s*self\.(\w+)\s*[,)]")
_MAX = 64


def record_methods(mod) -> List[Tuple[str, str, str, Optional[str]]]:
    """``(class dotted, field, Class.method, literal name or None)`` per ``Record(field=self.m)``."""
    out: List[Tuple[str, str, str, Optional[str]]] = []
    if "self." not in mod.text or not _BOUND.search(mod.text):
        return out
    for cls in (s for s in flat_body(mod.module) if isinstance(s, cst.ClassDef)):
        methods = {s.name.value for s in flat_body(cls.body) if isinstance(s, cst.FunctionDef)}
        for fn in (s for s in flat_body(cls.body) if isinstance(s, cst.FunctionDef)):
            for call in find_all(fn, cst.Call):
                rec, kws, name = record_call(mod, call)
                for field, v in kws.items():
                    if isinstance(v, cst.Attribute) and isinstance(v.value, cst.Name) and v.value.value == "self" \
                            and v.attr.value in methods:
                        out.append((rec, field, f"{cls.name.value}.{v.attr.value}", name))
    return out


def record_targets(linker, path: str, target: str) -> list:
    """The methods a call ``Class.field`` lands in when ``field`` is no method of the project
    class but a field its records fill with methods (``(path, summary, True)`` each)."""
    cls_name, _, field = target.rpartition(".")
    ref = linker.class_ref(path, cls_name) if cls_name and field else None
    if ref is None or f"{ref[1]}.{field}" in linker.modules[ref[0]].functions:
        return []
    out = []
    for rpath, rec, qualname in _by_field(linker).get(field, ()):
        fn = linker.modules[rpath].functions.get(qualname)
        if fn is not None and len(out) < _MAX and linker.class_ref(rpath, rec) == ref:
            out.append((rpath, fn, True))
    return out + stored_targets(linker, path, target)  # functions a registry was handed (storedfns.py)


def _by_field(linker) -> Dict[str, List[Tuple[str, str, str]]]:
    """Field -> ``(path, class dotted, Class.method)`` of every ``Record(field=self.m)`` of the
    project, in module path order then the module's own: what :func:`record_targets` walked over
    every module for at each call (the linker's modules are fixed once it is built)."""
    found = linker.__dict__.get("_record_fields")
    if found is None:
        found = linker.__dict__["_record_fields"] = {}
        for rpath in sorted(linker.modules):
            for rec, f, qualname, _name in getattr(linker.modules[rpath], "record_methods", ()):
                found.setdefault(f, []).append((rpath, rec, qualname))
    return found


__all__ = ["record_methods", "record_targets"]
