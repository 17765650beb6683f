"""B615 on a model its function is given, where every caller gives the operator's choice (issue 12).

:mod:`.bandit_args` keeps a hub download (``from_pretrained``...) whose model name comes from a
parameter: a caller may choose it. One step further decides it when the function has callers to
read. The download's function is a module-level function or a method of a module-level class
(``__init__`` is called through the class name), not decorated (a tool registration has no
call sites to read), and every reference to its name in the project is a call (or a ``super``/``isinstance`` argument): in its own file
and in every other scanned file whose text names it, each call passes only values that are not
given to the caller (a constant, a setting, a field of the caller's instance or configuration,
a configuration the loader read) and no ``*args``/``**kwargs``. Then the model is the operator's,
as when it is read from a setting in place; with no trusted remote code a new revision swaps the
weights and runs no code of the repository. No call site, a reference that is no call (a
callback, a registration), a caller's parameter in an argument, or a file that does not parse
keeps the finding (:func:`configured_by_callers`), as does an import under another name (``from
.models import load_ranker as pick``: the calls of ``pick`` are not read), and a class only named
in type tests has no caller.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterable, List, Optional, Tuple

from .bandit_context import _Unreadable

WHY = ("the model name is a value its function is given, and every caller in the project gives the operator's "
       "choice (a constant, a setting or a loaded configuration, no value of its own caller); the loader does not "
       "trust remote code: a new hub revision changes the weights the operator chose, it runs no code of the repository")

#: caps the references read, so that a common method name does not walk every file
_MAX_REFERENCES = 40


def _owner(call: ast.AST, parents) -> Optional[Tuple[str, ast.AST]]:
    """The name callers use to reach the hub call's function, and the definition of that name
    (the function, or its class for ``__init__``): a module-level
    function's name, a module-level class's name for ``__init__``, a method's name otherwise.
    None for a nested function, a lambda or a decorated function."""
    fn = parents.get(id(call))
    while fn is not None and not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        fn = parents.get(id(fn))
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.decorator_list:
        return None
    holder = parents.get(id(fn))
    while holder is not None and not isinstance(holder, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                                         ast.ClassDef, ast.Module)):
        holder = parents.get(id(holder))  # through if/try blocks at module or class level
    if isinstance(holder, ast.Module):
        return fn.name, fn
    if isinstance(holder, ast.ClassDef) and not holder.decorator_list:
        outer = parents.get(id(holder))
        while outer is not None and not isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                                           ast.ClassDef, ast.Module)):
            outer = parents.get(id(outer))
        if isinstance(outer, ast.Module):
            return (holder.name, holder) if fn.name == "__init__" else (fn.name, fn)
    return None


def _references(tree: ast.AST, name: str, skip: ast.AST) -> List[ast.AST]:
    """Every ``name`` and ``.name`` in ``tree`` outside the definition ``skip`` names."""
    out: List[ast.AST] = []
    for n in ast.walk(tree):
        if (isinstance(n, ast.Name) and n.id == name) or (isinstance(n, ast.Attribute) and n.attr == name):
            out.append(n)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == name and n is not skip:
            out.append(n)  # another definition of the name: its callers cannot be told apart
        elif isinstance(n, ast.alias) and n.name.rsplit(".", 1)[-1] == name and n.asname not in (None, name):
            out.append(n)  # imported under another name: its calls are not read, so it counts as no call
    return out


def _type_test(ref: ast.AST, parents) -> bool:
    """``super(Name, self)``, ``isinstance(x, Name)``: the class named, not called."""
    p = parents.get(id(ref))
    return isinstance(p, ast.Call) and ref in p.args and isinstance(p.func, ast.Name) \
        and p.func.id in ("super", "isinstance", "issubclass")


def _call_of(ref: ast.AST, parents) -> Optional[ast.Call]:
    p = parents.get(id(ref))
    return p if isinstance(p, ast.Call) and p.func is ref else None


def configured_by_callers(tree: ast.AST, call: ast.Call, parents, is_given: Callable[[ast.AST, ast.AST], bool],
                          callers: Callable[[str], Iterable[ast.AST]],
                          parents_of: Callable[[ast.AST], dict]) -> bool:
    """The hub ``call``'s function has callers and every one passes only the operator's values.
    ``is_given(tree, value)``: the value carries its caller's parameter (:func:`.bandit_args._given`
    in that tree); ``callers(name)``: the other scanned files whose text names ``name``;
    ``parents_of(tree)``: a tree's parent map."""
    owner = _owner(call, parents)
    if owner is None:
        return False
    name, holder = owner
    refs_read = calls = 0
    try:
        for t in [tree, *callers(name)]:
            pmap = parents if t is tree else parents_of(t)
            refs = _references(t, name, holder if t is tree else None)
            refs_read += len(refs)
            if refs_read > _MAX_REFERENCES:
                return False
            for ref in refs:
                if _type_test(ref, pmap):
                    continue  # names the class, calls nothing: no caller to read
                site = _call_of(ref, pmap)
                if site is None or any(isinstance(a, ast.Starred) for a in site.args) or any(
                        k.arg is None for k in site.keywords):
                    return False
                if any(is_given(t, v) for v in [*site.args, *(k.value for k in site.keywords)]):
                    return False
                calls += 1
    except _Unreadable:  # another file that names the function does not parse: assume a caller chooses
        return False
    return calls > 0


__all__ = ["WHY", "configured_by_callers"]
