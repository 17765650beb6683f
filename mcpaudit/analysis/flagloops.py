"""A check that sets a flag and breaks out of a loop, the flag then refused when unset.

::

    is_allowed = False
    for root in allowed_dirs:
        norm_root = os.path.normpath(root)
        if p == norm_root or p.startswith(norm_root + os.sep):
            is_allowed = True
            break
    if not is_allowed:
        raise ToolInputError("outside the allowed directories")

Past the refusal the flag is true, and the only way it became true is the branch that set it: so
what the branch's test proves of ``p`` when true holds (here: ``p`` is one of the roots or under
one, containment). The test's narrowings are recorded when the ``if`` is first read inside the loop
(:func:`note_flag`, the first pass, before the loop's state is merged with itself) and handed
back when the flag is tested for truth (:func:`flag_narrowings`).

Only when the flag is sound: the ``if`` has no ``else``, its body ends with ``break`` and assigns
``True`` to a plain name, and every other assignment of that name in the function is ``False`` or
``None`` (a flag also set elsewhere proves nothing of this test).

``p == root or p.startswith(root + os.sep)`` (:func:`root_or_under`): the path is the root itself
or under it, both containment; the equality side names the same root the prefix adds a separator
to, so the prefix test's containment stands for the whole ``or``.
"""

from __future__ import annotations

from typing import List, Optional

from ..lazycst import cst

from .cstnodes import nodes_of
from .positions import flat_body

_FALSY = ("False", "None")


def _code(node) -> str:
    return cst.Module([]).code_for_node(node)


def _set_flag(stmt: cst.If) -> Optional[str]:
    """The name an ``if`` without ``else`` sets to True right before its closing ``break``."""
    if stmt.orelse is not None:
        return None
    body = flat_body(stmt.body)
    if len(body) < 2 or not isinstance(body[-1], cst.Break):
        return None
    names = [s.targets[0].target.value for s in body[:-1]
             if isinstance(s, cst.Assign) and len(s.targets) == 1 and isinstance(s.targets[0].target, cst.Name)
             and isinstance(s.value, cst.Name) and s.value.value == "True"]
    return names[0] if len(names) == 1 else None


def _assignments(fn):
    """The statements of ``fn`` that bind a name (plain, annotated, augmented, walrus, ``for``)."""
    return nodes_of(fn, (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.NamedExpr, cst.For))


def _binds(node, name: str) -> bool:
    if isinstance(node, cst.Assign):
        return any(isinstance(t.target, cst.Name) and t.target.value == name or
                   isinstance(t.target, (cst.Tuple, cst.List)) and name in _code(t.target) for t in node.targets)
    target = getattr(node, "target", None)
    return isinstance(target, cst.Name) and target.value == name or (
        isinstance(target, (cst.Tuple, cst.List)) and name in _code(target))


def _copy_of(a: str, held, v: str, value) -> bool:
    """``held`` (the state of ``a``) is ``value`` (the state of ``v``) copied by ``a = v`` and
    neither rebound since: the same origins, each one step longer, that step the copy."""
    if not held or not value or held.keys() != value.keys():
        return False
    for label, info in held.items():
        src = value[label]
        if len(info.steps) != len(src.steps) + 1 or info.steps[:-1] != src.steps or (
                info.weak, info.clean, info.resolved, info.key, info.built, info.checked, info.rooted) != (
                src.weak, src.clean, src.resolved, src.key, src.built, src.checked, src.rooted):
            return False
        stmt = info.steps[-1][0] if isinstance(info.steps[-1], tuple) and info.steps[-1] else None
        if not isinstance(stmt, cst.CSTNode) or _code(stmt).strip().split("#")[0].split() != [a, "=", v]:
            return False
    return True


def note_flag(interp, stmt: cst.If, narrowed: List[tuple]) -> List[tuple]:
    """Record what ``stmt``'s test proves when it sets a flag (first reading only); ``narrowed``
    is returned unchanged."""
    name = _set_flag(stmt)
    if not name or not narrowed:
        return narrowed
    flags = interp.__dict__.setdefault("flag_checks", {})
    if name in flags and flags[name][0] is stmt:
        return narrowed  # the loop's second pass: keep the first reading
    fn = interp.fn_stmt if getattr(interp, "fn_stmt", None) is not None else interp.fn
    binds = [n for n in _assignments(fn) if _binds(n, name)] if fn is not None else []
    own = [s for s in flat_body(stmt.body) if isinstance(s, cst.Assign)]
    sound = fn is not None and all(any(n is s for s in own) or (
        isinstance(n, cst.Assign) and isinstance(n.value, cst.Name) and n.value.value in _FALSY) for n in binds)
    if sound:
        kept = [n for n in narrowed if not n[2]]
        env = interp.env
        copies = [(a, env[a], n) for n in kept for a in env if a != n[0] and _copy_of(a, env[a], n[0], env.get(n[0]))]
        flags[name] = (stmt, kept, copies)
    return narrowed


def flag_narrowings(interp, cond, truth: bool) -> List[tuple]:
    """``if not flag: raise`` / ``if flag:``: the narrowings recorded for the flag, when true."""
    if not truth or not isinstance(cond, cst.Name):
        return []
    rec = interp.__dict__.get("flag_checks", {}).get(cond.value)
    if not rec:
        return []
    # a copy made before the check (orig = p) and not rebound since holds the same checked string
    return list(rec[1]) + [(a, *n[1:]) for a, held, n in rec[2] if interp.env.get(a) is held]


def root_or_under(interp, cond: cst.BooleanOperation) -> Optional[List[tuple]]:
    """``p == root or p.startswith(root + os.sep)`` (either order, either side of ``==``) true:
    the prefix test's narrowings; None for any other ``or``."""
    sides = (cond.left, cond.right)
    for eq, pre in (sides, sides[::-1]):
        if not (isinstance(eq, cst.Comparison) and len(eq.comparisons) == 1
                and isinstance(eq.comparisons[0].operator, cst.Equal)):
            continue
        if not (isinstance(pre, cst.Call) and isinstance(pre.func, cst.Attribute)
                and pre.func.attr.value == "startswith" and len(pre.args) == 1):
            continue
        arg = pre.args[0].value
        if not (isinstance(arg, cst.BinaryOperation) and isinstance(arg.operator, cst.Add)):
            continue
        value, root = _code(pre.func.value), _code(arg.left)
        pair = {_code(eq.left), _code(eq.comparisons[0].comparator)}
        if pair == {value, root}:
            return interp.narrowings(pre, True)
    return None


__all__ = ["flag_narrowings", "note_flag", "root_or_under"]
