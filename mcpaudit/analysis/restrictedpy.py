"""RestrictedPython whose globals hold a module that leads out of it.

::

    byte_code = compile_restricted(strategy_code, "<inline>", "exec")
    scope = safe_globals.copy()
    scope["_getattr_"] = safe_getattr          # blocks only names starting with "_"
    scope["pd"] = pd                           # the pandas module
    exec(byte_code, scope, scope)              # pd.read_pickle(url) runs code

``compile_restricted`` (and its ``_exec``/``_eval``/``_function`` forms) rewrites the code so that
attribute, item and import access go through the guards the globals supply: a sandbox, as long as
nothing in the globals leads out. A module placed there (pandas, numpy, os, io, pickle, requests:
the catalog's ``restricted-sandboxes: leaky-modules``) is reached by plain public attribute access,
which an underscore guard does not stop: the restricted code reads and writes host files, reaches
the network or unpickles (runs code). The ``exec`` of such code is then a sandbox that does not
hold: the sink is confined (the tool's claim of safety is the finding, not its purpose) with the
module and what it reaches as its detail (:func:`restricted_escape`).

The globals are read from the function: a dict display bound to the name, its constant-key item
assignments (``scope["pd"] = pd``) and ``scope.update({...})``/``scope.update(pd=pd)``; a value
counts when it is a name the module imports from a leaky module (``import pandas as pd``).
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N


def restricted_escape(fa, call: cst.Call) -> Optional[str]:
    """Why the RestrictedPython code ``call`` (``exec``/``eval`` of a ``compile_restricted``
    result) runs is not sandboxed: the first leaky module its globals hold; None otherwise."""
    M = fa.M
    leaky = getattr(M, "sandbox_leaky_modules", None)
    if not leaky or not _restricted_code(fa, call):
        return None
    for key, value in _globals_entries(fa, call):
        fq = fa.mod.imports.get(value.value) if isinstance(value, cst.Name) else None
        head = (fq or "").split(".")[0]
        if head in leaky:
            return (f"RestrictedPython code is given the {head} module in its globals (as {key!r}), and no guard "
                    f"stops its public names: {leaky[head]}")
    return None


def _positional(call: cst.Call, index: int, keyword: str):
    args = [a for a in call.args if a.keyword is None and not a.star]
    if index < len(args):
        return args[index].value
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value == keyword), None)


def _restricted_code(fa, call: cst.Call) -> bool:
    code = _positional(call, 0, "source")
    if isinstance(code, cst.Name):
        code = (fa.local_values or {}).get(code.value)
    if isinstance(code, cst.Attribute) and code.attr.value == "code":  # compile_restricted_exec(...).code
        code = code.value
    return isinstance(code, cst.Call) and (fa.mod.dotted(code.func) or "") in fa.M.restricted_compilers


def _globals_entries(fa, call: cst.Call) -> List[Tuple[str, cst.BaseExpression]]:
    g = _positional(call, 1, "globals")
    if isinstance(g, cst.Dict):
        return list(_dict_items(g))
    if not isinstance(g, cst.Name):
        return []
    name = g.value
    out = list(_dict_items((fa.local_values or {}).get(name)))
    body = getattr(fa, "fn", None)
    if body is None:
        return out
    for node in N.find_all(body, cst.Assign):
        for t in node.targets:
            sub = t.target
            if isinstance(sub, cst.Subscript) and isinstance(sub.value, cst.Name) and sub.value.value == name \
                    and len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index):
                key = N.string_value(sub.slice[0].slice.value)
                if key is not None:
                    out.append((key, node.value))
    for node in N.find_all(body, cst.Call):
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value == "update" and isinstance(f.value, cst.Name) \
                and f.value.value == name:
            for a in node.args:
                if a.keyword is not None:
                    out.append((a.keyword.value, a.value))
                elif isinstance(a.value, cst.Dict):
                    out.extend(_dict_items(a.value))
    return out


def _dict_items(d) -> Iterable[Tuple[str, cst.BaseExpression]]:
    if not isinstance(d, cst.Dict):
        return ()
    return [(N.string_value(e.key) or "?", e.value) for e in d.elements if isinstance(e, cst.DictElement)]
