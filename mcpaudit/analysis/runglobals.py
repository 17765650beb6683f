"""A test on module globals that the program sets at run time, false with their module values.

A server module often declares its configuration as module globals with placeholder values and
lets its entry point rebind them from options or the environment::

    MODE = ""
    def main(mode):
        global MODE
        MODE = os.environ.get("LAUNCH_MODE", mode)   # "self-host" unless asked otherwise

    def create_app():
        if MODE == LaunchMode.HOST:
            middleware = [Middleware(AuthMiddleware)]

The middleware is there only when run-time configuration makes the test true: like a test on
the function's own parameters (``if api_key:``), nothing in the code requires it. It is read so
only when every global the test names is rebound by a function of the module (a ``global``
statement and an assignment) and the test is false with the globals' module-level constant
values (an Enum member of the module compares by its value); anything else is not judged.
"""

from __future__ import annotations

from typing import Dict, Optional, Set

from ..lazycst import cst

from .cstnodes import find_all, string_value
from .enumvalues import enum_member_value

_UNKNOWN = object()
_LITERALS = {"True": True, "False": False, "None": None}


def _rebound(mod) -> Set[str]:
    """Module globals that a function of the module declares ``global`` and assigns."""
    out = mod.__dict__.get("_run_time_globals")
    if out is not None:
        return out
    out = set()
    for fn in find_all(mod.module, cst.FunctionDef):
        declared = {n.name.value for g in find_all(fn, cst.Global) for n in g.names}
        if not declared:
            continue
        for a in find_all(fn, cst.Assign):
            out.update(t.target.value for t in a.targets if isinstance(t.target, cst.Name) and t.target.value in declared)
    mod.__dict__["_run_time_globals"] = out
    return out


def _module_values(mod) -> Dict[str, object]:
    """The constant each module-level ``NAME = <literal>`` sets (a string, a number, a bool)."""
    out: Dict[str, object] = {}
    for line in mod.module.body:
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for stmt in line.body:
            if isinstance(stmt, cst.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0].target, cst.Name):
                value = _literal(stmt.value)
                if value is not _UNKNOWN:
                    out[stmt.targets[0].target.value] = value
    return out


def _literal(node) -> object:
    if isinstance(node, cst.Name) and node.value in _LITERALS:
        return _LITERALS[node.value]
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    text = string_value(node) if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)) else None
    return text if text is not None else _UNKNOWN


def _value(mod, node, values: Dict[str, object], names: Set[str]) -> object:
    """The test's value with the globals' module values, or _UNKNOWN."""
    if isinstance(node, cst.Name):
        if node.value in _LITERALS:
            return _LITERALS[node.value]
        names.add(node.value)
        return values.get(node.value, _UNKNOWN)
    if isinstance(node, cst.Attribute):
        member = enum_member_value(mod, node)
        return member if member is not None else _UNKNOWN
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        inner = _value(mod, node.expression, values, names)
        return _UNKNOWN if inner is _UNKNOWN else not inner
    if isinstance(node, cst.BooleanOperation):
        left, right = _value(mod, node.left, values, names), _value(mod, node.right, values, names)
        if _UNKNOWN in (left, right):
            return _UNKNOWN
        return (left and right) if isinstance(node.operator, cst.And) else (left or right)
    if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
        op = node.comparisons[0].operator
        left = _value(mod, node.left, values, names)
        right = _value(mod, node.comparisons[0].comparator, values, names)
        if _UNKNOWN in (left, right):
            return _UNKNOWN
        if isinstance(op, (cst.Equal, cst.Is)):
            return left == right
        if isinstance(op, (cst.NotEqual, cst.IsNot)):
            return left != right
        return _UNKNOWN
    literal = _literal(node)
    return literal


def off_by_default(mod, test: Optional[cst.BaseExpression]) -> bool:
    """Whether ``test`` names only module globals rebound at run time by a function of the
    module, and is false with their module-level values (see the module docstring)."""
    if test is None:
        return False
    names: Set[str] = set()
    value = _value(mod, test, _module_values(mod), names)
    if value is _UNKNOWN or value or not names:
        return False
    return names <= _rebound(mod)


__all__ = ["off_by_default"]
