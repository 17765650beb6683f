"""A server's read-only role defined as the SQL verbs it allows.

``ROLE_PERMISSIONS = {"readonly": ["SELECT", "SHOW", "DESCRIBE"], "admin": [...]}``: the server
offers a read-only mode, and the only way such a table can be enforced is by looking for the verbs
in the query text. Statements the list does not name (REPLACE, GRANT, CALL, SET, LOAD DATA,
SELECT ... INTO OUTFILE) and stacked statements pass it, so caller query text that runs with no
read-only mode the database enforces breaks the mode (``tool-read-only-bypass``, see
:mod:`.claims`). The entry names (``role-names``) and the verbs (``read-prefixes``) are the SQL
models' ``read-only-checks``.
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N


def _norm(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


def read_only_role(mod, body) -> Optional[Tuple[int, str]]:
    """(line of the table, how it reads) of the first module-level table entry that defines a
    read-only role by the read verbs it allows, or None."""
    M = mod.M
    if not M.read_only_roles:
        return None
    for stmt in body:
        if not isinstance(stmt, (cst.Assign, cst.AnnAssign)) or not isinstance(stmt.value, cst.Dict):
            continue
        for e in stmt.value.elements:
            if not isinstance(e, cst.DictElement) or not isinstance(e.value, (cst.List, cst.Tuple, cst.Set)):
                continue
            key = N.string_value(e.key)
            if key is None or _norm(key) not in M.read_only_roles:
                continue
            verbs = [N.string_value(x.value) for x in e.value.elements]
            if verbs and all(v is not None and v.strip().upper() in M.read_prefixes for v in verbs):
                return mod.pos(stmt)[0], f"role '{key}' allows {', '.join(v.strip().upper() for v in verbs)}"
    return None


__all__ = ["read_only_role"]
