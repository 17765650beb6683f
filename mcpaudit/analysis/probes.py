"""A listing used only as a test: ``if not os.listdir(d)``, ``len(os.listdir(d)) == 0``.

A directory listing (``os.listdir``, ``os.scandir``, ``glob.glob``) changes nothing; what makes it
an access is what it returns: the names in a directory the caller chose, handed on to the caller
or to another sink. Where the result only becomes a truth value or a comparison (is the
directory empty? is this name in it?), none of it goes anywhere: like ``os.path.exists``, a
probe, not an access. The call that acts on the same path (the ``rmdir`` next to it) is its own
sink and is reported on its own.
"""

from __future__ import annotations

from typing import Dict, Optional

from ..lazycst import cst

from .positions import TOKEN_TYPES
from .visitorder import kids_reversed

#: builtins that turn their one argument into a truth value, and into a count
_TRUTH = frozenset({"bool"})
_COUNT = frozenset({"len"})


def _parents(root: cst.CSTNode) -> Dict[int, cst.CSTNode]:
    """Each node's parent under ``root`` (by ``id``), recorded in libcst's visiting order; tokens
    (whitespace, operators: nothing asks for their parents, nothing but tokens below them) left out."""
    out: Dict[int, cst.CSTNode] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        kids = [k for k in kids_reversed(node) if type(k) not in TOKEN_TYPES]
        for child in reversed(kids):
            out[id(child)] = node
        stack.extend(kids)
    return out


def _is_test_of(parent: cst.CSTNode, node: cst.CSTNode) -> bool:
    return isinstance(parent, (cst.If, cst.While, cst.IfExp, cst.Assert)) and parent.test is node


def _truth_only(node: cst.CSTNode, parents: Dict[int, cst.CSTNode]) -> bool:
    """The value of ``node`` is used only as a truth value (a test, ``not``, a comparison)."""
    parent: Optional[cst.CSTNode] = parents.get(id(node))
    if parent is None:
        return False
    if _is_test_of(parent, node) or isinstance(parent, cst.Comparison):
        return True
    if isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not):
        return True
    if isinstance(parent, cst.BooleanOperation):
        return _truth_only(parent, parents)  # `a and x` is x itself unless it is tested
    if isinstance(parent, cst.Arg) and parent.keyword is None and parent.star == "":
        call = parents.get(id(parent))
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and len(call.args) == 1:
            if call.func.value in _TRUTH:
                return True
            if call.func.value in _COUNT:
                return _truth_only(call, parents)  # len(...) == 0; a count handed on is not
    return False


def used_only_as_test(stmt: cst.CSTNode, call: cst.Call) -> bool:
    """True when ``call``'s result in ``stmt`` is used only as a truth value or compared."""
    if stmt is None:
        return False
    return _truth_only(call, _parents(stmt))


__all__ = ["used_only_as_test"]
