"""Tool objects that wrap a function (the catalog's ``tool-wrappers``: google-adk
``FunctionTool(get_report)``), built at module level, kept in a list or map, and run by the
module's low-level ``call_tool`` handler (``await tool_map[name].run_async(args=arguments)``).
The wrapper calls the function with the caller's arguments: each wrapped function is a tool,
named by the function (``FunctionTool`` takes ``func.__name__``), and the run call is not a
dispatch left unfollowed.
"""

from __future__ import annotations

from typing import Dict, List

import libcst as cst

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
