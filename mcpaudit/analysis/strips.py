"""A test whose branch only rewrites the value it tested is a normalisation, not a check:
``if path.startswith("/"): path = path[1:]`` strips a leading slash, and the rest of the function
sees either form. What the test would say of the value (a weak containment test, here) is no
check on the way, and must not be reported as "only a weak check": the branch's narrowings of a
variable it rebinds are dropped when the branch is nothing but such assignments and the ``if``
has no ``else`` (a refusal elsewhere would make the test a check again). The same holds of the
way past a negated test whose branch rewrites the value (:func:`not_a_fixup`).
"""

from __future__ import annotations

from typing import List

from ..lazycst import cst

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


def strip_source(node) -> str:
    """``s = name.strip()`` / ``s = str(name).strip()`` (``lstrip``/``rstrip`` too, with no
    argument): ``s`` is ``name`` less the whitespace at its ends, so a path or URL check that
    ``s`` passes vouches for ``name`` as a derived value does (``derived``, narrowing.py): end
    whitespace adds no ``/``, ``..`` or host (py54a). The source's name, or ""."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and not node.args
            and node.func.attr.value in ("strip", "lstrip", "rstrip")):
        return ""
    recv = node.func.value
    if isinstance(recv, cst.Call) and isinstance(recv.func, cst.Name) and recv.func.value == "str" \
            and len(recv.args) == 1 and recv.args[0].keyword is None and not recv.args[0].star:
        recv = recv.args[0].value
    return recv.value if isinstance(recv, cst.Name) else ""


__all__ = ["not_a_fixup", "not_a_strip", "strip_source"]
