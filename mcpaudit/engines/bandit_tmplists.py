"""Temp folders listed as allowed roots: a list of places paths are only compared against (issue 12).

B108 reports ``"/var/tmp"`` wherever it is written. A folder that is one entry of a named list
(a class constant: ``SAFE_DELETE_PATHS = [tempfile.gettempdir(), "/var/tmp", ...]``, or a
module-private one, ``_ROOTS = (...)``; neither listed in ``__all__``)
every read of which only tests a path against its entries creates nothing in the folder: the
list is an allow-list (or a deny-list), and the hazard of a predictable name in a shared folder
needs something written there. A read of the list passes when it is

* the right side of ``in`` / ``not in``;
* the iterable of a ``for`` loop or a comprehension whose variable is only compared: an ``==``
  or ``in`` test, ``p.is_relative_to(v)`` / ``p.startswith(v)`` / ``os.path.commonpath([.., v])``,
  possibly through ``Path(v).resolve()`` or ``os.path.realpath(v)`` first (kept in a local name
  that is itself only compared).

The list may also be a function's local (``roots = [tempfile.gettempdir(), os.path.abspath("/tmp")]``
bound once, its reads in that function), and an entry may be normalised where it is written
(``os.path.abspath("/tmp")``, ``Path("/var/tmp")``). Any other read (a join, an ``open``, a
removal, a return of the list, also inside a returned report dict: the caller may write
through it) keeps the hit, as does a list bound more than once
(:func:`listed_roots`).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from ..astparents import enclosing_function
from .bandit_cleanup import _callee
from .bandit_tmpread import bound_once_loads
from .bandit_tmpsearch import TMP_PREFIXES, TmpStrings, tmp_strings

WHY = ("the temp folder is one entry of a list of roots that paths are only compared against (an allow-list): "
       "nothing is created in it")

#: calls that test a path against a root
_COMPARES = frozenset({"is_relative_to", "startswith", "relative_to", "commonpath", "commonprefix", "samefile"})
#: calls that normalise a path before it is compared
_NORMALISE = frozenset({"Path", "PurePath", "PosixPath", "resolve", "realpath", "abspath", "normpath", "expanduser",
                        "str", "absolute"})


def _exported(tree: ast.AST) -> frozenset:
    """The names a module's ``__all__`` lists."""
    out = set()
    for node in getattr(tree, "body", []):
        if isinstance(node, (ast.Assign, ast.AugAssign)) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in getattr(node, "targets", [getattr(node, "target", None)])):
            out |= {e.value for e in getattr(node.value, "elts", []) if isinstance(e, ast.Constant)}
    return frozenset(out)


def _list_name(const: ast.Constant, parents) -> Optional[Tuple[str, Optional[ast.AST]]]:
    """``NAME = [..., "/var/tmp", ...]`` at class level, module level under a private name
    (``_ROOTS``), or in a function: the name, and the function (None for the other two). A public
    module constant may be imported and written through in another module, where this file's
    reads do not show it."""
    node, seq = const, parents.get(id(const))
    if isinstance(seq, ast.Call) and (_callee(seq) or "") in _NORMALISE and len(seq.args) == 1 and seq.args[0] is node \
            and not seq.keywords:
        node, seq = seq, parents.get(id(seq))  # os.path.abspath("/tmp")
    if not isinstance(seq, (ast.List, ast.Tuple, ast.Set)):
        return None
    p = parents.get(id(seq))
    if isinstance(p, ast.Assign) and len(p.targets) == 1 and isinstance(p.targets[0], ast.Name) and p.value is seq:
        owner = parents.get(id(p))
        name = p.targets[0].id
        if isinstance(owner, ast.ClassDef) or (isinstance(owner, ast.Module) and name.startswith("_")):
            return name, None
        fn = enclosing_function(p, parents)
        if fn is not None and bound_once_loads(p, parents):
            return name, fn
    return None


def _compared(node: ast.AST, parents, depth: int = 0) -> bool:
    """A read of a root that only tests a path against it (possibly normalised first)."""
    if depth > 4:
        return False
    p = parents.get(id(node))
    if isinstance(p, ast.Compare):
        return True
    if isinstance(p, (ast.List, ast.Tuple)):  # os.path.commonpath([path, root])
        call = parents.get(id(p))
        return isinstance(call, ast.Call) and (_callee(call) or "") in _COMPARES and p in call.args
    if isinstance(p, ast.Attribute) and p.value is node:  # root.resolve(), root.startswith
        call = parents.get(id(p))
        if isinstance(call, ast.Call) and call.func is p:
            if p.attr in _COMPARES:
                return True
            return p.attr in _NORMALISE and _compared(call, parents, depth + 1)
        return False
    if isinstance(p, ast.Call) and node in p.args:
        name = _callee(p) or ""
        if name in _COMPARES:
            return True
        return name in _NORMALISE and _compared(p, parents, depth + 1)
    if isinstance(p, ast.Assign) and p.value is node:
        loads = bound_once_loads(p, parents)
        return bool(loads) and all(_compared(u, parents, depth + 1) for u in loads)
    return False


def _loop_var_compared(target: ast.AST, scope: ast.AST, parents) -> bool:
    if not isinstance(target, ast.Name):
        return False
    loads = [n for n in ast.walk(scope) if isinstance(n, ast.Name) and n.id == target.id and isinstance(n.ctx, ast.Load)]
    return bool(loads) and all(_compared(u, parents) for u in loads)


def _read_ok(ref: ast.AST, parents) -> bool:
    p = parents.get(id(ref))
    if isinstance(p, ast.Compare):
        return all(isinstance(op, (ast.In, ast.NotIn)) for op in p.ops) and ref in p.comparators
    if isinstance(p, (ast.For, ast.AsyncFor)) and p.iter is ref:
        return _loop_var_compared(p.target, p, parents)
    if isinstance(p, ast.comprehension) and p.iter is ref:
        return _loop_var_compared(p.target, parents.get(id(p)), parents)
    return False


def _reads(tree: ast.AST, name: str) -> Optional[List[ast.AST]]:
    """Every read of the list: ``NAME``, ``self.NAME``, ``cls.NAME``, ``Owner.NAME``; None when the
    name is bound again somewhere."""
    reads: List[ast.AST] = []
    stores = 0
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and n.id == name:
            if isinstance(n.ctx, ast.Load):
                reads.append(n)
            else:
                stores += 1
        elif isinstance(n, ast.Attribute) and n.attr == name:
            if isinstance(n.ctx, ast.Load):
                reads.append(n)
            else:
                return None
    return reads if stores == 1 else None


def listed_roots(text: str, lines: List[int], strings: Optional[TmpStrings] = None) -> Dict[int, str]:
    """For B108 hits on ``lines`` of a file's ``text``: the lines whose every temp-folder string is
    an entry of a list of roots only compared against (the reason, by line)."""
    verdict: Dict[int, bool] = {}
    for node, parents in tmp_strings(text, lines) if strings is None else strings:
        ok = node.value.rstrip("/") in TMP_PREFIXES
        found = _list_name(node, parents) if ok else None
        if found:
            name, tree = found
            if tree is None:
                tree = node
                while parents.get(id(tree)) is not None:
                    tree = parents[id(tree)]
            reads = _reads(tree, name)
            ok = bool(reads) and name not in _exported(tree) and all(_read_ok(r, parents) for r in reads)
        verdict[node.lineno] = verdict.get(node.lineno, True) and bool(found) and ok
    return {line: WHY for line, ok in verdict.items() if ok}


__all__ = ["WHY", "listed_roots"]
