"""Is the function holding a bind address ever run? (py56d)

A ``"0.0.0.0"`` default of a listener whose function nothing starts binds nothing: an old
dispatcher's ``main()`` whose module's ``__main__`` block runs another server, with no console
script naming it and no other module importing it. A module-level function is *unreached* when
it is not decorated (a framework calls it), no packaging declaration runs it, every reference to
its name in its own file sits in another unreached function of that file (not at module level,
not in a ``__main__`` block, not in a class, not as text: ``__all__``, ``getattr``), and no other
scanned file imports it from this module (``from .server import main``, ``import pkg.server`` and
``server.main``, or names it in text next to the module's name). Methods, nested functions and
anything unreadable count as reached. Judged only in a module with an ``if __name__ == "__main__":``
block, a program whose start the file shows: a module without one may be a library whose users
call the function.
"""

from __future__ import annotations

import ast
import os
from typing import Callable, Dict, Iterable, Optional, Set

from ..analysis.entryreach import _is_main_test
from ..astparents import parents

REASON = ("the address is a default of a function nothing runs: no entry point, console script, __main__ "
          "block or other module reaches it, so the listener is never started")


def module_stem(rel: str) -> str:
    """The last component of the module a file is (``pkg/server.py`` -> ``server``; a package's
    ``__init__.py`` -> the package's folder name)."""
    base, _ = os.path.splitext(os.path.basename(rel))
    return os.path.basename(os.path.dirname(rel)) if base == "__init__" else base


class _Reach:
    def __init__(self, tree: ast.AST, callers: Callable[[str], Iterable[ast.AST]], entry_names: Iterable[str],
                 stem: str):
        self.tree = tree
        self.parents = parents(tree)
        self.callers = callers
        self.entry_names = frozenset(entry_names)
        self.stem = stem
        self.defs: Dict[str, list] = {}
        for s in getattr(tree, "body", []):
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.defs.setdefault(s.name, []).append(s)

    def top_function(self, node: ast.AST) -> Optional[ast.AST]:
        """The module-level function ``node`` is in, or None (module level, a class, a nested
        function's inner scope counts as its outer function)."""
        p, fn = self.parents.get(id(node)), None
        while p is not None:
            if isinstance(p, ast.ClassDef):
                return None
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
                fn = p
            p = self.parents.get(id(p))
        return fn if fn is not None and self.parents.get(id(fn)) is self.tree else None

    def dead(self, name: str, seen: Set[str]) -> bool:
        if name in seen:
            return True  # a cycle of functions that only call each other
        seen.add(name)
        defs = self.defs.get(name)
        if not self.stem or not defs or name in self.entry_names or any(d.decorator_list for d in defs):
            return False
        for n in ast.walk(self.tree):
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and name in n.value and n.value != "":
                if n.value == name or f":{name}" in n.value or f".{name}" in n.value:
                    return False  # named as text: __all__, getattr, an import string
            refers = (isinstance(n, ast.Name) and n.id == name) or (isinstance(n, ast.Attribute) and n.attr == name)
            if not refers or (isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)):
                continue
            fn = self.top_function(n)
            if fn is None:
                return False
            if fn.name != name and not self.dead(fn.name, seen):
                return False
        try:
            return not any(_imports(other, self.stem, name) for other in self.callers(name))
        except Exception:  # an unreadable other file may import it
            return False


def _imports(tree: ast.AST, stem: str, name: str) -> bool:
    """Another file takes ``name`` from module ``stem``: imports it by name (or ``*``), or
    imports the module and reads ``.name``, or names both in a string."""
    module_aliases: Set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom):
            mod = (n.module or "").split(".")
            if mod and mod[-1] == stem and any(a.name in (name, "*") for a in n.names):
                return True
            for a in n.names:
                if a.name == stem:
                    module_aliases.add(a.asname or a.name)
        elif isinstance(n, ast.Import):
            for a in n.names:
                parts = a.name.split(".")
                if stem in parts:
                    module_aliases.add(a.asname or parts[0])
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and stem in n.value and name in n.value:
            return True
    if not module_aliases:
        return False
    return any(isinstance(n, ast.Attribute) and n.attr == name for n in ast.walk(tree))


def unreached_reason(tree: ast.AST, constant: ast.AST, callers: Callable[[str], Iterable[ast.AST]],
                     entry_names: Iterable[str], stem: str) -> Optional[str]:
    """:data:`REASON` when ``constant`` is inside a module-level function that nothing runs (see
    the module), else None."""
    if not any(_is_main_test(s) for s in getattr(tree, "body", ())):
        return None  # no program here: a library's function, called by code the scan does not see
    reach = _Reach(tree, callers, entry_names, stem)
    fn = reach.top_function(constant)
    if fn is None:
        return None
    return REASON if reach.dead(fn.name, set()) else None
