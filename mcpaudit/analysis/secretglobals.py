"""Credentials a function stores in a module global (moved out of resolution.py)."""

from __future__ import annotations

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body


def secret_globals(mod, fn: cst.FunctionDef) -> None:
    """``global config; config = {"host": h, "password": pw}``: a function stores a credential in
    a module global, which every other function of the module then reads (a connection mapping
    put in an error text or a log line carries the password)."""
    stmts = list(N.walk_stmts(flat_body(fn.body)))
    declared = {n.name.value for s in stmts if isinstance(s, cst.Global) for n in s.names}
    for s in stmts:
        if not (declared and isinstance(s, cst.Assign) and isinstance(s.value, cst.Dict)):
            continue
        key = next((N.string_value(e.key) for e in s.value.elements if isinstance(e, cst.DictElement)
                    and mod.M.is_secret_name(N.string_value(e.key) or "") and not N.is_literal(e.value)), None)
        for t in s.targets:
            if key and isinstance(t.target, cst.Name) and t.target.value in declared:
                mod.secret_globals.setdefault(t.target.value, key)
