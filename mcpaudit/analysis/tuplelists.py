"""Tool tables returned by functions: ``def get_all_functions(): return [(get_pool, "get_pool",
"Get a pool", True), ...]`` in each module, and a registration loop elsewhere that unpacks each
row (``for func, name, description, *_ in get_all_functions(): mcp.add_tool(...func...)``),
possibly reaching the provider through a table of imported providers
(``get = PROVIDERS[api]; functions = get()``).

:func:`returned_tables` reads the providers a module defines (for its summary's
``function_lists``, under ``"name()"``); :func:`table_sources` names the providers a loop's
iterable may come from, which the linker then looks up (dispatch.expand_lists).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

from ..lazycst import cst

from .cstnodes import string_value, walk_stmts
from .positions import flat_body

CALLED = "()"  # suffix of a function_lists key that is what the function returns


def returned_tables(mod) -> Dict[str, Tuple[List[str], List[Optional[str]], List[Optional[str]]]]:
    """Module-level functions that return a literal list of rows whose first element names a
    function: ``"name()"`` -> (the functions, dotted; each row's first string (the tool name);
    its second string (the description))."""
    out: Dict[str, Tuple[List[str], List[Optional[str]], List[Optional[str]]]] = {}
    for fn in flat_body(mod.module):
        if not isinstance(fn, cst.FunctionDef) or fn.params.params:
            continue
        for stmt in flat_body(fn.body):
            if not (isinstance(stmt, cst.Return) and isinstance(stmt.value, (cst.List, cst.Tuple))):
                continue
            rows = [e.value for e in stmt.value.elements]
            if not rows or not all(isinstance(r, cst.Tuple) and r.elements and
                                   isinstance(r.elements[0].value, (cst.Name, cst.Attribute)) for r in rows):
                continue
            funcs = [mod.dotted(r.elements[0].value) for r in rows]
            if not all(funcs):
                continue
            texts = [[string_value(e.value) for e in r.elements[1:] if string_value(e.value) is not None] for r in rows]
            out[fn.name.value + CALLED] = (funcs, [t[0] if t else None for t in texts],
                                           [t[1] if len(t) > 1 else None for t in texts])
    return out


def table_sources(fa, it, depth: int = 0) -> List[str]:
    """The functions (dotted) whose call may have produced the iterable ``it`` of a loop: a
    call, a variable assigned one in the enclosing function, a callee that is a variable
    taken from a dict of functions (``get = PROVIDERS[key]``)."""
    if depth > 4:
        return []
    if isinstance(it, cst.Name):
        return [s for v in assigned(fa, it.value) for s in table_sources(fa, v, depth + 1)]
    if not isinstance(it, cst.Call) or not isinstance(it.func, (cst.Name, cst.Attribute)):
        return []
    if isinstance(it.func, cst.Name):
        picked = assigned(fa, it.func.value)
        if picked:
            return [d + CALLED for v in picked for d in _table_values(fa, v)]
    d = fa.mod.dotted(it.func)
    # a helper given a list may return (a part of) it: the list is a candidate too
    given = [fa.mod.dotted(a.value) for a in it.args if a.keyword is None and isinstance(a.value, (cst.Name, cst.Attribute))
             and not (isinstance(a.value, cst.Name) and a.value.value in fa.local_values)]
    return ([d + CALLED] if d else []) + [g for g in given if g]


def _table_values(fa, node) -> List[str]:
    """``TABLE[key]`` / ``TABLE.get(key)`` with TABLE a literal dict of functions: each value."""
    if isinstance(node, cst.Subscript):
        table = node.value
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
        table = node.func.value
    else:
        return []
    if isinstance(table, cst.Name):
        table = fa.local_values.get(table.value) or fa.mod.module_values.get(table.value)
    if not isinstance(table, cst.Dict):
        return []
    out = [fa.mod.dotted(e.value) for e in table.elements
           if isinstance(e, cst.DictElement) and isinstance(e.value, (cst.Name, cst.Attribute))]
    return [d for d in out if d]


def assigned(fa, name: str) -> List[cst.BaseExpression]:
    """Every value the enclosing function assigns to ``name`` (in any branch)."""
    if fa.fn is None:
        return []
    return list(binding_index(fa.fn).get(name, ()))


def binding_index(fn) -> Dict[str, List[cst.BaseExpression]]:
    """Local name -> every value ``fn`` assigns to it (``x = ...``, ``a, x = ...``: the whole
    right side, ``x: T = ...``), in statement order, built in one walk of the function and kept
    for the function node: the sinks of a 600-branch ``elif`` ask for their names hundreds of
    times (as :class:`mcpaudit.analysis.listsources._Scope` does, rev52p)."""
    return _indexed(fn)[0]


def augmented(fn) -> Set[str]:
    """The names ``fn`` extends in place (``cmd += f" {extra}"``): their one assigned value is
    not all they hold."""
    return _indexed(fn)[1]


def _indexed(fn) -> Tuple[Dict[str, List[cst.BaseExpression]], Set[str]]:
    held = _INDEX.get(id(fn))
    if held is not None and held[0] is fn:
        return held[1], held[2]
    out: Dict[str, List[cst.BaseExpression]] = {}
    aug: Set[str] = set()
    for stmt in walk_stmts(flat_body(fn.body)):
        t = type(stmt)
        if t is cst.Assign:
            for n in dict.fromkeys(n for tg in stmt.targets for n in bound_names(tg.target)):
                out.setdefault(n, []).append(stmt.value)
        elif t is cst.AnnAssign and stmt.value is not None:
            for n in bound_names(stmt.target):
                out.setdefault(n, []).append(stmt.value)
        elif t is cst.AugAssign and type(stmt.target) is cst.Name:
            aug.add(stmt.target.value)
    if len(_INDEX) > 64:
        _INDEX.clear()
    _INDEX[id(fn)] = (fn, out, aug)
    return out, aug


_INDEX: dict = {}  # id(function node) -> (the node, its index, its augmented names); the node held so the id stays its own


def binds(target, name: str) -> bool:
    if isinstance(target, cst.Name):
        return target.value == name
    if isinstance(target, (cst.Tuple, cst.List)):
        return any(binds(e.value, name) for e in target.elements)
    return False


def bound_names(target) -> List[str]:
    """Every name :func:`binds` is true for: ``x`` of ``x = ...``, ``a`` and ``b`` of ``a, [b] = ...``."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in bound_names(e.value)]
    return []
