"""Library objects returned by a project function of another module (issue 12).

    # connection_manager.py
    from pyTigerGraph import AsyncTigerGraphConnection
    def get_connection(profile=None) -> AsyncTigerGraphConnection: ...

    # tools.py
    from ..connection_manager import get_connection
    conn = get_connection(profile=profile)
    await conn.gsql(command)                 # a receiver row's constructor built conn

A module's own functions annotated to return a class are typed by their annotation
(``return_types``); one imported from another module of the project was not, so a receiver row
keyed on its library's constructors (``receivers.<kind>.constructors``) missed the object it
returns. The first pass hands on ``KEY + RETURNS + local name`` with the library class when the
function's return annotation, named through its module's own imports, is one of those
constructors (:func:`imported_return`); the importing module files it under the dotted name its
import binds (:func:`note_imported_returns`).
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, Optional

#: after ``importedhelpers.KEY``: a function of another module returning a modelled library class
RETURNS = "\x1freturns:"
#: ... and one returning a project class (a ``@dataclass`` bundle) with fields annotated with such
#: classes: ``field=class`` pairs joined by ``;`` (``server=fastmcp.FastMCP``)
FIELDS = "\x1ffields:"


def module_imports(tree: ast.AST) -> Dict[str, str]:
    """Local name -> dotted name of a module's top-level absolute imports."""
    out: Dict[str, str] = {}
    for node in getattr(tree, "body", ()):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
    return out


def _dotted(node, imports: Dict[str, str]) -> Optional[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # -> "Conn" (a forward reference)
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(node, ast.Subscript) and isinstance(node.value, (ast.Name, ast.Attribute)) and \
            getattr(node.value, "id", getattr(node.value, "attr", "")) == "Optional":
        node = node.slice
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([imports.get(node.id, node.id), *reversed(parts)])


def imported_return(tree: ast.AST, name: str, constructors: FrozenSet[str]) -> Optional[str]:
    """The library class the top-level function ``name`` of a module (``tree``) is annotated to
    return, when a receiver row names it among its constructors; else None."""
    imports = module_imports(tree)
    for node in getattr(tree, "body", ()):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name and node.returns is not None:
            fq = _dotted(node.returns, imports)
            return fq if fq in constructors else None
    return None


def returned_fields(tree: ast.AST, name: str, constructors: FrozenSet[str]) -> Optional[str]:
    """``field=class;...`` of the fields of the class the top-level function ``name`` is annotated
    to return, when that class is defined in the same module and some of its class-level
    annotated fields (``server: FastMCP`` of a ``@dataclass``) name a modelled class; else None."""
    imports = module_imports(tree)
    body = getattr(tree, "body", ())
    fn = next((n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name), None)
    cls_name = _dotted(fn.returns, {}) if fn is not None and fn.returns is not None else None
    cls = next((n for n in body if isinstance(n, ast.ClassDef) and n.name == cls_name), None)
    if cls is None:
        return None
    fields = []
    for st in cls.body:
        if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
            fq = _dotted(st.annotation, imports)
            if fq in constructors:
                fields.append(f"{st.target.id}={fq}")
    return ";".join(fields) or None


def field_types(mod, fq: str) -> Dict[str, str]:
    """The modelled classes of the fields of what imported function ``fq`` returns (:data:`FIELDS`)."""
    return mod.__dict__.get("returned_fields", {}).get(fq, {})


def note_imported_returns(mod) -> None:
    """File each imported function's library return class under the name its import binds, and the
    field classes of the project class it returns (:func:`returned_fields`)."""
    fields = mod.__dict__.setdefault("returned_fields", {})
    from .receivergetters import note_method_returns

    for key, value in mod.imported_helpers.items():
        if note_method_returns(mod, key, value):
            continue  # manager.get_kernel() -> Optional[KernelClient] of another module (receivergetters.py)
        if key.startswith(RETURNS) and value:
            local = key[len(RETURNS):]
            mod.return_types.setdefault(mod.imports.get(local, local), value)
        elif key.startswith(FIELDS) and value:
            local = key[len(FIELDS):]
            fields.setdefault(mod.imports.get(local, local), dict(p.split("=", 1) for p in value.split(";")))


__all__ = ["FIELDS", "RETURNS", "field_types", "imported_return", "note_imported_returns", "returned_fields"]
