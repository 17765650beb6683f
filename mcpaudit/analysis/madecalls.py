"""A library callable handed to a project wrapper that calls it with the rest of its arguments.

``safe_call(client.download_artifacts, run_id, path, "tmp")`` where ``def safe_call(func, *args,
**kwargs): return func(*args, **kwargs)`` (in any module, the call made directly or in a nested
retry closure): the wrapper's call of its parameter ``func`` is opaque to the linker, which gave
its result the taint of every argument. The result is that of ``client.download_artifacts(run_id,
path, "tmp")`` made at the caller's site, which the library's model decides (a download into a
fixed folder returns a local path the caller did not choose; ``os.path.join("data", name)``
carries ``name``).

The interpreter evaluates that call at the wrapper's call site for each argument that is a
library callable (an attribute such as a bound method, or an imported function; not a local, a
parameter or a project function), its sinks dropped (the wrapper may not call it), and records
the result on the call (:attr:`CallRec.made`, by position). The linker, binding the call to a
project function whose parameter at that position is followed by ``*args``, hands the result on
(:data:`MADE` + parameter name); the callee's unresolved call of that parameter keeps, of what it
returned before (every argument), only what the made call returns. Nothing is added: a model
that returns the receiver (``client.get`` as a mapping's ``get``) adds no secret.
"""

from __future__ import annotations

from typing import Dict, Tuple

from ..lazycst import cst

#: the environment key of the made call's result for a wrapper's callable parameter
MADE = ":made:"


def made_results(fa, call, targets) -> Tuple[Tuple[int, dict], ...]:
    """(position, result) of each library callable passed to ``call`` (see the module)."""
    if len(targets) != 1 or not isinstance(call, cst.Call) or any(a.star for a in call.args):
        return ()
    positional = [a for a in call.args if a.keyword is None]
    out = []
    for i, a in enumerate(positional[:-1] if positional else ()):
        if not _library_ref(fa, a.value):
            continue
        rest = [cst.Arg(value=r.value, keyword=r.keyword) for r in positional[i + 1:]] + \
            [cst.Arg(value=r.value, keyword=r.keyword) for r in call.args if r.keyword is not None]
        made = cst.Call(func=a.value, args=rest)
        fa.mod.pos_index.alias(fa.stmt, made, call)
        sinks, calls, http, auth = len(fa.sinks), len(fa.calls), len(fa.mod.http), len(fa.mod.auth)
        got = fa.ev(made)
        del fa.sinks[sinks:], fa.mod.http[http:], fa.mod.auth[auth:]
        if any(not _library_target(fa, fa.calls[k].target) for k in range(calls, len(fa.calls)) if k in fa.calls):
            for k in range(calls, len(fa.calls)):
                fa.calls.pop(k, None)
            continue  # it may land in project code: left to the linker as before
        out.append((i, fa.mod.resolve_taint(got)))
    return tuple(out)


def _library_target(fa, target: str) -> bool:
    """A recorded call's target that names a library's (``mlflow.tracking.MlflowClient.m``: a
    typed receiver the linker finds in no project class), not a module of the project's own."""
    head = target.split(".")[0]
    return "." in target and head not in fa.mod.path_parts and head not in ("self", "cls") \
        and head not in fa.mod.functions and head not in fa.mod.local_classes


def _library_ref(fa, node) -> bool:
    if isinstance(node, cst.Attribute):
        base = node.value
        while isinstance(base, cst.Attribute):
            base = base.value
        if not isinstance(base, cst.Name):
            return False
        if base.value in fa.mod.functions or base.value in getattr(fa, "nested", {}):
            return False
        dotted = fa.mod.dotted(node, fa.types) or ""
        return bool(dotted) and not dotted.startswith("self.") or base.value in ("self", "cls")
    if isinstance(node, cst.Name):
        name = node.value
        if name in fa.env or any(p.name == name for p in fa.params) or name in getattr(fa, "nested", {}):
            return False
        return name in fa.mod.imports and name not in fa.mod.functions
    return False


def made_env(callee, is_method: bool, made, subst) -> Dict[str, dict]:
    """The callee environment's entries for the made results of a call (``subst``: a result in
    the caller's frame -> its taint), for the callee's parameters followed by ``*args``."""
    params = list(callee.params)
    if is_method and params and params[0].name in ("self", "cls"):
        params = params[1:]
    out: Dict[str, dict] = {}
    for i, t in made:
        if i + 1 < len(params) and params[i].kind == "pos" and params[i + 1].kind == "vararg" \
                and all(p.kind == "pos" for p in params[:i]):
            out[MADE + params[i].name] = subst(t)
    return out


def narrowed(rec, env, ret: dict) -> dict:
    """What an unresolved call of a parameter returns: ``ret``, kept to the labels of the made
    call's result when the caller handed one for that parameter."""
    target = getattr(rec, "target", "")
    made = env.get(MADE + target) if target and "." not in target else None
    if made is None:
        return ret
    return {label: made[label] for label in ret if label in made}
