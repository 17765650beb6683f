"""Project functions that run a function they are handed: ``def _call(action, fn, *args,
**kwargs): return fn(*args, **kwargs)``. A call ``_call("x", client.get, name=v)`` runs
``client.get(name=v)``; it is followed like a library callback runner (concurrency.yaml), the
function argument by its parameter's position or name, the arguments from where ``*args`` begins
and every keyword but the wrapper's own parameters.
"""

from __future__ import annotations

from typing import Dict, Optional

from ..lazycst import cst

from ..catalog.models import ArgSpec, CallbackModel
from .cstnodes import find_all
from .positions import flat_body


def _forwarding(mod, fn: cst.FunctionDef) -> Optional[CallbackModel]:
    """The callback model of a function that calls one of its parameters with its own
    ``*args``/``**kwargs``, itself or through a library runner (:func:`_run_by`), else None."""
    params = [p.name.value for p in (*fn.params.posonly_params, *fn.params.params)]
    star = fn.params.star_arg.name.value if isinstance(fn.params.star_arg, cst.Param) else None
    dstar = fn.params.star_kwarg.name.value if fn.params.star_kwarg is not None else None
    if star is None and dstar is None:
        return None
    for call in find_all(fn.body, cst.Call):
        func, args = (call.func, call.args) if isinstance(call.func, cst.Name) else _run_by(mod, call)
        if not isinstance(func, cst.Name) or func.value not in params:
            continue
        spread = {a.value.value for a in args if a.star and isinstance(a.value, cst.Name)}
        if not spread or not spread <= {star, dstar}:
            continue
        if any(not a.star for a in args):
            continue  # fn(self, *args): what the wrapper adds is not modelled
        name = func.value
        return CallbackModel(ArgSpec(params.index(name), (name,)),
                             args_from=len(params) if star in spread else None)
    return None


def _run_by(mod, call: cst.Call):
    """(the function, the arguments it is called with) of a library runner's call
    (concurrency.yaml's callbacks: ``asyncio.to_thread(fn, *args)``, ``loop.run_in_executor(None,
    fn, *args)``, ``pool.submit(fn, *args)``; ``functools.partial(fn, *args)`` handed to one), else
    (None, ()). A wrapper ``async def _run(fn, *args): return await asyncio.to_thread(fn, *args)``
    forwards as ``fn(*args)`` does."""
    M = mod.M
    method = call.func.attr.value if isinstance(call.func, cst.Attribute) else None
    model = M.callback_calls.get(mod.dotted(call.func) or "") or (M.callback_methods.get(method) if method else None)
    if model is None or model.args_keyword or model.function.index is None or model.args_from is None:
        return None, ()
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if len(positional) <= model.function.index:
        return None, ()
    fnode = positional[model.function.index].value
    rest = [a for a in call.args if a is not positional[model.function.index] and a not in positional[:model.function.index]
            and a.keyword is None]
    if isinstance(fnode, cst.Call) and (mod.dotted(fnode.func) or "") in M.bind_calls and fnode.args:
        rest = [*fnode.args[1:], *rest]  # run_in_executor(None, partial(fn, *args))
        fnode = fnode.args[0].value
    return fnode, rest


def forwarder_model(mod, fq: str) -> Optional[CallbackModel]:
    """The callback model of the module-level function ``fq`` of this module, if it forwards."""
    table: Dict[str, Optional[CallbackModel]] = mod.__dict__.get("_forwarders")
    if table is None:
        table = mod.__dict__["_forwarders"] = {
            stmt.name.value: _forwarding(mod, stmt) for stmt in flat_body(mod.module)
            if isinstance(stmt, cst.FunctionDef)}
    return table.get(fq)
