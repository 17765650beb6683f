"""Lists of functions a module builds from its own ``__all__`` (issue 12).

A package's ``tools/__init__.py`` imports every tool function, names them in ``__all__`` and
builds the list a start-up loop registers from it::

    __all__ = ["BaseTool", "read_file", "run_sed", ...]
    def _standalone():
        out = []
        for item_name in __all__:
            if item_name in ["BaseTool"]:
                continue
            item = getattr(sys.modules[__name__], item_name, None)
            if callable(item) and inspect.iscoroutinefunction(item):
                out.append(item)
        return out
    STANDALONE = _standalone()
    def register_all(mcp):
        for fn in STANDALONE: mcp.tool(name=fn.__name__)(fn)

No registration names a function: the list is every name of ``__all__`` the loop does not skip
(a literal ``name in [...]`` test followed by ``continue``), looked up with ``getattr`` on the
module. :func:`exported_lists` gives, per module-level function that builds such a list (a loop
or a comprehension over ``__all__`` with ``getattr`` of the loop variable), the names it may
hold (those the module defines or imports; for a name of another kind the linker resolves
nothing and drops it silently) and whether the loop keeps only coroutine functions
(``inspect.iscoroutinefunction``), which the linker then checks on each resolved function.
"""

from __future__ import annotations

from typing import Dict, List, Set, Tuple

from ..lazycst import cst

from .cstnodes import find_all, string_value
from .positions import flat_body
from .tuplelists import CALLED


def _all_names(mod) -> List[str]:
    value = mod.module_values.get("__all__")
    if not isinstance(value, (cst.List, cst.Tuple)):
        return []
    names = [string_value(e.value) for e in value.elements]
    return [n for n in names if n]


def _getattr_of(node, var: str) -> bool:
    return any(isinstance(c.func, cst.Name) and c.func.value == "getattr" and len(c.args) >= 2 and
               isinstance(c.args[1].value, cst.Name) and c.args[1].value.value == var
               for c in find_all(node, cst.Call))


def _skipped(loop: cst.For, var: str) -> Set[str]:
    """Names a ``if var in [literal, ...]: continue`` inside the loop skips."""
    out: Set[str] = set()
    for test in find_all(loop.body, cst.If):
        if not any(isinstance(s, cst.Continue) for s in find_all(test.body, cst.Continue)):
            continue
        for cmp in find_all(test.test, cst.Comparison):
            if not (isinstance(cmp.left, cst.Name) and cmp.left.value == var):
                continue
            for target in cmp.comparisons:
                if isinstance(target.operator, cst.In) and isinstance(target.comparator, (cst.List, cst.Tuple, cst.Set)):
                    out |= {n for n in (string_value(e.value) for e in target.comparator.elements) if n}
    return out


def _coroutines_only(node) -> bool:
    return any(isinstance(c.func, (cst.Attribute, cst.Name)) and
               (c.func.attr.value if isinstance(c.func, cst.Attribute) else c.func.value) == "iscoroutinefunction"
               for c in find_all(node, cst.Call))


def _over_all(node) -> bool:
    return isinstance(node, cst.Name) and node.value == "__all__"


def exported_lists(mod) -> Dict[str, Tuple[List[str], bool]]:
    """``"f()"`` -> (the functions, dotted, a module-level function's result may hold; whether
    only coroutine functions are kept), for the functions that build a list from ``__all__``."""
    cached = mod.__dict__.get("_exported_lists")
    if cached is not None:
        return cached
    names = _all_names(mod)
    out: Dict[str, Tuple[List[str], bool]] = {}
    mod.__dict__["_exported_lists"] = out
    if not names:
        return out
    for fn in flat_body(mod.module):
        if not isinstance(fn, cst.FunctionDef):
            continue
        for node in find_all(fn.body, (cst.For, cst.ListComp, cst.GeneratorExp)):
            if isinstance(node, cst.For):
                var, it, body, skip = node.target, node.iter, node.body, None
            else:
                var, it, body, skip = node.for_in.target, node.for_in.iter, node, set()
            if not (_over_all(it) and isinstance(var, cst.Name) and _getattr_of(body, var.value)):
                continue
            if skip is None:
                skip = _skipped(node, var.value)
            funcs = [mod.dotted(cst.Name(n)) for n in names
                     if n not in skip and (n in mod.functions or n in mod.imports)]
            funcs = [f for f in funcs if f]
            if funcs:
                out[fn.name.value + CALLED] = (funcs, _coroutines_only(body))
                break
    return out


__all__ = ["exported_lists"]
