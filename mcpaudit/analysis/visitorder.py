"""libcst's visiting order, without libcst's ``visit``.

``node.visit(visitor)`` rebuilds every node it passes (``_visit_and_replace_children`` calls the
node's constructor with the visited children, even for a read-only ``CSTVisitor``) and runs a
dozen Python calls and ABC instance checks per node: a tenth of the analysis went to the few
visitors it runs. The order it visits children in is the order of the ``visit_*(self, "field",
...)`` calls in each class's ``_visit_and_replace_children`` (not the dataclass field order:
``Call`` visits ``lpar`` before ``func``); the field names are that method's string constants, in
the order the compiler met them. :func:`find_all` and :func:`visit` walk the fields in that order
and call the visitor's methods as libcst does (``on_visit`` / ``visit_<Node>``, returning False to
skip the children; ``visit_<Node>_<field>`` / ``leave_<Node>_<field>`` around each field;
``on_leave`` / ``leave_<Node>``), on the original nodes. ``tests/analysis/test_visitorder.py``
compares both with libcst's own visit on every fixture. A node class whose order cannot be read
(no ``_visit_and_replace_children`` code) sends the whole call to libcst's visit.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ..lazycst import Visitor, cst

from .positions import TOKEN_TYPES, VISIT_KIDS, node_fields



_ORDER: Dict[type, Optional[Tuple[str, ...]]] = {}


def visit_order(t: type) -> Optional[Tuple[str, ...]]:
    """The fields of node class ``t`` in the order libcst visits them; None when unknown."""
    try:
        return _ORDER[t]
    except KeyError:
        pass
    fields = getattr(t, "__dataclass_fields__", None)
    code = getattr(getattr(t, "_visit_and_replace_children", None), "__code__", None)
    order: Optional[Tuple[str, ...]] = None
    if fields is not None and code is not None:
        order = tuple(dict.fromkeys(c for c in code.co_consts if type(c) is str and c in fields))
    _ORDER[t] = order
    return order


def _kids(n, order) -> List[cst.CSTNode]:
    out: List[cst.CSTNode] = []
    node_fields(n, order, _NO_SKIP, out)
    return out


_NO_SKIP: frozenset = frozenset()


def kids_reversed(n: cst.CSTNode) -> List[cst.CSTNode]:
    """``n.children`` (the nodes libcst visits right below ``n``, in its order), reversed; read
    once per node while a module is analysed (:data:`~.positions.VISIT_KIDS`), where libcst's
    property runs a visitor over the node every time. Not to be changed by the caller."""
    entry = VISIT_KIDS.get(id(n))
    if entry is not None and entry[0] is n:
        return entry[1]
    order = visit_order(type(n))
    kids = _kids(n, order) if order is not None else list(n.children)
    kids.reverse()
    VISIT_KIDS[id(n)] = (n, kids)
    return kids


#: per ``types`` argument of :func:`find_all`: ({node type: instance of types}, whether no token
#: type is one of them, so that the tokens' subtrees, tokens only, need no walk)
_WANTED: Dict[object, Tuple[Dict[type, bool], bool]] = {}


def find_all(root: cst.CSTNode, types) -> List[cst.CSTNode]:
    """Every node under ``root`` (itself included) that is an instance of ``types``, in the order
    a libcst visitor meets them (source order)."""
    entry = _WANTED.get(types)
    if entry is None:
        entry = _WANTED[types] = ({}, not any(issubclass(t, types) for t in TOKEN_TYPES))
    wanted, prune = entry
    order_of = _ORDER
    kept = VISIT_KIDS  # each node's children, reversed (positions.FIELD_KIDS says why)
    out: List[cst.CSTNode] = []
    stack = [root]
    pop, extend = stack.pop, stack.extend
    while stack:
        n = pop()
        tn = type(n)
        order = order_of.get(tn)
        if order is None:
            order = visit_order(tn)
            if order is None:  # libcst's own visit for this subtree (it is contiguous in the order)
                out.extend(_libcst_find_all(n, types))
                continue
        hit = wanted.get(tn)
        if hit is None:
            hit = wanted[tn] = issubclass(tn, types)
        if hit:
            out.append(n)
        if prune and tn in TOKEN_TYPES:
            continue
        entry = kept.get(id(n))
        if entry is None or entry[0] is not n:
            kids = _kids(n, order)
            kids.reverse()
            entry = kept[id(n)] = (n, kids)
        extend(entry[1])
    return out


class _FindAll(Visitor):
    def __init__(self, types):
        super().__init__()
        self.types = types
        self.found: List[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, self.types):
            self.found.append(node)
        return True


def _libcst_find_all(root, types) -> List[cst.CSTNode]:
    v = _FindAll(types)
    root.visit(v)
    return v.found


_HOOKS = ("on_visit", "on_leave", "on_visit_attribute", "on_leave_attribute")
_FIELD_METHOD = re.compile(r"^(?:visit|leave)_[A-Z][A-Za-z]*_[a-z_]+$")
#: per visitor class: None when it overrides one of libcst's dispatch hooks other than
#: ``on_visit`` or has a ``visit_<Node>_<field>`` / ``leave_<Node>_<field>`` method (libcst calls
#: those around a field only when the field is visited, and some fields are visited only when
#: set: such a visitor goes to libcst's visit), else {node type: (visit_<Node> or None,
#: leave_<Node> or None, field order)}
_PLANS: Dict[type, Optional[Dict[type, tuple]]] = {}
#: the visitor classes of :data:`_PLANS` with an ``on_visit`` of their own: libcst calls it for
#: every node (it dispatches to ``visit_<Node>`` itself) and visits the children when it returns
#: a true value; :func:`_visit_hooked` does the same
_ON_VISIT: Dict[type, bool] = {}


def _plan(cls) -> Optional[Dict[type, tuple]]:
    if cls not in _PLANS:
        plain = all(getattr(cls, h) is getattr(cst.CSTVisitor, h) for h in _HOOKS[1:]) and \
            not any(_FIELD_METHOD.match(name) and _method(cls, name) for name in _own_names(cls))
        _PLANS[cls] = {} if plain else None
        _ON_VISIT[cls] = getattr(cls, "on_visit") is not getattr(cst.CSTVisitor, "on_visit")
    return _PLANS[cls]


def _own_names(cls) -> List[str]:
    """The names :func:`_method` can find on visitor class ``cls``: those its own classes define
    (not libcst's ``CSTVisitor`` or its bases). A name only those define resolves on ``cls`` to
    the very object it is on ``CSTVisitor`` (the method resolution order keeps ``CSTVisitor``'s
    own order), so it is no method of the visitor's own: ``dir(cls)`` would add the 1,635 names
    libcst defines, each tried against :data:`_FIELD_METHOD` (6,500 regex calls a scan)."""
    if not (isinstance(cls, type) and issubclass(cls, cst.CSTVisitor)):
        return dir(cls)
    base = set(cst.CSTVisitor.__mro__)
    return list(dict.fromkeys(name for c in cls.__mro__ if c not in base for name in vars(c)))


def _method(cls, name: str) -> Optional[str]:
    """``name`` when the visitor class has a method of that name of its own (libcst's
    ``CSTVisitor`` has one for every node and field, doing nothing), else None."""
    m = getattr(cls, name, None)
    return name if callable(m) and m is not getattr(cst.CSTVisitor, name, None) else None


def visit(root: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """``root.visit(visitor)`` for a read-only ``CSTVisitor``, without rebuilding the tree."""
    cls = type(visitor)
    plan = _plan(cls)
    if plan is None:
        root.visit(visitor)
    elif _ON_VISIT[cls]:
        _visit_hooked(root, visitor, plan, cls)
    else:
        _visit(root, visitor, plan, cls)


def _visit(node, visitor, plan, cls) -> None:
    t = type(node)
    entry = plan.get(t)
    if entry is None:
        order = visit_order(t)
        if order is None:
            node.visit(visitor)
            return
        name = t.__name__
        entry = plan[t] = (_method(cls, f"visit_{name}"), _method(cls, f"leave_{name}"), order)
    enter, leave, order = entry
    if enter is None or getattr(visitor, enter)(node) is not False:
        for kid in _kids(node, order):
            _visit(kid, visitor, plan, cls)
    if leave is not None:
        getattr(visitor, leave)(node)


def _visit_hooked(node, visitor, plan, cls) -> None:
    """:func:`_visit` for a visitor with an ``on_visit`` of its own (libcst's ``CSTNode.visit``:
    ``on_visit``, the children when it returned a true value, then ``on_leave``, which calls
    ``leave_<Node>``)."""
    t = type(node)
    entry = plan.get(t)
    if entry is None:
        order = visit_order(t)
        if order is None:
            node.visit(visitor)
            return
        entry = plan[t] = (None, _method(cls, f"leave_{t.__name__}"), order)
    _enter, leave, order = entry
    if visitor.on_visit(node):
        for kid in _kids(node, order):
            _visit_hooked(kid, visitor, plan, cls)
    if leave is not None:
        getattr(visitor, leave)(node)
