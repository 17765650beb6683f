"""Post-init hooks that keep each field to itself.

A record class's ``__post_init__`` (``model_post_init``, ``__attrs_post_init__``) runs after the
fields are set and may compute one from another (``self.url = f"{self.host}/{self.path}"``):
records.py then tells none of the class's fields apart. Many hooks only check fields and
normalise each one from itself (``if not self.flags: self.flags = []``, ``self.proxy =
parse(self.proxy)``, ``self.timeout = 60_000``) or raise: every store into ``self.X`` reads no
other field of ``self``, no ``setattr``, no method of its own, ``self`` handed to no function
(``super().__post_init__()``, the base's hook, is read on its own). Such a hook mixes no fields.
A field moved through a local counts as read where the local is stored (``host = self.host;
self.url = f"https://{host}/x"`` mixes ``host`` into ``url``): :func:`_local_fields`.
"""

from __future__ import annotations

from typing import Dict, List, Set, Tuple

from ..lazycst import Visitor, cst

from .visitorder import visit


def _self_attrs(node) -> Set[str]:
    """The attributes of ``self`` an expression reads."""
    found: Set[str] = set()

    class _Reads(cst.CSTVisitor):
        def visit_Attribute(self, n: cst.Attribute) -> None:
            if isinstance(n.value, cst.Name) and n.value.value == "self":
                found.add(n.attr.value)

    if node is not None:
        visit(node, _Reads())
    return found


class _Names(Visitor):
    def __init__(self) -> None:
        self.found: Set[str] = set()

    def visit_Name(self, n: cst.Name) -> None:
        if n.value != "self":
            self.found.add(n.value)

    def visit_Attribute(self, n: cst.Attribute) -> bool:
        visit(n.value, self)  # the attribute's own name is no variable
        return False


def _plain_names(node) -> Set[str]:
    """The plain names an expression (or a binding target) mentions, ``self`` left out."""
    v = _Names()
    if node is not None:
        visit(node, v)
    return v.found


class _Binds(Visitor):
    """(names bound, value) of each assignment, loop and walrus of a hook to a plain target."""

    def __init__(self) -> None:
        self.binds: List[Tuple[Set[str], object]] = []

    def _bind(self, target, value) -> None:
        if not isinstance(target, cst.Attribute) and not _self_attrs(target):
            self.binds.append((_plain_names(target), value))

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            self._bind(t.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target, node.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, node.value)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target, node.iter)


def _local_fields(fn: cst.FunctionDef) -> Dict[str, Set[str]]:
    """For each local of the hook bound (assigned, looped over, walrus) from a value that reads
    fields of ``self`` (directly or through another such local): those fields."""
    b = _Binds()
    visit(fn.body, b)
    reads = [(targets, _self_attrs(value), _plain_names(value)) for targets, value in b.binds]
    out: Dict[str, Set[str]] = {}
    grew = True
    while grew:
        grew = False
        for targets, fields, names in reads:
            got = set(fields)
            for n in names:
                got |= out.get(n, set())
            for t in targets:
                if not got <= out.get(t, set()):
                    out.setdefault(t, set()).update(got)
                    grew = True
    return out


def _is_super(node) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "super"


class _Mixes(Visitor):
    def __init__(self, locals_: Dict[str, Set[str]]) -> None:
        self.mixes = False
        self.locals = locals_

    def _reads(self, value) -> Set[str]:
        """The fields a stored value reads, itself or through locals holding them."""
        got = _self_attrs(value)
        for n in _plain_names(value):
            got |= self.locals.get(n, set())
        return got

    def _store(self, target, value) -> None:
        if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == "self":
            if self._reads(value) - {target.attr.value}:
                self.mixes = True
        elif _self_attrs(target):  # self.a.b = ..., self.items[k] = ..., (self.a, self.b) = ...
            self.mixes = True

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            self._store(t.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._store(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._store(node.target, node.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._store(node.target, node.value)

    def visit_Call(self, node: cst.Call) -> None:
        f = node.func
        if isinstance(f, cst.Name) and f.value in ("setattr", "vars"):
            self.mixes = True
        if isinstance(f, cst.Attribute):
            owner = f.value
            if isinstance(owner, cst.Name) and owner.value == "self" or f.attr.value == "__setattr__":
                self.mixes = True  # self.normalise(), object.__setattr__(self, "a", ...)
            elif isinstance(owner, cst.Attribute) and isinstance(owner.value, cst.Name) and owner.value.value == "self":
                # self.flags.extend(self.extra): a field changed with another one
                if owner.attr.value == "__dict__" or any(_self_attrs(a.value) - {owner.attr.value} for a in node.args):
                    self.mixes = True
        if not _is_super(node) and any(isinstance(a.value, cst.Name) and a.value.value == "self" for a in node.args):
            self.mixes = True


def field_local(fn: cst.FunctionDef) -> bool:
    """Whether a post-init hook only checks the fields and rewrites each one from itself."""
    v = _Mixes(_local_fields(fn))
    visit(fn.body, v)
    return not v.mixes
