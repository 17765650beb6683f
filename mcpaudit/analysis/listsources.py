"""Where a list of tool functions comes from, when it is built across functions and modules.

``READ_ONLY = [a, b]`` in one module, ``def get_tools(): tools = list(READ_ONLY);
tools.extend(WRITE); return tools`` beside it, ``def prepare(): tools = get_tools(); return
[t for t in tools if ...], names`` in another, and ``final, *_ = prepare()`` /
``for tool in final: mcp.add_tool(tool)`` in a third: each function of READ_ONLY and WRITE is
registered. A list does not change what it holds by being copied, filtered, sorted,
concatenated, unpacked from a returned tuple or handed through a helper, so the functions a
registration loop takes are those of the module-level lists its iterable derives from.

:func:`list_sources` records, per module, what each module-level function returns and each
module-level name that is not a literal list is derived from (``"name()"`` or ``"NAME"`` -> the
names, dotted as in the module, of lists and calls it comes from); :func:`derived_lists` follows
them at link time to the module-level lists of functions (``function_lists``). A call's
arguments count as a source of its result (a filter helper returns a part of the list it is
given), which over-approximates only towards lists that are themselves all functions.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

from ..lazycst import cst

from .cstnodes import named_params, own_stmts, string_value
from .positions import flat_body
from .tuplelists import CALLED, bound_names

#: calls whose result holds the elements of their arguments (copies, filters, orderings)
_KEEPING = frozenset({"list", "tuple", "set", "frozenset", "sorted", "reversed", "filter", "iter"})
#: methods of a list that return (a copy of) its elements, or add a list's elements to it
_COPYING = frozenset({"copy"})
_EXTENDING = frozenset({"extend", "__iadd__"})
_MAX_DEPTH = 8


def list_sources(mod) -> Dict[str, List[str]]:
    """``"f()"`` (a module-level function's result) and ``"NAME"`` (a module-level name bound to
    something other than a literal list) -> what it derives from (see the module docstring)."""
    out: Dict[str, List[str]] = {}
    for stmt in flat_body(mod.module):
        if isinstance(stmt, cst.FunctionDef):
            scope = _Scope(stmt)
            refs: List[str] = []
            seen: Set[str] = set()  # shared by the returns: each local name is followed once
            for inner in scope.returns:
                refs += _sources(mod, scope, inner, 0, seen)
            if refs:
                out[stmt.name.value + CALLED] = _unique(refs)
    for name, value in mod.module_values.items():
        if isinstance(value, (cst.List, cst.Tuple)) and all(
                isinstance(e.value, (cst.Name, cst.Attribute)) for e in value.elements):
            continue  # a literal list of functions: function_lists has it
        refs = _sources(mod, None, value, 0, set())
        if refs and refs != [name]:
            out[name] = _unique(refs)
    return out


_FUNCTION_KEYS = ("func", "fn", "function", "handler", "callable", "tool", "callback", "impl")
_NAME_KEYS = ("name", "tool_name")


def dict_rows(mod, value) -> Optional[Tuple[List[str], List[Optional[str]], List[Optional[str]]]]:
    """``[{"func": f, "name": "x", "description": "..."}, ...]`` with a key naming a function
    (one of the module's own, or an imported name) in every row: (the functions, dotted; each
    row's literal name; its literal description). None for anything else."""
    if not isinstance(value, (cst.List, cst.Tuple)) or not value.elements or \
            not all(isinstance(e.value, cst.Dict) for e in value.elements):
        return None
    rows = [{string_value(d.key): d.value for d in e.value.elements
             if isinstance(d, cst.DictElement) and string_value(d.key) is not None} for e in value.elements]
    for key in _FUNCTION_KEYS:
        refs = [r.get(key) for r in rows]
        if all(isinstance(v, cst.Name) and (v.value in mod.functions or v.value in mod.imports) for v in refs):
            names = [next((string_value(r[k]) for k in _NAME_KEYS if k in r and string_value(r[k])), None)
                     for r in rows]
            descs = [string_value(r["description"]) if "description" in r else None for r in rows]
            return [mod.dotted(v) for v in refs], names, descs
    return None


def _unique(refs: List[str]) -> List[str]:
    return list(dict.fromkeys(refs))


def _sources(mod, fn: Optional["_Scope"], node, depth: int, seen: Set[str]) -> List[str]:
    if depth > _MAX_DEPTH or node is None:
        return []
    t = type(node)
    if t is cst.Name:
        return _name_sources(mod, fn, node.value, depth, seen)
    if t is cst.Attribute:
        d = mod.dotted(node)
        head = node
        while isinstance(head, cst.Attribute):
            head = head.value
        return [d] if d and isinstance(head, cst.Name) and head.value in mod.imports else []
    if t is cst.Call:
        return _call_sources(mod, fn, node, depth, seen)
    if t in (cst.ListComp, cst.GeneratorExp, cst.SetComp):
        out = []
        comp = node.for_in
        while comp is not None:
            out += _sources(mod, fn, comp.iter, depth + 1, seen)
            comp = comp.inner_for_in
        return out
    if t is cst.BinaryOperation and isinstance(node.operator, cst.Add):
        return _sources(mod, fn, node.left, depth + 1, seen) + _sources(mod, fn, node.right, depth + 1, seen)
    if t is cst.IfExp:
        return _sources(mod, fn, node.body, depth + 1, seen) + _sources(mod, fn, node.orelse, depth + 1, seen)
    if t in (cst.Tuple, cst.List):
        # a returned tuple (its first element is usually the list), or [*A, *B]
        out = []
        for e in node.elements:
            if t is cst.Tuple or isinstance(e, cst.StarredElement):
                out += _sources(mod, fn, e.value, depth + 1, seen)
        return out
    return []


def _call_sources(mod, fn, node: cst.Call, depth: int, seen: Set[str]) -> List[str]:
    f = node.func
    args = [a.value for a in node.args]
    if isinstance(f, cst.Name) and f.value in _KEEPING:
        return [r for a in args for r in _sources(mod, fn, a, depth + 1, seen)]
    if isinstance(f, cst.Attribute) and f.attr.value in _COPYING:
        return _sources(mod, fn, f.value, depth + 1, seen)
    d = mod.dotted(f) if isinstance(f, (cst.Name, cst.Attribute)) else None
    if isinstance(f, cst.Attribute) and not (d and d.split(".")[0] in mod.imports):
        d = None  # a method of some object: not a function whose result is recorded
    out = [d + CALLED] if d else []
    return out + [r for a in args for r in _sources(mod, fn, a, depth + 1, seen)]


def _name_sources(mod, fn: Optional["_Scope"], name: str, depth: int, seen: Set[str]) -> List[str]:
    if fn is not None:
        if name in seen:
            return []
        values = fn.bound.get(name)
        if values is not None:
            seen.add(name)
            return [r for v in values for r in _sources(mod, fn, v, depth + 1, seen)]
        if name in fn.params:
            return []
    if name in mod.module_values or name in mod.imports or name in mod.functions:
        d = mod.dotted(cst.Name(name))
        return [d] if d else []
    return []


class _Scope:
    """One module-level function, read once: the values it returns and, per local name, every
    value it binds the name to or adds to it (``x = ...``, ``a, x = ...`` - the whole right side,
    ``x += ...``, ``x.extend(...)``; names it never binds are absent). Statements of functions and
    classes defined inside it are theirs, not its own. One pass over the body, however many
    names are looked up: a factory of a hundred tool closures is read once, not once per name."""

    def __init__(self, fn: cst.FunctionDef):
        self.params = {p.name.value for p in named_params(fn)}
        self.returns: List[cst.BaseExpression] = []
        self.bound: Dict[str, List[cst.BaseExpression]] = {}
        added: Dict[str, List[cst.BaseExpression]] = {}
        for stmt in own_stmts(flat_body(fn.body)):
            t = type(stmt)
            if t is cst.Return and stmt.value is not None:
                self.returns.append(stmt.value)
            elif t is cst.Assign:
                for name in {n for tg in stmt.targets for n in bound_names(tg.target)}:
                    self.bound.setdefault(name, []).append(stmt.value)
            elif t is cst.AnnAssign and type(stmt.target) is cst.Name and stmt.value is not None:
                self.bound.setdefault(stmt.target.value, []).append(stmt.value)
            elif t is cst.AugAssign and type(stmt.target) is cst.Name:
                added.setdefault(stmt.target.value, []).append(stmt.value)
            elif t is cst.Expr and type(stmt.value) is cst.Call:
                f = stmt.value.func
                if type(f) is cst.Attribute and f.attr.value in _EXTENDING and type(f.value) is cst.Name \
                        and stmt.value.args:
                    added.setdefault(f.value.value, []).append(stmt.value.args[0].value)
        for name, values in added.items():
            if name in self.bound:
                self.bound[name] += values


def derived_lists(linker, path: str, target: str, depth: int = 0,
                  seen: Optional[Set[Tuple[str, str]]] = None) -> List[Tuple[str, List[str], str]]:
    """The module-level lists of functions (path, functions, list name) ``target`` (dotted in
    ``path``'s module: a list, a name derived from lists, or ``"f()"``) derives from."""
    from .dispatch import function_list  # the lists themselves (and re-exports) are found there

    seen = set() if seen is None else seen
    if depth > _MAX_DEPTH or (path, target) in seen:
        return []
    seen.add((path, target))
    found = function_list(linker, path, target)
    if found is not None:
        return [found]
    where = _sources_entry(linker, path, target)
    if where is None:
        return []
    mpath, refs = where
    return [hit for ref in refs for hit in derived_lists(linker, mpath, ref, depth + 1, seen)]


def _sources_entry(linker, path: str, target: str, depth: int = 0) -> Optional[Tuple[str, List[str]]]:
    """(the module, its recorded sources) of ``target``, following re-exports."""
    mod = linker.modules.get(path)
    if mod is None or depth > 4:
        return None
    own = getattr(mod, "list_sources", {})
    if "." not in target:
        if target in own:
            return path, own[target]
        head = target[:-len(CALLED)] if target.endswith(CALLED) else target
        if head in mod.imports:  # imported under this name: the defining module's entry
            return _sources_entry(linker, path, mod.imports[head] + target[len(head):], depth + 1)
        return None
    split = linker.module_prefix(path, target)
    if split is None:
        return None
    mpath, parts, cut = split
    rest = ".".join(parts[cut:])
    if mpath == path and "." in rest:
        return None
    return _sources_entry(linker, mpath, rest, depth + 1) if mpath != path else None


__all__ = ["derived_lists", "dict_rows", "list_sources"]
