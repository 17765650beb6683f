"""Functions passed as arguments and called through the parameter that receives them (Python).

``register_incident_tools(mcp, make_request=make_authenticated_request)`` hands a request
function (often a closure of the server factory, holding the client and its credential) to a
helper whose nested tools call it: ``await make_request("GET", f"/v1/incidents/{id}")``. The
callee is the helper's parameter, which no name resolution reaches. The interpreter records, for
each call, the arguments that name a function (a closure of the calling function, a function of
the module or an imported one: :attr:`CallRec.fn_refs`); the linker resolves a call of an
enclosing function's parameter (a closure: the tools a registering helper defines) to every
function some call of that function passes there, whoever the caller is (flow-insensitive, as
the TypeScript side does for closures: :mod:`.ts.passed`). A call of the function's own
parameter is left alone: a generic helper running whatever worker it is handed would mix the
workers of all its callers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

from ..lazycst import cst

from .callsiteindex import call_site_index
from .recordcalls import record_targets

if TYPE_CHECKING:  # pragma: no cover
    from .summary import FuncSummary

_MAX = 8


def _module_defs(mod) -> frozenset:
    found = mod.__dict__.get("_passed_defs")
    if found is None:
        found = frozenset(s.name.value for s in mod.module.body if isinstance(s, cst.FunctionDef))
        mod.__dict__["_passed_defs"] = found
    return found


def passed_refs(fa, call) -> Tuple[Tuple[object, str], ...]:
    """The arguments of ``call`` that name a function: (position or keyword, reference), the
    reference being a closure's qualified name, a module function's name or an imported dotted
    name."""
    if not isinstance(call, cst.Call):
        return ()
    out = []
    positional = 0
    for a in call.args:
        if a.star:
            positional += 1
            continue
        key: object = a.keyword.value if a.keyword is not None else positional
        if a.keyword is None:
            positional += 1
        v = a.value
        if not isinstance(v, cst.Name):
            continue
        ref = None
        if v.value in getattr(fa, "nested", {}):
            ref = f"{fa.qualname}.{v.value}" if not fa.is_module else v.value
        elif v.value in fa.env or any(p.name == v.value for p in fa.params):
            continue  # a local or a parameter (passed on: not followed here)
        elif v.value in _module_defs(fa.mod):
            ref = v.value
        elif v.value in fa.mod.imports:
            ref = fa.mod.imports[v.value]
        if ref is not None:
            out.append((key, ref))
    return tuple(out)


def _index(linker) -> Dict[Tuple[str, str], List[tuple]]:
    """(path, qualname) of a project function -> the calls that pass it a function reference."""
    return call_site_index(linker, "_passed_index", lambda rec: bool(getattr(rec, "fn_refs", ())))


def _owner(mod, caller: "FuncSummary", name: str) -> Optional[Tuple["FuncSummary", int]]:
    """The function enclosing the caller whose parameter ``name`` is, with the parameter's
    position (-1 for a keyword-only one). The caller's own parameter is not followed: a generic
    helper (``run_pages(worker, args)`` calling ``worker(*a)``) is handed different functions by
    different callers, and which one a call passes is known only along that call."""
    if any(p.name == name for p in caller.params):
        return None
    parts = caller.qualname.split(".")[:-1]
    while parts:
        fn = mod.functions.get(".".join(parts))
        if fn is not None:
            for i, p in enumerate(fn.params):
                if p.name == name:
                    return fn, (i if p.kind == "pos" else -1)
        parts.pop()
    return None


def passed_targets(linker, path: str, caller: Optional["FuncSummary"], target: str) -> list:
    """The functions a call of a parameter (``target``: a bare name) lands in: those the calls of
    the parameter's function pass for it."""
    mod = linker.modules.get(path)
    if mod is not None and "." in target:
        return record_targets(linker, path, target)  # tool_info.execute(args): a record's method (recordcalls.py)
    if mod is None or caller is None or not target or "." in target or target[:1] == "<":
        return []
    owner = _owner(mod, caller, target)
    if owner is None:
        return []
    fn, pos = owner
    out, seen = [], set()
    for cpath, cfn, rec, is_method in _index(linker).get((path, fn.qualname), ()):
        # a method's call leaves out its self/cls; a static method's first parameter is passed
        index = pos - 1 if is_method and pos > 0 and fn.params[0].name in ("self", "cls") else pos
        for key, ref in rec.fn_refs:
            if key != target and not (pos >= 0 and key == index):
                continue
            hit = linker.resolve(cpath, cfn, ref)
            if hit is not None and (hit[0], hit[1].qualname) not in seen and len(out) < _MAX:
                seen.add((hit[0], hit[1].qualname))
                out.append(hit)
    return out


def converted_model(fa, call, target: str) -> Optional[str]:
    """The class a converter call is handed to build from a mapping (``convert(data, Model)``,
    ``from_dict(Model, data)``: ``record-classes`` converters in the models), by its dotted
    name; for a parameter annotated ``type[A] | type[B]``, each class it may be ("A|B"). None
    for any other call or a class given by another expression."""
    rc = fa.M.record_classes
    if not isinstance(call, cst.Call):
        return None
    if target in rc.get("converters", ()):
        pos, keys = 1, ("type", "cl")
    elif target in rc.get("class-first-converters", ()):
        pos, keys = 0, ("data_class",)
    else:
        return None
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    node = next((a.value for a in call.args if a.keyword is not None and a.keyword.value in keys),
                positional[pos] if len(positional) > pos else None)
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return None
    param = next((p for p in fa.params if isinstance(node, cst.Name) and p.name == node.value), None)
    if param is not None:  # validate(params, model: type[PlaywrightConfig] | type[StealthConfig])
        names = _TYPE_OF.findall(param.annotation or "")
        refs = [fa.mod.dotted(cst.parse_expression(n)) for n in names]
        return "|".join(r for r in refs if r) if names and all(refs) else None
    ref = fa.mod.dotted(node, fa.types)
    return ref if ref and not ref.endswith("()") else None


#: ``type[Model]`` / ``Type[Model]`` in a parameter's annotation: the classes it may be handed
_TYPE_OF = re.compile(r"\b(?:type|Type)\[\s*([A-Za-z_][\w.]*)\s*\]")
