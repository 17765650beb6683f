"""Membership proved by a lookup: a value that must equal a row of a parameterised SELECT.

``cur.execute("SELECT id FROM bin WHERE schema = %s AND name = %s", [schema, name])``, then
``row = cur.fetchone()`` and ``if not row: return``: past the check, ``schema`` and ``name`` each
equal a value the database holds, not one the caller made up; placing them in a later statement
is as safe as placing any name read from the catalog (the same holds for ``if x not in
list_x(): return``, a list computed at run time, see ``Narrowing._membership_narrowings``).

What counts: a constant query text (a literal or a constant variable) that starts with SELECT or
WITH, has no OR and no NOT (either can let a row through that the value does not match), and no
aggregate (``count(*)``, ``exists(...)`` return a row whatever matched); a parameter is proved
only when its placeholder (``%s``, ``%(name)s``, ``?``, ``$1``, ``:name``) follows ``=``. The row
is the next ``fetchone``/``fetchall``/``fetchmany`` of the same cursor, or the result of the
asyncpg-style ``fetchrow``/``fetchval``/``fetch`` call that ran the query; the check is that the
row is truthy (``if not row``, ``if row is None``, ``if not cur.fetchone()``).
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .taintvalue import ALL

_PLACEHOLDER = re.compile(r"%s|%\((\w+)\)s|\?|\$(\d+)|(?<![:\w]):([A-Za-z_]\w*)")
_EQUALS = re.compile(r"(?<![<>!=])=\s*$")
_REJECT = re.compile(r"(?i)\b(or|not)\b|\b(count|sum|max|min|avg|exists|bool_or|bool_and|every|\w+_agg)\s*\(")
_READ = re.compile(r"(?is)^\s*(select|with)\b")
_FETCH_ROW = ("fetchone", "fetchall", "fetchmany")
_RUN_AND_FETCH = ("fetchrow", "fetchval", "fetch")
WHY = "found by a parameterised lookup"


def equality_keys(query: str) -> Optional[List[Tuple[str, bool]]]:
    """Each placeholder's key (its position or name) and whether it is compared by ``=``; None
    when the query is not a lookup that proves anything."""
    if not _READ.match(query) or _REJECT.search(query):
        return None
    out, n = [], 0
    for m in _PLACEHOLDER.finditer(query):
        if m.group(1) or m.group(3):
            key = m.group(1) or m.group(3)
        elif m.group(2):
            key = str(int(m.group(2)) - 1)
        else:
            key, n = str(n), n + 1
        out.append((key, bool(_EQUALS.search(query[:m.start()]))))
    return out


def _bound(node, keys) -> List[str]:
    """The variables a parameter list/tuple/dict literal binds to equality placeholders."""
    names: Dict[str, Optional[str]] = {}
    if isinstance(node, (cst.List, cst.Tuple)):
        names = {str(i): N.var_of(e.value) for i, e in enumerate(node.elements)}
    elif isinstance(node, cst.Dict):
        names = {N.string_value(e.key) or "": N.var_of(e.value) for e in node.elements if isinstance(e, cst.DictElement)}
    proved = {}
    for key, eq in keys:
        proved[key] = proved.get(key, True) and eq
    return [v for k, v in names.items() if v and proved.get(k)]


class Lookups:
    """Mixed into the function interpreter (through Narrowing)."""

    def note_lookup(self, call: cst.Call, method: Optional[str], recv_node) -> None:
        """A query call: remember which variables a row of it proves (by cursor and by call)."""
        lookups = self.__dict__.setdefault("_lookups", {})
        recv = self.mod.dotted(recv_node) if recv_node is not None else None
        positional = [a for a in call.args if a.keyword is None and not a.star]
        text = None
        if positional:
            q = positional[0].value
            text = N.string_value(q)
            if text is None and isinstance(q, cst.Name):
                text = self.string_constants.get(q.value)
        keys = equality_keys(text) if text else None
        proved: List[str] = []
        if keys is not None and method in _RUN_AND_FETCH:
            proved = _bound(cst.Tuple([cst.Element(a.value) for a in positional[1:]]), keys)
        elif keys is not None:
            params = positional[1].value if len(positional) > 1 else next(
                (a.value for a in call.args if a.keyword is not None and a.keyword.value in ("params", "parameters", "args", "vars")), None)
            proved = _bound(params, keys) if params is not None else []
        lookups[id(call)] = proved
        if recv:
            lookups[recv] = proved

    def note_lookup_var(self, target, value_node) -> None:
        """``row = cur.fetchone()`` / ``row = await conn.fetchrow(q, x)``: what ``row`` proves."""
        rows = self.__dict__.setdefault("_lookup_rows", {})
        if not isinstance(target, cst.Name):
            return
        rows.pop(target.value, None)
        proved = self._row_proves(value_node)
        if proved:
            rows[target.value] = proved

    def _row_proves(self, node) -> List[str]:
        node = node.expression if isinstance(node, cst.Await) else node
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
            return []
        lookups = self.__dict__.get("_lookups", {})
        method = node.func.attr.value
        if method == "get" and self._keyed_table(node):
            var = N.var_of(node.args[0].value)
            return [var] if var else []
        if method in _RUN_AND_FETCH:
            return lookups.get(id(node), [])
        if method in _FETCH_ROW:
            return lookups.get(self.mod.dotted(node.func.value) or "", [])
        return []

    def _keyed_table(self, call: cst.Call) -> bool:
        """``SPECS.get(name)`` (no default, or ``None``) on a dict literal of constant keys bound in
        this function, the enclosing one or the module, that nothing in the module writes into:
        a value found there makes ``name`` one of those keys (an allow-list by lookup)."""
        recv = call.func.value
        if not (isinstance(recv, cst.Name) and call.args and not call.args[0].keyword and (
                len(call.args) == 1 or (isinstance(call.args[1].value, cst.Name)
                                        and call.args[1].value.value == "None"))) or len(call.args) > 2:
            return False
        name, table = recv.value, None
        for values in (self.local_values, getattr(self, "outer_values", None) or {}):
            if name in values:
                table = values[name]
                break
        else:
            if name in self.env or name not in self.mod.module_values:
                return False
            table = self.mod.module_values[name]
        if not (isinstance(table, cst.Dict) and table.elements and all(
                isinstance(e, cst.DictElement) and N.string_value(e.key) is not None for e in table.elements)):
            return False
        return name not in N.module_mutated(self.mod)

    def lookup_narrowings(self, cond, truth: bool) -> list:
        """The row of a lookup is truthy (or not None): its equality parameters are proved."""
        proved: List[str] = []
        comp = cond.comparisons[0] if isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1 else None
        if comp is not None and isinstance(comp.comparator, cst.Name) and comp.comparator.value == "None":
            op = comp.operator
            if (isinstance(op, cst.Is) and not truth) or (isinstance(op, cst.IsNot) and truth):
                cond, truth = cond.left, True
        if not truth:
            return []
        if isinstance(cond, cst.Name):
            proved = self.__dict__.get("_lookup_rows", {}).get(cond.value, [])
        else:
            proved = self._row_proves(cond)
        return [(v, frozenset({ALL}), None, WHY) for v in proved if self.env.get(v)]
