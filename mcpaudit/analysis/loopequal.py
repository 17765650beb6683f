"""Equality with an element of a server-built collection: ``for f in files: if f == candidate:``.

Inside the branch where a caller's value equals the loop's element, the value *is* that element
(py55c): when the loop walks a collection the caller did not choose (the server's index of its
own documents, a configured list), the value is one of the server's items, as after ``if
candidate in files``: an allow-list (``Narrowing._membership_narrowings``). The usual shape saves
the value (``resolved = candidate; break``) and refuses when nothing matched (``if not resolved:
return``); the saved value carries the narrowing from the branch. A loop over the caller's own
list (a parameter, or anything tainted) proves nothing and stays reported.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..lazycst import cst
from . import cstnodes as N
from .taintvalue import ALL

_LOOPS: Dict[int, tuple] = {}


def _loop_iters(fn) -> Dict[str, List[cst.BaseExpression]]:
    """For-loop target name -> every iterable a ``for`` of ``fn`` binds it from."""
    held = _LOOPS.get(id(fn))
    if held is not None and held[0] is fn:
        return held[1]
    out: Dict[str, List[cst.BaseExpression]] = {}

    class _V(cst.CSTVisitor):
        def visit_For(self, node: cst.For) -> None:
            if isinstance(node.target, cst.Name):
                out.setdefault(node.target.value, []).append(node.iter)

        def visit_FunctionDef(self, node: cst.FunctionDef) -> Optional[bool]:
            return node is fn  # a nested function's loops are its own

    fn.visit(_V())
    _LOOPS.clear() if len(_LOOPS) > 256 else None
    _LOOPS[id(fn)] = (fn, out)
    return out


def _server_made(t) -> bool:
    """No caller value in it: nothing, or only what a project call returned (``("c", n)``, as
    ``Narrowing._membership_narrowings`` takes ``tables = list_tables()``)."""
    return not t or all(k[0] == "c" for k in t)


def element_equality(interp, left, right) -> list:
    """``[(var, {ALL}, None, "allow-list")]`` when one side is the tainted value and the other
    the element of a loop over a collection no caller value reached (the server's own, or one a
    project function computed), else ``[]``."""
    fn = getattr(interp, "fn", None)
    if fn is None:
        return []
    for value, elem in ((left, right), (right, left)):
        var = N.var_of(value)
        if not var or not isinstance(elem, cst.Name) or not interp.env.get(var):
            continue
        iters = _loop_iters(fn).get(elem.value)
        if not iters or not _server_made(interp.env.get(elem.value)):
            continue
        if all(isinstance(i, (cst.Name, cst.Attribute, cst.Call)) and _server_made(interp.ev_quiet(i)) for i in iters):
            return [(var, frozenset({ALL}), None, "allow-list")]
    return []


__all__ = ["element_equality"]
