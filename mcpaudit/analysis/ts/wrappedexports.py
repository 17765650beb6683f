"""A module-level handler made by a higher-order wrapper, imported by another module.

``async function _tool(params) {...}`` and ``export const queryTool = withErrorHandling(_tool,
"Error querying")`` in one module, where ``withErrorHandling(handler, prefix)`` returns ``async
(params, extra) => { try { return await handler(params, extra) } catch ... }``; another module
imports ``queryTool`` and registers it (``server.tool("query", desc, shape, queryTool)``).

Within one module the registering function sees the wrapper call and follows its function
argument (``Interp._track_call``: ``wrapped = withLogging(fn)`` calls ``fn``). Across modules the
linker only had the name's type (the wrapper) and dropped the tool entirely. Here the module
keeps, for each module-level ``const n = wrapper(..., fn, ...)``, the function ``fn`` the value
stands for (:attr:`TsModuleSummary.wrapped_fns`): a function declared at the top of the module,
or a name imported from another module of the project. The linker resolves a bare reference to
``n`` (no property after it) as that function, last, after every other binding of ``n``.

Not a wrapped function: a value made by a sink or a library model's call (``promisify(exec)``
is handled apart, ``new URL(x)``), a ``require``, or a call whose function arguments are not the
module's own or the project's (``debounce(console.log)``).
"""

from __future__ import annotations

from . import nodes as N


def wrapped_function(mod, n: str, call) -> None:
    """``const n = wrapper(args)`` at module level (``mod``: the TsModule): keep the function
    argument ``n`` stands for in ``mod.wrapped_fns``."""
    fn = N.unwrap(call.child_by_field_id(mod.F.function))
    if fn is None or fn.type not in ("identifier", "member_expression"):
        return
    fq = (mod.top.dotted(fn) or "").replace("()", "")
    if not fq or fq in mod.M.sink_calls or fq in mod.M.model_calls:
        return
    root = mod.tree.root_node
    for a in N.args_of(call):
        au = N.unwrap(a)
        if au is None or au.type != "identifier":
            continue
        name = N.text(mod.data, au)
        if name == n:
            continue
        if name in _top_functions(mod, root):
            mod.wrapped_fns[n] = name
            return
        ref = mod.imports.get(name) or ""
        if "#" in ref:  # a function of another module of the project
            mod.wrapped_fns[n] = ref
            return


def _top_functions(mod, root) -> frozenset:
    """The names of the module's top-level functions, once per module (mend45b: a generated
    module's many ``const n = f(...)`` no longer walk the top level for each argument)."""
    got = mod.__dict__.get("_top_function_names")
    if got is None:
        got = mod.__dict__["_top_function_names"] = frozenset(
            bound for bound, v in N.top_bindings(mod.data, root) if v is not None and v.type in N.FUNCTIONS)
    return got


__all__ = ["wrapped_function"]
