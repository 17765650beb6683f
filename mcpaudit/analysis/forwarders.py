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


def _forwarding(fn: cst.FunctionDef) -> Optional[CallbackModel]:
    """The callback model of a function that calls one of its parameters with its own
    ``*args``/``**kwargs``, else None."""
    params = [p.name.value for p in (*fn.params.posonly_params, *fn.params.params)]
    star = fn.params.star_arg.name.value if isinstance(fn.params.star_arg, cst.Param) else None
    dstar = fn.params.star_kwarg.name.value if fn.params.star_kwarg is not None else None
    if star is None and dstar is None:
        return None
    for call in find_all(fn.body, cst.Call):
        if not isinstance(call.func, cst.Name) or call.func.value not in params:
            continue
        spread = {a.value.value for a in call.args if a.star and isinstance(a.value, cst.Name)}
        if not spread or not spread <= {star, dstar}:
            continue
        if any(not a.star for a in call.args):
            continue  # fn(self, *args): what the wrapper adds is not modelled
        name = call.func.value
        return CallbackModel(ArgSpec(params.index(name), (name,)),
                             args_from=len(params) if star in spread else None)
    return None


def forwarder_model(mod, fq: str) -> Optional[CallbackModel]:
    """The callback model of the module-level function ``fq`` of this module, if it forwards."""
    table: Dict[str, Optional[CallbackModel]] = mod.__dict__.get("_forwarders")
    if table is None:
        table = mod.__dict__["_forwarders"] = {
            stmt.name.value: _forwarding(stmt) for stmt in flat_body(mod.module)
            if isinstance(stmt, cst.FunctionDef)}
    return table.get(fq)
