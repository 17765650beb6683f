"""Functions that register tools on a server object they are handed.

``def register_tools(mcp_server: Any, container): @mcp_server.tool() def read(...)``: the
decorator's owner is a parameter whose annotation (``Any``, or none) does not say it is a server,
often in a module that does not import an MCP SDK at all. Its handlers are recorded with the
parameter (``HandlerRec.via_param``); a call that passes a known server object for that parameter
(``register_tools(mcp, container)`` with a module-level ``FastMCP``, an imported one, or a server
a dependency-injection container keeps as an attribute: ``register_tools(container.mcp)``)
confirms them when modules are linked.

Module side: :func:`note_server_args` records, for a call that may land in project code, which
arguments may be server objects (``ModuleSummary.server_args``). Linker side:
:func:`registering_params` confirms them.
"""

from __future__ import annotations

from typing import Dict, Optional, Set, Tuple

from ..lazycst import cst

from ..catalog import catalog

#: a server argument whose kind the module cannot tell (an imported name, an attribute of an
#: object): its dotted name as the module imports it, behind this marker
UNRESOLVED = "="
#: a server argument that is the calling function's own (untyped) parameter, passed on:
#: ``def register_all(mcp): work_items.register(mcp)``; a server when some call hands that
#: parameter one (resolved in :func:`registering_params`, through any number of such levels)
PASSED = "^"


def _server_ref(fa, node) -> Optional[str]:
    """The server kind of an argument expression, ``UNRESOLVED + dotted`` when only the linker
    can tell, or None when it is no server object."""
    mod = fa.mod
    if isinstance(node, cst.Name):
        kind = mod.instances.get(node.value) or fa.param_types.get(node.value)
        made = getattr(fa, "local_values", {}).get(node.value)
        if not kind and isinstance(made, cst.Call):  # mcp = FastMCP.from_openapi(...) in this function
            kind = catalog().python.surface.server_kind(mod.dotted(made.func) or "", module_level=False)
        if kind:
            return kind
        if node.value in mod.imports:
            return UNRESOLVED + mod.imports[node.value]
        return PASSED + node.value if any(p.name == node.value for p in fa.params) else None
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        d = mod.dotted(node) or ""
        if d in fa.self_attrs:
            return fa.self_attrs[d]
        base = node.value.value
        if base in mod.imports or base in mod.module_types:  # container.mcp: the object's class says
            return UNRESOLVED + (mod.dotted(node, fa.types) or "").replace("()", "")
    return None


def note_server_args(fa, call: cst.Call, targets) -> None:
    """Record the arguments of ``call`` (to ``targets``) that may be server objects."""
    if not targets or not call.args:
        return
    pos = 0
    for a in call.args:
        if a.star:
            return  # where later arguments land is unknown
        key = a.keyword.value if a.keyword is not None else pos
        pos += a.keyword is None
        ref = _server_ref(fa, a.value)
        if ref:
            fa.mod.server_args.extend((fa.qualname, t, key, ref) for t in targets)


def _confirm(linker, path: str, ref: str, depth: int = 0) -> Optional[str]:
    """The server kind a recorded argument holds, or None."""
    if not ref.startswith(UNRESOLVED):
        return ref
    if depth > 3:
        return None
    surface = catalog().python.surface
    dotted = ref[len(UNRESOLVED):]
    split = linker.module_prefix(path, dotted)
    mpath, rest = (split[0], split[1][split[2]:]) if split else (path, dotted.split("."))
    tmod = linker.modules[mpath]
    if len(rest) == 1:
        if rest[0] in tmod.instances:
            return tmod.instances[rest[0]]
        if rest[0] in tmod.imports and mpath != path:  # re-exported
            return _confirm(linker, mpath, UNRESOLVED + tmod.imports[rest[0]], depth + 1)
        return None
    if len(rest) != 2:
        return None
    made = tmod.module_types.get(rest[0], rest[0]).replace("()", "")  # CONTAINER.mcp or Container.mcp
    ref_cls = linker.class_ref(mpath, made)
    if ref_cls is None:
        return None
    cpath, cls = ref_cls
    fq = linker.modules[cpath].attr_types.get(cls, {}).get("self." + rest[1])
    return surface.server_kind(fq.replace("()", "")) if fq else None


def registering_params(linker) -> Dict[Tuple[str, str, str], str]:
    """(module path, function, parameter) -> server kind, for every parameter some call passes a
    known server object."""
    out: Dict[Tuple[str, str, str], str] = {}
    passed = []  # (caller's parameter key, callee's parameter key), settled once out is known
    seen: Set[tuple] = set()
    for path, mod in linker.modules.items():
        for caller, target, key, ref in mod.server_args:
            if (path, caller, target, key, ref) in seen:
                continue
            seen.add((path, caller, target, key, ref))
            dest = _param_key(linker, path, mod, caller, target, key)
            if dest is None:
                continue
            if ref.startswith(PASSED):
                passed.append(((path, caller, ref[len(PASSED):]), dest))
                continue
            kind = _confirm(linker, path, ref)
            if kind:
                out[dest] = kind
    changed = True
    while changed:  # register_all(mcp) -> feature.register(mcp) -> register_tools(mcp) -> ...
        changed = False
        for src, dest in passed:
            if src in out and dest not in out:
                out[dest] = out[src]
                changed = True
    return out


def _param_key(linker, path, mod, caller, target, key) -> Optional[Tuple[str, str, str]]:
    """(module path, function, parameter) that argument ``key`` of a call to ``target`` lands in."""
    hit = linker.resolve(path, mod.functions.get(caller), target)
    if hit is None:
        return None
    tpath, callee, is_method = hit[:3]
    params = [p for p in callee.params if p.kind in ("pos", "kwonly")]
    if is_method and params and params[0].name in ("self", "cls"):
        params = params[1:]
    names = [p.name for p in params]
    name = key if isinstance(key, str) and key in names else (
        names[key] if isinstance(key, int) and key < len(names) and params[key].kind == "pos" else None)
    return (tpath, callee.qualname, name) if name else None


def confirmed(linker, params: Dict[Tuple[str, str, str], str], path: str, h) -> bool:
    """Whether handler record ``h`` is registered on a parameter some call hands a server."""
    via = getattr(h, "via_param", None)
    if not via or "." not in h.function:
        return False
    return (path, h.function.rsplit(".", 1)[0], via) in params


def module_function_names(mod) -> Set[str]:
    """The names of the module's top-level functions, those defined below the current one too
    (``mod.functions`` holds only those analysed so far)."""
    got = mod.__dict__.get("_top_function_names")
    if got is None:
        got = mod._top_function_names = {s.name.value for s in mod.module.body if isinstance(s, cst.FunctionDef)}
    return got


def untyped_server_param(fa, node) -> bool:
    """``node`` is a parameter of the enclosing function with no annotation, or ``Any``/``object``:
    ``def register_account_tools(mcp, managers): mcp.tool(add_account)`` (py56d). Its
    ``<param>.tool(fn)`` registers ``fn`` as ``<param>.add_tool(fn)`` would; a call that hands the
    function a server is what makes it one (:func:`registering_params`)."""
    if not isinstance(node, cst.Name) or fa.fn is None:
        return False
    for p in (*fa.fn.params.params, *fa.fn.params.posonly_params, *fa.fn.params.kwonly_params):
        if p.name.value == node.value:
            ann = p.annotation.annotation if p.annotation is not None else None
            return ann is None or (fa.mod.dotted(ann) or "").split(".")[-1] in ("Any", "object")
    return False
