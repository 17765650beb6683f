"""Members of an imported class that the code hands on as values of that class (issue 12).

``_scan(ScanTypeOption.SECRET)`` with ``def _scan(scan_type: ScanTypeOption)``: the class is
imported from a module outside the scanned tree, so the scan cannot see that it is an ``Enum``,
but a class attribute passed for a parameter whose declared type is that very class is an
instance of it: an enum member (or a singleton), i.e. a name, not a credential. A credential a
class keeps (``Config.SECRET_KEY``) is a string, passed for a ``str`` parameter or logged as is.
:func:`member_name` reads ``Cls.MEMBER`` as a name when ``Cls`` is one of the module's Enums
(defined or imported from the project, as before), or when some call in the module passes
``Cls.MEMBER`` (positionally or by keyword) to a function of the module whose parameter there is
annotated ``Cls`` (alone, or inside ``Optional[...]`` / ``Cls | None``).
"""

from __future__ import annotations

from typing import Dict, List, Set, Tuple

from ..lazycst import cst

from .cstnodes import find_all, named_params


def _annotated(param: cst.Param) -> Set[str]:
    if param.annotation is None:
        return set()
    return {n.value for n in find_all(param.annotation.annotation, cst.Name)}


def _typed_members(mod) -> frozenset:
    """(class, member) pairs some call passes for a parameter annotated with the class."""
    found = mod.__dict__.get("_member_types")
    if found is not None:
        return found
    defs: Dict[str, List[cst.Param]] = {}
    for fn in find_all(mod.module, cst.FunctionDef):
        defs.setdefault(fn.name.value, named_params(fn))
    pairs: Set[Tuple[str, str]] = set()
    for call in find_all(mod.module, cst.Call):
        callee = call.func.value if isinstance(call.func, cst.Name) else (
            call.func.attr.value if isinstance(call.func, cst.Attribute) else None)
        params = defs.get(callee) if callee else None
        if not params:
            continue
        if params[0].name.value in ("self", "cls") and isinstance(call.func, cst.Attribute):
            params = params[1:]
        by_name = {p.name.value: p for p in params}
        for i, a in enumerate(call.args):
            v = a.value
            if a.star or not (isinstance(v, cst.Attribute) and isinstance(v.value, cst.Name)):
                continue
            p = by_name.get(a.keyword.value) if a.keyword is not None else (params[i] if i < len(params) else None)
            if p is not None and v.value.value in _annotated(p):
                pairs.add((v.value.value, v.attr.value))
    found = frozenset(pairs)
    mod.__dict__["_member_types"] = found
    return found


def member_name(mod, node: cst.Attribute) -> bool:
    """``Cls.MEMBER`` is a member of a class used as a type of values (see the module docstring)."""
    head = node.value
    if not isinstance(head, cst.Name):
        return False
    if head.value in mod.enums:
        return True
    return (head.value, node.attr.value) in _typed_members(mod)


__all__ = ["member_name"]
