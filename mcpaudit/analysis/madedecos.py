"""Registering decorators made by a project factory (issue 12, py56c).

    # tools/_common.py
    def make_tool(mcp):
        def tool(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                try:
                    return fn(*args, **kwargs)
                except Exception as exc:
                    return {"error": str(exc)}
            return mcp.tool()(wrapper)
        return tool

    # tools/config_tools.py
    def register(mcp):
        tool = make_tool(mcp)

        @tool
        def update_config(updates: dict) -> dict: ...

Two general facts:

* **A wraps-wrapper stands for the function it wraps.** ``functools.wraps(fn)`` copies ``fn``'s
  name, docstring and ``__wrapped__`` onto the wrapper, and the MCP SDKs read a tool's name,
  description and parameters from there (``inspect.signature`` follows ``__wrapped__``). So
  registering ``wrapper`` registers ``fn`` under ``fn``'s name: when ``fn`` is a parameter of the
  registering function, the registration is one the linker completes for each function handed to
  that parameter (a registration helper, ``regsites.py``), never a tool called ``wrapper``.
  A wraps-wrapper of anything else (a loop variable, a closure's free variable) is still reported
  as it is, and the registration is marked unfollowed, so the surface is not called complete.
* **A decorator is what its factory returns.** ``tool = make_tool(mcp)`` (in a function or at
  module level) and ``@tool``, or ``@make_tool(mcp)`` directly, apply the decorator ``make_tool``
  returns: a function nested in ``make_tool`` that registers its first parameter. Each function
  so decorated is a tool under its own name, with its own parameters.

Module side: :func:`wrapped_param` (from ``regsites.registered_node``), :func:`note_made_decorator`
(``ModuleSummary.made_decorators``). Linker side: :func:`link_made_decorators`.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from .cstnodes import find_all
from .positions import flat_body

#: the meta key a registration of a wraps-wrapper carries until the linker settles it
WRAPS = "_wraps"
_WRAPS_FUNCS = ("functools.wraps", "functools.update_wrapper")


def wraps_of(fa, node) -> Optional[str]:
    """The name ``node``'s nested function (defined in this body) wraps: ``@functools.wraps(fn)``
    (or ``@wraps(fn)`` imported from functools); None when it is no wraps-wrapper."""
    if not isinstance(node, cst.Name):
        return None
    fn = getattr(fa, "nested", {}).get(node.value)
    if fn is None and getattr(fa, "is_module", False):  # a loop at module level defines it
        fn = next((d for d in find_all(fa.mod.module, cst.FunctionDef) if d.name.value == node.value), None)
    if fn is None:
        return None
    for deco in fn.decorators:
        d = deco.decorator
        if isinstance(d, cst.Call) and (fa.mod.dotted(d.func) or "") in _WRAPS_FUNCS and d.args \
                and d.args[0].keyword is None and isinstance(d.args[0].value, cst.Name):
            return d.args[0].value.value
    return None


def wrapped_param(fa, node, meta: dict, pos):
    """``(node, meta)`` for a registration of ``node``: a wraps-wrapper of a parameter of this
    function stands for that parameter (meta marked :data:`WRAPS`); a wraps-wrapper of anything
    else stays, and an unresolvable registration is added beside it (the surface is incomplete)."""
    wrapped = wraps_of(fa, node)
    if wrapped is None:
        return node, meta
    if any(p.name == wrapped for p in fa.params) and wrapped not in fa.local_values:
        return cst.Name(wrapped), {**meta, WRAPS: True}
    where = node.value if fa.is_module else f"{fa.qualname}.{node.value}"
    fa.mod.added_tools.append((f"{wrapped}() as wrapped by {where}", dict(meta), pos))
    return node, meta


def note_made_decorator(mod, fn: cst.FunctionDef, qualname: str, stmt, local_values) -> None:
    """Record ``fn``'s decorators that may register it through project code: ``@tool`` with ``tool
    = make_tool(mcp)`` in the enclosing function (``local_values``) or at module level, or
    ``@make_tool(mcp)`` (made: True); a bare ``@tool`` naming a project function, imported or of
    this module (made: False): (decorated function, function as dotted here, made, position)."""
    for deco in fn.decorators:
        expr = deco.decorator
        made = None
        if isinstance(expr, cst.Name):
            made = (local_values or {}).get(expr.value)
            if made is None and expr.value not in (local_values or {}):
                made = mod.module_values.get(expr.value)
            if made is None and (expr.value in mod.imports or expr.value in _module_defs(mod)):
                mod.made_decorators.append((qualname, mod.dotted(expr), False, mod.pos(stmt)))
                continue
        elif isinstance(expr, cst.Call):
            made = expr
        if not isinstance(made, cst.Call) or not isinstance(made.func, (cst.Name, cst.Attribute)):
            continue
        factory = mod.dotted(made.func)
        if factory and "()" not in factory:
            mod.made_decorators.append((qualname, factory, True, mod.pos(stmt)))


def _module_defs(mod) -> set:
    got = mod.__dict__.get("_made_module_defs")
    if got is None:
        got = mod.__dict__["_made_module_defs"] = {
            s.name.value for s in flat_body(mod.module) if isinstance(s, cst.FunctionDef)}
    return got


def _first_params(linker) -> Dict[Tuple[str, str], List[tuple]]:
    """(module path, registering function) -> its registrations of its own first parameter."""
    out: Dict[Tuple[str, str], List[tuple]] = {}
    for path, mod in linker.modules.items():
        for site in getattr(mod, "reg_sites", ()):
            func, registrar, ref = site[0], site[1], site[2]
            f = mod.functions.get(func)
            if registrar or ref[0] != "param" or f is None:
                continue
            params = [p.name for p in f.params if p.kind == "pos"]
            if params[:1] == [ref[1]]:
                out.setdefault((path, func), []).append(site)
    return out


def _handed_on(linker, path: str, func: str) -> bool:
    """Some call hands function ``func`` of ``path`` on (a callback: ``register_tools(tool)``),
    where the registration helper's own linking follows it (regsites.py)."""
    for cpath, cmod in linker.modules.items():
        for caller, _target, args, _pos in getattr(cmod, "fn_args", ()):
            for ref in args.values():
                if ref[0] == "ref" and func.rsplit(".", 1)[-1] == ref[1].rsplit(".", 1)[-1]:
                    hit = linker.resolve(cpath, cmod.functions.get(caller), ref[1])
                    if hit is not None and (hit[0], hit[1].qualname) == (path, func):
                        return True
    return False


def link_made_decorators(linker, out: Dict[str, List[tuple]]) -> None:
    """Add to ``out`` (path -> ``(target, meta, pos)``) each function decorated with what a
    registering decorator factory returns; a wraps-wrapper registration no decorated function
    reached is added as an unresolvable target (unfollowed: the surface is incomplete)."""
    sites = _first_params(linker)
    if not sites:
        return
    by_factory: Dict[Tuple[str, str], List[tuple]] = {}
    for (path, func), got in sites.items():
        by_factory.setdefault((path, func.rsplit(".", 1)[0]), []).extend(got)
    used = set()
    for path, mod in sorted(linker.modules.items()):
        for qualname, target, made, pos in getattr(mod, "made_decorators", ()):
            caller = mod.functions.get(qualname.rsplit(".", 1)[0]) if "." in qualname else None
            hit = linker.resolve(path, caller, target)
            if hit is None:
                continue
            key = (hit[0], hit[1].qualname)
            for site in (by_factory if made else sites).get(key, ()):
                used.add(id(site))
                meta = {k: v for k, v in site[5].items() if k != WRAPS}
                out.setdefault(path, []).append((qualname, meta, pos))
    for (path, func), got in sorted(sites.items()):
        for site in got:
            if site[5].get(WRAPS) and id(site) not in used and not _handed_on(linker, path, func):
                meta = {k: v for k, v in site[5].items() if k != WRAPS}
                out.setdefault(path, []).append((f"{site[2][1]}() as wrapped by {func}", meta, site[6]))


__all__ = ["WRAPS", "link_made_decorators", "note_made_decorator", "wrapped_param", "wraps_of"]
