"""The class of ``self.<attr>`` built from a name a method imports itself (issue 12).

    class Store:
        def _create_client(self):
            from pymilvus import MilvusClient       # imported lazily, inside the method
            self.client = MilvusClient(uri=URI)

        def get(self, name):
            return self.client.query(name, ...)     # self.client: a pymilvus.MilvusClient

The types of a class's attributes are read from every method before any is analysed
(``class_attr_types``); the constructor's name was resolved through the module's imports only,
so an object built from a function-local import was typed by its bare name (``MilvusClient``)
and its methods were matched by the receiver's name alone (an HTTP client's ``delete``, a database
handle's ``query``). :func:`note_local_import_types` types such attributes by the import the
method makes.
"""

from __future__ import annotations

from typing import Dict

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body


def _smalls(fn: cst.FunctionDef):
    """The small statements of a function's body, its branches' included (not nested functions')."""
    for stmt in N.walk_stmts(flat_body(fn.body)):
        if isinstance(stmt, cst.SimpleStatementLine):
            yield from stmt.body
        elif isinstance(stmt, cst.BaseSmallStatement):
            yield stmt


def _local_imports(fn: cst.FunctionDef) -> Dict[str, str]:
    """Names a function's own ``import`` / ``from ... import`` statements bind (absolute ones)."""
    out: Dict[str, str] = {}
    for small in _smalls(fn):
        if isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative and \
                not isinstance(small.names, cst.ImportStar):
            base = N.dotted_text(small.module)
            for alias in small.names:
                name = N.dotted_text(alias.name)
                local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
                out[local] = f"{base}.{name}"
        elif isinstance(small, cst.Import):
            for alias in small.names:
                full = N.dotted_text(alias.name)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    out[alias.asname.name.value] = full
    return out


def note_local_import_types(mod, body) -> None:
    """``self.x = Name(...)`` in a method that imports ``Name`` itself: ``self.x`` is of the
    imported class (unless the module imports that name at its top level too)."""
    for cls in body:
        if not isinstance(cls, cst.ClassDef):
            continue
        attrs = mod.class_attr_types.setdefault(cls.name.value, {})
        for fn in flat_body(cls.body):
            if not isinstance(fn, cst.FunctionDef):
                continue
            local = _local_imports(fn)
            if not local:
                continue
            for small in _smalls(fn):
                call = N.constructed(small.value) if isinstance(small, cst.Assign) else None
                if call is None or not isinstance(call.func, cst.Name) or call.func.value not in local \
                        or call.func.value in mod.imports:
                    continue
                for t in small.targets:
                    d = mod.dotted(t.target)
                    if d and d.startswith("self.") and d.count(".") == 1 and attrs.get(d) in (None, call.func.value):
                        attrs[d] = local[call.func.value]


__all__ = ["note_local_import_types"]
