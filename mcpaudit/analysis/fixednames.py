"""A file of a fixed name read only for a yes/no: existence probing, not file access.

Project-root and workspace detection walks from a folder the caller names up to its parents and
looks for marker files whose names the author wrote (``package.json``, ``pyproject.toml``)::

    def _is_node_project(manifest: Path) -> bool:
        data = json.load(open(manifest))
        return bool(data.get("name"))

    ...  _is_node_project(folder / "package.json")

The caller picks the folder, never the file: ``../`` reaches another folder's ``package.json``,
not ``/etc/shadow``; and what is read becomes a truth value, so nothing of the content reaches
anyone. That tells the caller whether such a file exists (and one bit about it): a probe, like
``os.path.exists``, reported in the audit view only. Two facts make it:

- the path was joined with a constant final component that names one file (:data:`FIXED_NAME`,
  a mark on the folder's taint set by ``folder / "name"``, ``os.path.join(folder, "name")``,
  ``folder.joinpath("name")``; dropped again by ``.parent``);
- the function that reads it returns only truth values and keeps nothing of what it read
  (:func:`truth_only_reader`): its results are ``bool`` (by annotation, or every ``return`` is a
  comparison, ``not``, ``bool(...)``, ``isinstance(...)``, ``.startswith(...)``, an ``is...()``
  method, ``True``/``False``, or a local
  assigned only such values) and it stores nothing into an attribute, an item or a global.

A write, or a read whose content is returned, stays a finding (at the confidence the flow has).
"""

from __future__ import annotations

from typing import Dict, Optional

from ..lazycst import Visitor, cst

from . import cstnodes as N
from .taintvalue import Info, Taint

#: clean mark: the path's last component is a file name the code wrote (not a sink family)
FIXED_NAME = "~fixed-name"
NOTE = "a file of a fixed name in the caller's folder, read only for a yes/no: existence probing"

_TRUTH_CALLS = frozenset({"bool", "isinstance", "issubclass", "callable", "hasattr", "any", "all"})
_TRUTH_METHODS = frozenset({"startswith", "endswith", "exists"})


def fixed_file_name(node: Optional[cst.CSTNode]) -> bool:
    """A string constant naming one file: no separator, not ``.``/``..``, no glob character."""
    return fixed_file_name_text(N.string_value(node) if node is not None else None)


def fixed_file_name_text(s: Optional[str]) -> bool:
    """:func:`fixed_file_name` of a constant's text (the TypeScript side: ts/fixedreads.py)."""
    return bool(s) and s not in (".", "..") and not any(c in s for c in "/\\*?[")


def mark_fixed(t: Taint) -> Taint:
    return {label: info.replace(clean=info.clean | {FIXED_NAME}) for label, info in t.items()} if t else t


def drop_fixed(t: Taint) -> Taint:
    """``path.parent``: the folder, whatever file it was joined with (a digest name too: digestnames.py)."""
    from .digestnames import DIGEST_NAME

    names = {FIXED_NAME, DIGEST_NAME}
    if not t or not any(names & i.clean for i in t.values()):
        return t
    return {label: (i.replace(clean=i.clean - names) if names & i.clean else i) for label, i in t.items()}


def is_fixed(info: Info) -> bool:
    return FIXED_NAME in info.clean


def _truthy(node: cst.BaseExpression, truth_names: Dict[str, bool]) -> bool:
    if isinstance(node, cst.Name):
        return node.value in ("True", "False") or truth_names.get(node.value, False)
    if isinstance(node, cst.Comparison):
        return True
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, cst.Not)
    if isinstance(node, cst.BooleanOperation):
        return _truthy(node.left, truth_names) and _truthy(node.right, truth_names)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
        return node.func.value in _TRUTH_CALLS
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        name = node.func.attr.value  # text.startswith("module "), s.isdigit(), p.is_file()
        return name in _TRUTH_METHODS or name.startswith("is")
    return False


class _Body(Visitor):
    def __init__(self) -> None:
        self.returns = []
        self.assigned: Dict[str, list] = {}
        self.stores = False  # an attribute, an item or a global is written: content may be kept

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False  # nested functions are their own

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Return(self, node: cst.Return) -> None:
        self.returns.append(node.value)

    def visit_Yield(self, node: cst.Yield) -> None:
        self.stores = True

    def visit_Global(self, node: cst.Global) -> None:
        self.stores = True

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self.stores = True

    def _target(self, target: cst.BaseExpression, value: Optional[cst.BaseExpression]) -> None:
        if isinstance(target, cst.Name):
            self.assigned.setdefault(target.value, []).append(value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for e in target.elements:
                self._target(e.value, None)
        elif isinstance(target, (cst.Attribute, cst.Subscript)):
            self.stores = True

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            self._target(t.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target, None)


def truth_only_reader(fn: Optional[cst.CSTNode]) -> bool:
    """The function returns only truth values and stores nothing it computed elsewhere."""
    if not isinstance(fn, cst.FunctionDef):
        return False
    body = _Body()
    N.visit(fn.body, body)
    if body.stores or not body.returns or any(r is None for r in body.returns):
        return False
    ann = fn.returns.annotation if fn.returns is not None else None
    if isinstance(ann, cst.Name) and ann.value == "bool":
        return True
    truth: Dict[str, bool] = {}
    for _ in range(2):  # a local assigned from another truth-valued local
        truth = {name: all(v is not None and _truthy(v, truth) for v in values)
                 for name, values in body.assigned.items()}
    return all(_truthy(r, truth) for r in body.returns)
