"""Tool objects that wrap a function (the catalog's ``tool-wrappers``: google-adk
``FunctionTool(get_report)``), built at module level, kept in a list or map, and run by the
module's low-level ``call_tool`` handler (``await tool_map[name].run_async(args=arguments)``).
The wrapper calls the function with the caller's arguments: each wrapped function is a tool,
named by the function (``FunctionTool`` takes ``func.__name__``), and the run call is not a
dispatch left unfollowed.
"""

from __future__ import annotations

from typing import Dict, List, Set

from ..lazycst import cst

from .cstnodes import find_all
from .positions import flat_body


def wrapped_functions(mod) -> List[str]:
    """The functions (dotted, as imported) wrapped by tool-wrapper objects at module level."""
    wrappers = mod.M.surface.tool_wrappers
    if not wrappers or not any(name in mod.text for name in wrappers):
        return []
    out: List[str] = []
    for stmt in flat_body(mod.module):
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            continue
        for call in find_all(stmt, cst.Call):
            spec = wrappers.get((mod.dotted(call.func) or "").split(".")[-1])
            if spec is None:
                continue
            pos = [a.value for a in call.args if a.keyword is None]
            kw = [a.value for a in call.args if a.keyword is not None and a.keyword.value == spec["keyword"]]
            arg = kw[0] if kw else (pos[spec["argument"]] if len(pos) > spec["argument"] else None)
            target = mod.dotted(arg) if isinstance(arg, (cst.Name, cst.Attribute)) else None
            if target and target not in out:
                out.append(target)
    return out


def serve_wrapped(mod) -> bool:
    """Register the wrapped functions as tools when a ``call_tool`` handler of the module runs
    a wrapper by one of its run-methods, and drop that call from the handler's dispatch sites.
    True when one does (the handler is then listed through those tools, not as one)."""
    funcs = wrapped_functions(mod)
    if not funcs:
        return False
    run = {m for spec in mod.M.surface.tool_wrappers.values() for m in spec["run-methods"]}
    served = False
    for h in mod.handlers:
        fn = mod.functions.get(h.function)
        if h.kind != "call_tool" or fn is None:
            continue
        sites = [s for s in fn.dispatch_sites if s[1].split(".")[-1] in run]
        if not sites:
            continue
        fn.dispatch_sites = [s for s in fn.dispatch_sites if s not in sites]
        for target in funcs:
            mod.added_tools.append((target, {"kind": "tool", "name": target.split(".")[-1]}, sites[0][0]))
        served = True
    return served


def function_copies(mod) -> Dict[str, str]:
    """Module-level factories that return a copy of a function nested in them
    (``fn = types.FunctionType(inner.__code__, globals(), name, None, inner.__closure__)``,
    then ``return fn``): factory name -> the nested function's qualified name. The copy runs
    the nested function's code, so registering the copy registers that function."""
    out = mod.__dict__.get("_function_copies")
    if out is not None:
        return out
    out = mod.__dict__["_function_copies"] = {}
    if "FunctionType" not in mod.text:
        return out
    for fn in flat_body(mod.module):
        if not isinstance(fn, cst.FunctionDef):
            continue
        nested = {s.name.value for s in flat_body(fn.body) if isinstance(s, cst.FunctionDef)}
        copies: Dict[str, str] = {}
        for stmt in flat_body(fn.body):
            if isinstance(stmt, cst.Assign) and isinstance(stmt.value, cst.Call) and \
                    (mod.dotted(stmt.value.func) or "").endswith("FunctionType") and stmt.value.args:
                code = stmt.value.args[0].value
                if isinstance(code, cst.Attribute) and code.attr.value == "__code__" and \
                        isinstance(code.value, cst.Name) and code.value.value in nested:
                    for t in stmt.targets:
                        if isinstance(t.target, cst.Name):
                            copies[t.target.value] = f"{fn.name.value}.{code.value.value}"
            elif isinstance(stmt, cst.Return) and isinstance(stmt.value, cst.Name) and stmt.value.value in copies:
                out[fn.name.value] = copies[stmt.value.value]
    return out


def closure_factories(mod) -> Dict[str, str]:
    """Module-level factories whose every return hands back one function nested in them
    (``def make_tool(label): async def tool(path: str): ...; return tool``): factory name -> the
    nested function's qualified name. ``f = make_tool(x)`` then ``mcp.tool(name=...)(f)``
    registers that nested function, whose parameters are the tool's inputs. A decorator-style
    wrapper (the nested function calls one of the factory's parameters, or is decorated with
    ``wraps(...)``) stands for the function it wraps instead and is left out."""
    out = mod.__dict__.get("_closure_factories")
    if out is not None:
        return out
    out = mod.__dict__["_closure_factories"] = {}
    for fn in flat_body(mod.module):
        if not isinstance(fn, cst.FunctionDef):
            continue
        body = flat_body(fn.body)
        nested = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef)}
        theirs = {r for n in nested.values() for r in find_all(n.body, cst.Return)}  # the nested functions' own
        returned = {s.value.value if isinstance(s.value, cst.Name) else "" for s in find_all(fn.body, cst.Return)
                    if s not in theirs}
        if len(returned) != 1 or next(iter(returned)) not in nested:
            continue
        inner = nested[next(iter(returned))]
        params = {p.name.value for p in fn.params.params}
        if _wraps_a_param(inner, params):
            continue
        out[fn.name.value] = f"{fn.name.value}.{inner.name.value}"
    return out


def _wraps_a_param(inner: cst.FunctionDef, params: Set[str]) -> bool:
    for d in inner.decorators:
        call = d.decorator
        if isinstance(call, cst.Call) and (getattr(call.func, "value", None) == "wraps" or
                                           getattr(getattr(call.func, "attr", None), "value", None) == "wraps"):
            return True
    return any(isinstance(c.func, cst.Name) and c.func.value in params for c in find_all(inner.body, cst.Call))
