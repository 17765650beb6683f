"""Tool functions handed to a registry of the project as a list, stored in records, and run by
the dispatcher a low-level ``call_tool`` hands the tool name to (issue 12).

    def add(spec, fn): REGISTRY[spec.name] = Entry(spec=spec, run=fn)     # a record's field
    def add_all(fns): for fn in fns: add(getattr(fn, "spec"), fn)          # handed on, element-wise
    add_all([impl.fetch, impl.publish])                                   # bound methods, listed
    async def dispatch(name, arguments): return await REGISTRY[name].run(**arguments)

No registration call names the functions where they are stored: a parameter of one function
holds them, filled by the calls of that function (directly, or through the parameters of the
functions that call it). Module side, :func:`stored_functions`: the record fields a function
fills from its parameters (or from a loop over one), the calls that hand a parameter on, the
calls that hand a literal list of functions, and the functions that carry their own SDK
``Tool(name=..., inputSchema=...)`` declaration through a decorator (the tool's name and
schema). Linker side: a call ``Record.field`` of no method lands in every function so stored
(:func:`stored_targets`, under the tool its declaration names, else the function's name), and
the functions a ``call_tool`` handler's dispatcher reaches so are the server's tools
(:func:`stored_tools`). Functions stored the same way and run elsewhere (shutdown hooks) are not.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from .cstnodes import find_all, named_params, string_value, tool_name_text
from .positions import flat_body

_MAX_DEPTH = 4
_MAX = 64
#: the nodes :func:`stored_functions` reads in a function's body (libcst's concrete classes are
#: final: an exact type test sorts them); made where they are read (mcpaudit/lazycst.py)
_KINDS = ("For", "Assign", "Call")


def _defs(mod):
    """(qualname, class or None, def) of every function of the module, methods included."""
    todo = [("", None, s) for s in flat_body(mod.module)]
    while todo:
        prefix, cls, s = todo.pop()
        if isinstance(s, cst.ClassDef):
            todo.extend((prefix + s.name.value + ".", s.name.value, inner) for inner in flat_body(s.body))
        elif isinstance(s, cst.FunctionDef):
            yield prefix + s.name.value, cls, s
            todo.extend((prefix + s.name.value + ".", None, inner) for inner in flat_body(s.body))


def _holders(fn: cst.FunctionDef, loops=None) -> Dict[str, str]:
    """Name -> the parameter whose value (or element: a ``for`` loop over it) it holds
    (``loops``: the ``for`` statements of ``fn``'s body in source order, when already found)."""
    params = [p.name.value for p in named_params(fn)]
    out = {p: p for p in params if p not in ("self", "cls")}
    for loop in find_all(fn.body, cst.For) if loops is None else loops:
        if isinstance(loop.target, cst.Name) and isinstance(loop.iter, cst.Name) and loop.iter.value in out:
            out.setdefault(loop.target.value, out[loop.iter.value])
    return out


def _class_like(dotted: str) -> bool:
    """A dotted name whose last part is capitalised (a private ``_Entry`` too): a class."""
    return dotted.rsplit(".", 1)[-1].lstrip("_")[:1].isupper() and "(" not in dotted


def _keyed_args(call: cst.Call):
    pos = 0
    for a in call.args:
        if a.star:
            return
        if a.keyword is not None:
            yield a.keyword.value, a.value
        else:
            yield pos, a.value
            pos += 1


def _ref(mod, node, made: Dict[str, str]) -> Optional[str]:
    """A function an expression names: a module function or an imported one (dotted), or a
    method of an object built in the function (``impl.fetch`` with ``impl = Impl(svc)``)."""
    if isinstance(node, cst.Name):
        if node.value in made:
            return None
        return node.value if node.value in mod.top_names or node.value in mod.imports else None
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value in made:
        return f"{made[node.value.value]}.{node.attr.value}"
    return None


def _declaration(mod, fn: cst.FunctionDef) -> Optional[Tuple[str, str, Tuple[str, ...]]]:
    """(name, description, schema parameters) of an SDK ``Tool(...)`` given to a decorator call."""
    from .surface import schema_params  # surface imports the analysis modules this one serves

    decl = mod.M.surface.lowlevel_declaration
    for deco in fn.decorators:
        if not isinstance(deco.decorator, cst.Call):
            continue
        for a in deco.decorator.args:
            v = a.value
            if not (isinstance(v, cst.Call) and (mod.dotted(v.func) or "").split(".")[-1] == decl["class"]):
                continue
            kws = {k.keyword.value: k.value for k in v.args if k.keyword is not None}
            name = tool_name_text(kws["name"]) if "name" in kws else None
            schema = next((kws[k] for k in decl["schema-keys"] if k in kws), None)
            if name:
                params = tuple(schema_params(schema)) if isinstance(schema, cst.Dict) else ()
                return name, string_value(kws.get("description")) or "", params
    return None


def stored_functions(mod) -> Optional[tuple]:
    """(stores, forwards, hands, declared) of the module, None when it has none of them:
    stores ``(function, parameter, record class, field)``; forwards ``(function, parameter,
    callee, key)``; hands ``(function, callee, key, function references)``; declared
    ``{function: (tool name, description, schema parameters)}``."""
    if "for " not in mod.text and "[" not in mod.text and "@" not in mod.text:
        return None
    stores, forwards, hands, declared = [], [], [], {}
    for qual, cls, fn in _defs(mod):
        if fn.decorators and cls is not None or fn.decorators and "." not in qual:
            d = _declaration(mod, fn)
            if d is not None:
                declared[qual] = d
        # one walk of the body for the three kinds of node read below (each kind in source order)
        nodes = find_all(fn.body, tuple(getattr(cst, k) for k in _KINDS))
        holders = _holders(fn, [n for n in nodes if type(n) is cst.For])
        made = {}
        for stmt in (n for n in nodes if type(n) is cst.Assign):
            if isinstance(stmt.value, cst.Call) and len(stmt.targets) == 1 and isinstance(stmt.targets[0].target, cst.Name):
                cls_name = mod.dotted(stmt.value.func) or ""
                if _class_like(cls_name):
                    made[stmt.targets[0].target.value] = cls_name
        for call in (n for n in nodes if type(n) is cst.Call):
            callee = mod.dotted(call.func) if isinstance(call.func, (cst.Name, cst.Attribute)) else None
            if not callee:
                continue
            if _class_like(callee):
                stores.extend((qual, holders[a.value.value], callee, a.keyword.value) for a in call.args
                              if a.keyword is not None and isinstance(a.value, cst.Name) and a.value.value in holders)
                continue
            for key, v in _keyed_args(call):
                if isinstance(v, cst.Name) and v.value in holders:
                    forwards.append((qual, holders[v.value], callee, key))
                elif isinstance(v, (cst.List, cst.Tuple)) and v.elements:
                    refs = tuple(r for r in (_ref(mod, e.value, made) for e in v.elements) if r)
                    if len(refs) == len(v.elements):
                        hands.append((qual, callee, key, refs))
    if not (stores or forwards or hands or declared):
        return None
    return tuple(stores), tuple(forwards), tuple(hands), declared


# -- linker side --------------------------------------------------------------------------
def _param_name(fn, is_method: bool, key) -> Optional[str]:
    if isinstance(key, str):
        return key if any(p.name == key for p in fn.params) else None
    names = [p.name for p in fn.params]
    if is_method and names and names[0] in ("self", "cls"):
        names = names[1:]
    return names[key] if 0 <= key < len(names) else None


def _index(linker):
    """(callee path, qualname, parameter) -> what fills it: ("fn", path, reference) or ("param",
    path, caller qualname, parameter)."""
    found = linker.__dict__.get("_stored_index")
    if found is not None:
        return found
    found = {}
    for path, mod in linker.modules.items():
        stored = getattr(mod, "stored", None)
        if not stored:
            continue
        _stores, forwards, hands, _declared = stored
        for qual, callee, key, refs in hands:
            hit = linker.resolve(path, mod.functions.get(qual), callee)
            pname = _param_name(hit[1], hit[2], key) if hit else None
            if pname:
                found.setdefault((hit[0], hit[1].qualname, pname), []).extend(("fn", path, r) for r in refs)
        for qual, param, callee, key in forwards:
            hit = linker.resolve(path, mod.functions.get(qual), callee)
            pname = _param_name(hit[1], hit[2], key) if hit else None
            if pname:
                found.setdefault((hit[0], hit[1].qualname, pname), []).append(("param", path, qual, param))
    linker.__dict__["_stored_index"] = found
    return found


def _filled(linker, path: str, qual: str, param: str, depth: int = 0, seen=None) -> List[Tuple[str, str]]:
    """(path, reference) of each function the calls of ``qual`` hand its parameter ``param``."""
    seen = set() if seen is None else seen
    if depth > _MAX_DEPTH or (path, qual, param) in seen:
        return []
    seen.add((path, qual, param))
    out = []
    for src in _index(linker).get((path, qual, param), ()):
        if src[0] == "fn":
            out.append((src[1], src[2]))
        else:
            out += _filled(linker, src[1], src[2], src[3], depth + 1, seen)
    return out


def _declared(linker, tpath: str, fn):
    """The declaration ``(tool name, description, parameters)`` the module's registry gives ``fn``, or None."""
    stored = getattr(linker.modules[tpath], "stored", None)
    return stored[3].get(fn.qualname) if stored else None


def stored_targets(linker, path: str, target: str) -> list:
    """The functions a call ``Class.field`` lands in when project records of that class hold
    functions handed to the function that built them: ``(path, function, bound, tool name)``."""
    return [t[:4] for t in _stored_targets(linker, path, target)]


def _stored_targets(linker, path: str, target: str) -> list:
    """:func:`stored_targets` with each function's declaration (:func:`_declared`) fifth."""
    cls_name, _, field = target.rpartition(".")
    ref = linker.class_ref(path, cls_name) if cls_name and field else None
    if ref is None:
        return []
    out, seen = [], set()
    for rpath, qual, param, rec in _stores_by_field(linker).get(field, ()):
        if linker.class_ref(rpath, rec) == ref:
            for fpath, fref in _filled(linker, rpath, qual, param):
                hit = linker.resolve(fpath, None, fref)
                if hit is None or (hit[0], hit[1].qualname) in seen or len(out) >= _MAX:
                    continue
                seen.add((hit[0], hit[1].qualname))
                decl = _declared(linker, hit[0], hit[1])
                out.append((hit[0], hit[1], hit[2], decl[0] if decl else hit[1].name, decl))
    return out


def _stores_by_field(linker) -> Dict[str, List[Tuple[str, str, str, str]]]:
    """Field -> ``(path, function, parameter, record class)`` of every record field a function
    fills from its parameter, in module path order then the module's own (built once: the
    linker's modules are fixed), instead of a walk over every module at each call."""
    found = linker.__dict__.get("_stores_by_field")
    if found is None:
        found = linker.__dict__["_stores_by_field"] = {}
        for rpath in sorted(linker.modules):
            stored = getattr(linker.modules[rpath], "stored", None)
            for qual, param, rec, f in (stored[0] if stored else ()):
                found.setdefault(f, []).append((rpath, qual, param, rec))
    return found


def stored_tools(linker) -> Tuple[list, set]:
    """The tools the dispatcher of each low-level ``call_tool`` handler runs from a registry of
    stored functions (a :class:`ToolInfo` each), and the handlers that serve them."""
    from ..models import Location, Parameter, ToolInfo

    if not any(getattr(m, "stored", None) and m.stored[0] for m in linker.modules.values()):
        return [], set()
    tools, served = [], set()
    for path, qualname in sorted(linker.call_tool_fns):
        fn = linker.modules[path].functions.get(qualname)
        todo, seen = [(path, fn, 0)] if fn is not None else [], set()
        while todo:
            cpath, cfn, depth = todo.pop()
            if (cpath, cfn.qualname) in seen or depth > 2:
                continue
            seen.add((cpath, cfn.qualname))
            for rec in cfn.calls.values():
                hit = linker.resolve(cpath, cfn, rec.target)
                if hit is not None:
                    todo.append((hit[0], hit[1], depth + 1))
                    continue
                for tpath, tfn, _bound, name, decl in _stored_targets(linker, cpath, rec.target):
                    if any(t.name == name for t in tools):
                        continue
                    served.add((path, qualname))
                    params = [Parameter(name=p.name, annotation=p.annotation, description=p.description,
                                        default=p.default, tainted=not p.safe)
                              for p in tfn.params if not p.context and p.name not in ("self", "cls")
                              and p.kind != "kwarg"]
                    params += [Parameter(name=p) for p in (decl[2] if decl else ()) if all(x.name != p for x in params)]
                    tools.append(ToolInfo(name=name, kind="tool", function=tfn.qualname,
                                          location=Location(tpath, tfn.pos[0], tfn.pos[1]), parameters=params,
                                          description=(decl[1] if decl else "") or tfn.docstring or None,
                                          framework="lowlevel"))
    return tools, served


__all__ = ["stored_functions", "stored_targets", "stored_tools"]
