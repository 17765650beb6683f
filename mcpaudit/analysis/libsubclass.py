"""Project subclasses of modelled library classes (issue 12).

``class SafeExecutor(JupyterCodeExecutor)`` that overrides only ``stop()``: ``SafeExecutor(...)
.execute_code_blocks(blocks)`` runs the library's method, a sink of the models. A receiver typed
as a project class is otherwise followed into the project alone (its method is the project's
code), so a method the class does not define, inherited from a library class a receiver row
names (``receivers.<kind>.constructors``), was no call at all. Such a receiver is read as the
library class's object for the methods the class does not define (the sink keeps the project
method as ``unless_target``: if an ancestor in the project defines it after all, the linker
follows that one).

The class may be defined in the module (its bases read from its ``class`` statement) or
imported from another module of the project: the first pass hands on ``KEY + LIBBASE + local
name`` with ``"<library base>|<method>,<method>"`` (:mod:`mcpaudit.importedhelpers`).
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, Optional, Tuple

from ..lazycst import cst

from .importedreturns import module_imports

#: after ``importedhelpers.KEY``: a project class of another module with a modelled library base
LIBBASE = "\x1flibbase:"


def _module_classes(mod) -> Dict[str, Tuple[str, FrozenSet[str]]]:
    """class name -> (library base, names of the methods it defines) for the classes of the
    module's own body whose base a receiver row names."""
    out: Dict[str, Tuple[str, FrozenSet[str]]] = {}
    ctors = mod.M.receiver_constructors
    for stmt in mod.module.body:
        if not isinstance(stmt, cst.ClassDef):
            continue
        for base in stmt.bases:
            fq = mod.dotted(base.value) or ""
            if base.keyword is None and fq in ctors:
                body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else ()
                out[stmt.name.value] = (fq, frozenset(s.name.value for s in body if isinstance(s, cst.FunctionDef)))
                break
    return out


def library_classes(mod) -> Dict[str, Tuple[str, FrozenSet[str]]]:
    """Local class names (and the dotted names imports bind them to) -> (library base, methods)."""
    memo = mod.__dict__.get("_library_classes")
    if memo is not None:
        return memo
    memo = _module_classes(mod)
    for key, value in mod.imported_helpers.items():
        if key.startswith(LIBBASE):
            local = key[len(LIBBASE):]
            base, _, methods = value.partition("|")
            memo[local] = (base, frozenset(m for m in methods.split(",") if m))
    for local, target in list(mod.imports.items()):
        if local in memo:
            memo.setdefault(target, memo[local])
    mod.__dict__["_library_classes"] = memo
    return memo


def library_base(an, typed: Optional[str]) -> Optional[str]:
    """The library base a call ``Class.method`` (``typed``) runs: the class has a modelled
    library base and does not define the method itself."""
    if not typed or "." not in typed:
        return None
    cls, _, method = typed.rpartition(".")
    found = library_classes(an.mod).get(cls)
    if found is None or method in found[1]:
        return None
    return found[0]


def own_method_target(an, typed: Optional[str]) -> Optional[str]:
    """``typed`` (a project class's method), or None when the class inherits it from a
    modelled library class (:func:`library_base`): then the call is the library's."""
    return None if library_base(an, typed) else typed


def type_base(an, tp: str) -> str:
    """The library base of the project class ``tp`` (a receiver's type), or ''."""
    found = library_classes(an.mod).get(tp)
    return found[0] if found else ""


def imported_library_class(tree: ast.AST, name: str, constructors: FrozenSet[str]) -> Optional[str]:
    """``"<base>|<methods>"`` for the top-level class ``name`` of a module (``tree``) whose base,
    named through the module's own imports, is one of ``constructors``; else None."""
    imports = module_imports(tree)
    cls = None
    for node in getattr(tree, "body", ()):
        if isinstance(node, ast.ClassDef) and node.name == name:
            cls = node
    if cls is None:
        return None
    for b in cls.bases:
        parts = []
        while isinstance(b, ast.Attribute):
            parts.append(b.attr)
            b = b.value
        if not isinstance(b, ast.Name):
            continue
        fq = ".".join([imports.get(b.id, b.id), *reversed(parts)])
        if fq in constructors:
            methods = sorted(n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
            return f"{fq}|{','.join(methods)}"
    return None


__all__ = ["LIBBASE", "imported_library_class", "library_base", "library_classes", "own_method_target", "type_base"]
