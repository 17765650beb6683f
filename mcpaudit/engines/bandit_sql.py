"""Where bandit's ``B608`` (SQL built from strings) fires on text whose only inserted pieces are
generated placeholder lists.

``B608`` warns on any f-string, ``%``/``+`` chain or ``.format()`` that starts like SQL and
inserts something. A very common safe idiom inserts a run of bind-parameter markers made for a
list of values, every value then bound by the driver::

    placeholders = ",".join("?" for _ in ids)
    cur.execute(f"DELETE FROM t WHERE id IN ({placeholders})", ids)
    sql = "SELECT * FROM t WHERE id IN (%s)" % ", ".join(["%s"] * len(ids))
    sql = f"... IN ({('?,' * len(ids))[:-1]})"

Each inserted piece here is built from marker constants only (``?``, ``%s``, ``$1``, ``:name``,
``%(name)s``, optionally with commas and spaces), repeated by a count or by iterating the values:
nothing of the values' text reaches the SQL. A hit whose every inserted piece is such a run (or a
constant), directly or through a local name every assignment in the function binds to one, moves
to the audit view with the reason (:func:`placeholder_only`). A piece that is anything else (a
column name, a parameter, a value) keeps the finding.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Iterable, List, Optional, Set

REASON = ("the text inserts only a generated run of bind-parameter placeholders (every value is "
          "bound by the driver), so no value's text becomes SQL")
FRAGMENTS = ("the text inserts only fixed 'column = ?' fragments and bind-parameter placeholders (every "
             "value is bound by the driver), so no value's text becomes SQL")

#: a constant made of bind markers only: ``?``, ``%s``, ``$1``, ``:name``, ``%(name)s``, ``@p``,
#: with separators
_MARKERS = re.compile(r"[\s,()]*(?:(?:\?|%s|\$\d+|:\w+|%\(\w+\)s|@\w+)[\s,()]*)+")
#: an f-string element whose constant part is a marker prefix and whose value is a loop index
_PREFIX = re.compile(r"[\s,(]*(?:\$|:|@|:p|:param|@p)")


def _marker(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_MARKERS.fullmatch(node.value))


def _indexed_marker(node: ast.AST, comp: ast.AST) -> bool:
    """``f"${i}"`` in ``for i in range(...)`` (or ``enumerate``'s index): a numbered marker."""
    if not isinstance(node, ast.JoinedStr) or not isinstance(comp, (ast.GeneratorExp, ast.ListComp)):
        return False
    ints = set()
    for gen in comp.generators:
        it = gen.iter
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id in ("range", "enumerate"):
            tgt = gen.target.elts[0] if it.func.id == "enumerate" and isinstance(gen.target, ast.Tuple) \
                else gen.target if it.func.id == "range" else None
            if isinstance(tgt, ast.Name):
                ints.add(tgt.id)
    for part in node.values:
        if isinstance(part, ast.Constant):
            if not (isinstance(part.value, str) and (_PREFIX.fullmatch(part.value) or _MARKERS.fullmatch(part.value)
                                                     or not part.value.strip(" ,)"))):
                return False
        elif not (isinstance(part, ast.FormattedValue) and isinstance(part.value, (ast.BinOp, ast.Name))
                  and {n.id for n in ast.walk(part.value) if isinstance(n, ast.Name)} <= ints):
            return False
    return True


def _run(node: ast.AST) -> bool:
    """An expression that yields markers only: a marker constant, ``"?" * n``, ``["?"] * n``,
    ``[ "?" for _ in xs ]`` / a generator of them, ``SEP.join(<such>)``, a slice of one."""
    if _marker(node):
        return True
    if isinstance(node, ast.Subscript):
        return _run(node.value)  # ("?," * n)[:-1]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return any(_run(side) for side in (node.left, node.right))
    if isinstance(node, (ast.List, ast.Tuple)):
        return bool(node.elts) and all(_run(e) for e in node.elts)
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return _marker(node.elt) or _indexed_marker(node.elt, node)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join" \
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str) \
            and len(node.args) == 1 and not node.keywords:
        return _run(node.args[0])
    return False


class _Scope:
    """The bindings of each local name of one function (or the module)."""

    def __init__(self, scope: ast.AST):
        self.binds: Dict[str, List[Optional[ast.AST]]] = {}
        self.added: Dict[str, List[ast.Call]] = {}  # names.append(x): what a local list is given
        args = getattr(scope, "args", None)
        if args is not None:
            for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                if a is not None:
                    self.binds.setdefault(a.arg, []).append(None)  # a parameter: any value
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    self._bind(t, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
                self._bind(node.target, node.value if not isinstance(node, ast.AugAssign) else None)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension, ast.withitem)):
                self._bind(getattr(node, "target", None) or getattr(node, "optional_vars", None), None)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    isinstance(node.func.value, ast.Name) and node.func.attr in ("append", "extend", "insert"):
                self.added.setdefault(node.func.value.id, []).append(node)

    def _bind(self, target, value) -> None:
        if isinstance(target, ast.Name):
            self.binds.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for e in target.elts:
                self._bind(e, None)

    def safe(self, node: ast.AST) -> bool:
        """A constant, a marker run, or a local name bound only to those."""
        if isinstance(node, ast.Constant) or _run(node):
            return True
        if self.joined_fragments(node):
            return True  # ", ".join(update_fields): SET col = ? fragments
        if isinstance(node, ast.Name):
            values = self.binds.get(node.id)
            return bool(values) and all(v is not None and not isinstance(v, ast.Name) and self.safe(v)
                                        for v in values)
        return False


    def joined_fragments(self, node: ast.AST) -> bool:
        """``SEP.join(name)`` of a local list of ``column = ?`` fragments (:meth:`_fragments`)."""
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join" \
            and isinstance(node.func.value, ast.Constant) and len(node.args) == 1 and \
            isinstance(node.args[0], ast.Name) and self._fragments(node.args[0].id)

    def _fragments(self, name: str) -> bool:
        """Local list ``name`` holds only ``column = ?`` fragments: every binding a list literal of
        them (or empty), every ``append``/``extend``/``insert`` given them (a SET or WHERE list whose
        values are bound)."""
        values, added = self.binds.get(name), self.added.get(name, [])
        if not values or not all(isinstance(v, ast.List) and all(_fragment(e) for e in v.elts) for v in values):
            return False
        for call in added:
            arg = call.args[-1] if call.args and not call.keywords else None
            items = arg.elts if call.func.attr == "extend" and isinstance(arg, (ast.List, ast.Tuple)) else [arg]
            if arg is None or not all(_fragment(e) for e in items):
                return False
        return bool(added) or any(v.elts for v in values if isinstance(v, ast.List))


#: a SET or WHERE fragment comparing a fixed column with a bind marker: ``name = ?``, ``t.c >= %s``
_FRAGMENT = re.compile(r"\s*[A-Za-z_][\w.]*\s*(?:=|==|!=|<>|<=|>=|<|>|LIKE|ILIKE)\s*(?:\?|%s|\$\d+|:\w+|%\(\w+\)s|@\w+)\s*",
                       re.I)


def _fragment(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_FRAGMENT.fullmatch(node.value))


def _inserted(node: ast.AST) -> Optional[List[ast.AST]]:
    """The pieces a query-building expression inserts into its text, or None when ``node`` is not
    one (an f-string, ``+`` chain, ``%`` or ``.format()``)."""
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        out: List[ast.AST] = []
        for side in (node.left, node.right):
            inner = _inserted(side) if isinstance(side, (ast.BinOp, ast.JoinedStr)) else None
            out.extend(inner if inner is not None else ([] if isinstance(side, ast.Constant) else [side]))
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        right = node.right
        return list(right.elts) if isinstance(right, ast.Tuple) else [right]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
            and isinstance(node.func.value, ast.Constant):
        return [*node.args, *(k.value for k in node.keywords)]
    return None


def placeholder_only(tree: ast.Module, lines: Iterable[int]) -> Dict[int, str]:
    """For B608 hit ``lines`` of a file's parsed ``tree``: those where every query-building
    expression starting on the line inserts only placeholder runs or constants, with the reason."""
    lines = set(lines)
    if not lines:
        return {}
    found: Dict[int, List[bool]] = {}
    seen: Set[int] = set()
    fragments: Set[int] = set()
    for scope in [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        local: Optional[_Scope] = None
        for node in _own_nodes(scope):  # outer expressions before the ones inside them
            if getattr(node, "lineno", None) not in lines or id(node) in seen:
                continue
            pieces = _inserted(node)
            if not pieces:
                continue
            local = local or _Scope(scope)
            found.setdefault(node.lineno, []).append(all(local.safe(p) for p in pieces))
            fragments.update(node.lineno for p in pieces if local.joined_fragments(p))
            seen.update(id(n) for n in ast.walk(node))
    return {ln: FRAGMENTS if ln in fragments else REASON for ln, verdicts in found.items() if all(verdicts)}


def _own_nodes(scope: ast.AST):
    """The nodes of ``scope`` outside the functions it defines."""
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)) and node is not scope:
            if isinstance(node, ast.ClassDef):
                todo.extend(ast.iter_child_nodes(node))
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))
