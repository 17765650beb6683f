"""A test whose branch only rewrites the value it tested is a normalisation, not a check:
``if path.startswith("/"): path = path[1:]`` strips a leading slash, and the rest of the function
sees either form. What the test would say of the value (a weak containment test, here) is no
check on the way, and must not be reported as "only a weak check": the branch's narrowings of a
variable it rebinds are dropped when the branch is nothing but such assignments and the ``if``
has no ``else`` (a refusal elsewhere would make the test a check again). The same holds of the
way past a negated test whose branch rewrites the value (:func:`not_a_fixup`).
"""

from __future__ import annotations

from typing import Dict, List, Optional

import libcst as cst

from .positions import flat_body


def _rebinds(body) -> frozenset:
    """The names a branch of simple assignments rebinds, or none when it does anything else."""
    names = set()
    for s in body:
        if not isinstance(s, (cst.Assign, cst.AugAssign)):
            return frozenset()
        targets = [t.target for t in s.targets] if isinstance(s, cst.Assign) else [s.target]
        if not all(isinstance(t, cst.Name) for t in targets):
            return frozenset()
        names.update(t.value for t in targets)
    return frozenset(names)


def not_a_strip(narrowed: List[tuple], stmt: cst.If) -> List[tuple]:
    """``narrowed`` (the test's narrowings when true) without the weak ones of the variables the
    branch only rewrites."""
    if not narrowed or stmt.orelse is not None:
        return narrowed
    rebound = _rebinds(flat_body(stmt.body))
    if not rebound:
        return narrowed
    return [n for n in narrowed if not (n[0] in rebound and n[2] and not n[1])]


def not_a_fixup(narrowed: List[tuple], stmt: cst.If) -> List[tuple]:
    """``narrowed`` (the test's narrowings when false: the way past the ``if``) without the weak
    ones of the variables the branch only rewrites: ``if not command.startswith(name): command =
    f"{name} {command}"`` prefixes the value when the test fails, so past the statement it is the
    caller's text either way (a normalisation; the weak prefix test is no check on the way)."""
    return not_a_strip(narrowed, stmt)


_TEXT_STEPS = frozenset({"strip", "lstrip", "rstrip", "lower", "upper", "casefold"})


def _prefix_tested(test) -> Optional[str]:
    """The variable of ``not v.startswith(p)`` (also ``v.strip().lower().startswith(p)``), else None."""
    if not (isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
            and isinstance(test.expression, cst.Call) and isinstance(test.expression.func, cst.Attribute)
            and test.expression.func.attr.value == "startswith"):
        return None
    base = test.expression.func.value
    while isinstance(base, cst.Call) and isinstance(base.func, cst.Attribute) and base.func.attr.value in _TEXT_STEPS:
        base = base.func.value
    return base.value if isinstance(base, cst.Name) else None


def _prefixes(value, var: str) -> bool:
    """``f"{p} {var}"`` / ``p + " " + var``: text put in front of the whole of ``var``."""
    if isinstance(value, cst.FormattedString):
        parts = value.parts
        last = parts[-1] if parts else None
        return len(parts) >= 2 and isinstance(last, cst.FormattedStringExpression) \
            and isinstance(last.expression, cst.Name) and last.expression.value == var and last.format_spec is None
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
        return isinstance(value.right, cst.Name) and value.right.value == var
    return False


def kept_fixups(env_body: Dict[str, object], before: Dict[str, object], stmt: cst.If) -> Dict[str, object]:
    """The branch's variables, with the value of one the branch only prefixes when a prefix test
    fails (``if not command.startswith(name): command = f"{name} {command}"``) kept as it was
    before the ``if``: the caller's text either way, now starting with the prefix (a normalisation:
    a command line stays the caller's command line, not one placed after a program the server
    chose)."""
    var = _prefix_tested(stmt.test) if stmt.orelse is None else None
    body = flat_body(stmt.body) if var else ()
    if not body or var not in before or not all(
            isinstance(s, cst.Assign) and len(s.targets) == 1 and isinstance(s.targets[0].target, cst.Name)
            and s.targets[0].target.value == var and _prefixes(s.value, var) for s in body):
        return env_body
    return {**env_body, var: before[var]}


__all__ = ["kept_fixups", "not_a_fixup", "not_a_strip"]
