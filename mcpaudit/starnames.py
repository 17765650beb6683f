"""Names a module gets from another module of the project without naming them: ``from
pkg.runtime import *``, and names that module only re-exports (``from pkg.runtime import mcp,
subprocess`` where ``runtime.py`` itself did ``import subprocess``).

A module is analysed alone (its summary depends on its bytes), so a name it uses that arrives by
a star import is unknown to it: ``@mcp.tool()`` over a function is no registration, ``Path(p)``
is no ``pathlib.Path``, ``get_client()`` calls nothing the linker can find. The first pass reads
every file, so it can say where each such name comes from; the deep analysis of the importing
module then starts from these bindings as if the module had imported each name itself
(:class:`~mcpaudit.analysis.module.ModuleAnalyzer` ``extra_imports``; the summary's cache key
covers them).

What a star import brings (Python's rules): the names of a literal ``__all__``; with none, the
module's public names (no leading underscore). A computed ``__all__`` (``[n for n in globals()
if not n.startswith("__")]``) cannot be read; it is taken as every name but the dunder ones,
since such lists are made to export the module's private helpers too. A module's names are the
ones it binds at its top level (functions, classes, assignments, imports, and what its own star
imports bring).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Sequence, Tuple

#: what a module binds at its top level, for star imports of it
Facts = Tuple[Tuple[str, ...], Tuple[str, ...], Optional[Tuple[str, ...]], bool]


def module_facts(tree: ast.AST) -> Facts:
    """(star-import targets as written, with their leading dots; names bound at the top level;
    the names of a literal ``__all__`` or None; whether ``__all__`` is computed)."""
    star: List[str] = []
    top: List[str] = []
    all_names: Optional[Tuple[str, ...]] = None
    computed = False
    stack = list(reversed(getattr(tree, "body", ())))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.If, ast.Try)):
            # guarded imports and definitions (try: import x except ImportError: x = None)
            blocks = [node.body, node.orelse] + ([h.body for h in node.handlers] if isinstance(node, ast.Try) else [])
            for b in reversed(blocks):
                stack.extend(reversed(b))
        elif isinstance(node, ast.ImportFrom):
            base = "." * (node.level or 0) + (node.module or "")
            for a in node.names:
                if a.name == "*":
                    star.append(base)
                else:
                    top.append(a.asname or a.name)
        elif isinstance(node, ast.Import):
            top.extend(a.asname or a.name.split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            top.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        top.append(n.id)
                if isinstance(t, ast.Name) and t.id == "__all__":
                    value = node.value
                    lit = _literal_names(value) if value is not None else None
                    if lit is not None and not isinstance(node, ast.AugAssign):
                        all_names = lit
                    elif lit is not None and all_names is not None:
                        all_names = all_names + lit  # __all__ += [...]
                    else:
                        computed = True
    return tuple(star), tuple(dict.fromkeys(top)), all_names, computed


def _literal_names(node: ast.AST) -> Optional[Tuple[str, ...]]:
    if isinstance(node, (ast.List, ast.Tuple)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return tuple(e.value for e in node.elts)  # type: ignore[attr-defined]
    return None


def bindings(digests: Sequence, package: str = "") -> Dict[str, Dict[str, str]]:
    """For every module of ``digests`` (first-pass digests) that star-imports a project module or
    imports a name a project module only re-exports: local name -> the dotted name it stands for
    (absolute, as an import statement would give it)."""
    from .analysis.inter import Linker

    by_path = {d.path: d for d in digests if d.candidate}
    linker = Linker({p: None for p in by_path})  # type: ignore[dict-item]
    linker.index_package(package)
    index, absolute = linker.index, linker.absolute
    memo: Dict[str, Dict[str, Optional[str]]] = {}

    def own(path: str) -> Dict[str, Optional[str]]:
        """Every top-level name of ``path`` -> the dotted name it was imported from (None:
        defined there)."""
        if path in memo:
            return memo[path]
        memo[path] = {}  # (a cycle of star imports stops here)
        d = by_path[path]
        out: Dict[str, Optional[str]] = {}
        for s in d.star:
            t = index.get(absolute(path, s))
            if t is not None and t != path:
                base = absolute(path, s)
                for n, v in exported(t).items():
                    v = v or f"{base}.{n}"
                    # a later star module that imported the name back from this package (a cycle
                    # still being read) names this module itself: the earlier origin stands
                    if n not in out or index.get(v.rpartition(".")[0]) != path:
                        out[n] = v
        imported = {local: absolute(path, target) for local, target in d.imports}
        for n in d.top:
            out[n] = chase(path, imported[n]) if n in imported else None
        memo[path] = out
        return out

    def chase(path: str, full: str) -> str:
        """An imported dotted name, or what it stands for when the project module it names
        only imported it."""
        head, _, attr = full.rpartition(".")
        mpath = index.get(head) if head else None
        if mpath is None or mpath == path or not attr:
            return full
        again = own(mpath).get(attr)
        return again if again is not None else full

    def exported(path: str) -> Dict[str, Optional[str]]:
        d = by_path[path]
        names = own(path)
        if d.all_names is not None:
            return {n: names[n] for n in d.all_names if n in names}
        keep = (lambda n: not n.startswith("__")) if d.all_computed else (lambda n: not n.startswith("_"))
        return {n: t for n, t in names.items() if keep(n)}

    out: Dict[str, Dict[str, str]] = {}
    for path, d in sorted(by_path.items()):
        got: Dict[str, str] = {}
        mine = set(d.top)
        for s in d.star:
            base = absolute(path, s)
            t = index.get(base)
            if t is not None and t != path:
                got.update((n, v or f"{base}.{n}") for n, v in exported(t).items() if n not in mine)
        for local, target in d.imports:
            full = absolute(path, target)
            again = chase(path, full)
            if again != full:
                got[local] = again  # pkg.runtime.subprocess, runtime.py importing subprocess
        if got:
            out[path] = got
    return out


def with_bindings(digests: Sequence, package: str = "") -> Tuple[List, Dict[str, Dict[str, str]]]:
    """``digests`` with each module's bindings (:func:`bindings`) added to its imports (the first
    pass follows a name that arrives by a star import to the module it comes from), and the
    bindings."""
    from dataclasses import replace

    found = bindings(digests, package)
    return [replace(d, imports=d.imports + tuple(sorted(found[d.path].items()))) if d.path in found else d
            for d in digests], found


def salt(extra: Optional[Dict[str, str]]) -> str:
    """What goes into a module summary's cache key beside its bytes."""
    if not extra:
        return ""
    import hashlib

    h = hashlib.blake2b(digest_size=12)
    for k, v in sorted(extra.items()):
        h.update(f"{k}\0{v}\1".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


__all__ = ["bindings", "module_facts", "salt", "with_bindings"]
