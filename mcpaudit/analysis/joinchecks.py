"""A containment check on the resolved join vouches for the join's caller operand (issue 12).

    full = (root / p).resolve()
    full.relative_to(root.resolve())          # or is_relative_to, startswith(str(root) + os.sep),
    return open(root / p).read()              #    os.path.commonpath([full, root]) == root

The check is about ``full``; the code then opens ``root / p`` (or ``full``). When the checked value
is the *resolved* form of a join whose base is the check's own root (``root / p``,
``os.path.join(root, p)``, ``Path(root, p)``, ``root.joinpath(p)``, the join written in the check or
in the local it was assigned to), ``root / p`` lies inside ``root``, and so does every later
``root / p``: the operand ``p`` is narrowed as if its own resolved form had been checked.

Sound only for that root: a join on another base (``(other / p).resolve().relative_to(root)``),
an unresolved join (``..`` kept) or a check of a copy of ``p`` (``(root / clean(p))``) vouches
for nothing about ``p``; :func:`join_operand` then answers None.
"""

from __future__ import annotations

from typing import Iterable, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N

_WRAPPERS = ("str", "os.fspath", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "Path", "PurePath")
_SEPS = ("os.sep", "os.path.sep")


def _one_arg(call: cst.Call) -> bool:
    return len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star


def _unchain(fa, node, follow: bool) -> Tuple[object, bool, bool]:
    """``node`` less its resolvers and path wrappers (through at most a few locals when
    ``follow``): (the core, whether a resolver that drops '..' ran, whether a dotted one did)."""
    M = fa.M
    resolved = dotted = False
    for _ in range(8):
        if isinstance(node, cst.Await):
            node = node.expression
        if follow and isinstance(node, cst.Name) and node.value in fa.local_values:
            node = fa.local_values[node.value]
            continue
        if not isinstance(node, cst.Call):
            break
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in M.resolver_methods and \
                all(a.keyword is not None for a in node.args):
            resolved |= func.attr.value not in M.dotted_resolvers
            dotted |= func.attr.value in M.dotted_resolvers
            node = func.value
            continue
        fq = fa.mod.dotted(func) or ""
        if fq in M.resolver_calls and _one_arg(node):
            resolved |= fq not in M.dotted_resolvers
            dotted |= fq in M.dotted_resolvers
            node = node.args[0].value
            continue
        if fq in _WRAPPERS and _one_arg(node):
            node = node.args[0].value
            continue
        break
    return node, resolved, dotted


def _join_parts(fa, node) -> Optional[Tuple[object, object]]:
    """(base, operand) of ``base / p``, ``os.path.join(base, p)``, ``Path(base, p)``,
    ``base.joinpath(p)``; a base of several parts keeps them (``root / "notes" / p``)."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        return node.left, node.right
    if not isinstance(node, cst.Call) or any(a.keyword is not None or a.star for a in node.args):
        return None
    func = node.func
    if isinstance(func, cst.Attribute) and func.attr.value in fa.M.join_methods and len(node.args) == 1:
        return func.value, node.args[0].value
    fq = fa.mod.dotted(func) or ""
    if fq in fa.M.joins and not fq.endswith("urljoin") and len(node.args) >= 2:
        if any(N.string_value(a.value) is None for a in node.args[1:-1]):
            return None  # os.path.join(root, sub, p): a middle part the code did not fix
        return node.args[0].value, node.args[-1].value
    return None


def _base_core(fa, base):
    """The root a join's base starts from: ``root`` of ``root / "notes"`` (fixed parts only)."""
    while True:
        parts = _join_parts(fa, base)
        if parts is None or N.string_value(parts[1]) is None:
            return base
        base = parts[0]


def _root_core(fa, node):
    """The root a check compares with: ``root`` of ``root.resolve()``, ``str(root) + os.sep``,
    ``f"{root}/"``, ``os.path.realpath(root)``, or a local assigned one of them."""
    for _ in range(6):
        node = _unchain(fa, node, True)[0]
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add) and (
                (N.string_value(node.right) or "") in ("/", "\\") or (fa.mod.dotted(node.right) or "") in _SEPS):
            node = node.left
            continue
        if isinstance(node, cst.FormattedString) and len(node.parts) == 2 and \
                isinstance(node.parts[0], cst.FormattedStringExpression) and \
                isinstance(node.parts[1], cst.FormattedStringText) and node.parts[1].value in ("/", "\\"):
            node = node.parts[0].expression
            continue
        break
    return node


def _key(node) -> str:
    return N.CODEGEN.code_for_node(node).replace(" ", "")


def join_operand(fa, checked, roots: Iterable) -> Optional[Tuple[str, bool]]:
    """The caller's variable whose join a containment check of ``checked`` against ``roots``
    vouches for, and True (its join was resolved); None when ``checked`` is no resolved join on
    one of the roots."""
    core, resolved, dotted = _unchain(fa, checked, True)
    if not resolved or dotted:
        return None
    parts = _join_parts(fa, core)
    if parts is None:
        return None
    base, operand = parts
    var = operand.value if isinstance(operand, cst.Name) else None
    if not var or not fa.env.get(var):
        return None
    want = _key(_root_core(fa, _base_core(fa, base)))
    if any(_key(_root_core(fa, r)) == want for r in roots if r is not None):
        return var, True
    return None


def join_containments(fa, checked, how: str, roots) -> list:
    """The narrowing of the join operand (see :func:`join_operand`) a ``how`` check adds."""
    roots = list(roots)
    found = join_operand(fa, checked, roots)
    if found is None:
        return []
    return [fa._containment(found[0], how, True, roots)]


def bare_relative_to(fa, stmt) -> list:
    """``full.relative_to(root)`` (or ``rel = full.relative_to(root)``) as a statement of its own
    outside a ``try``: past it ``full`` is inside ``root``, since a value outside makes it raise
    and leave the function (a ``try`` around it is read by the interpreter's ``_try``); not in the
    body of ``with contextlib.suppress(...)``, which goes on past the raise."""
    if fa.__dict__.get("suppressing"):
        return []
    value = stmt.value if isinstance(stmt, (cst.Expr, cst.Assign, cst.AnnAssign)) else None
    if isinstance(value, cst.Call) and (fa.mod.dotted(value.func) or "") == "str" and _one_arg(value):
        value = value.args[0].value
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "relative_to" and value.args):
        return []
    return fa.relative_to_checks(stmt)
