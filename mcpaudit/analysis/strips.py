"""A test whose branch only rewrites the value it tested is a normalisation, not a check:
``if path.startswith("/"): path = path[1:]`` strips a leading slash, and the rest of the function
sees either form. What the test would say of the value (a weak containment test, here) is no
check on the way, and must not be reported as "only a weak check": the branch's narrowings of a
variable it rebinds are dropped when the branch is nothing but such assignments and the ``if``
has no ``else`` (a refusal elsewhere would make the test a check again). An ``elif`` chain of such
branches with no ``else`` (``if c.startswith("adb shell "): c = c[10:] elif c.startswith("adb "):
c = c[4:]``) strips one of several prefixes and refuses nothing either (pyrec31).
"""

from __future__ import annotations

from typing import List

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


def _strips_only(orelse) -> bool:
    """No ``else``, or ``elif`` branches that only rewrite values too, down to no ``else``."""
    while orelse is not None:
        if not isinstance(orelse, cst.If) or not _rebinds(flat_body(orelse.body)):
            return False
        orelse = orelse.orelse
    return True


def not_a_strip(narrowed: List[tuple], stmt: cst.If) -> List[tuple]:
    """``narrowed`` (the test's narrowings when true) without the weak ones of the variables the
    branch only rewrites."""
    if not narrowed or not _strips_only(stmt.orelse):
        return narrowed
    rebound = _rebinds(flat_body(stmt.body))
    if not rebound:
        return narrowed
    # a weak test of a rewritten variable is no check; nor is what the test proves of the value
    # (a constant prefix: no option), which the rewrite has just cut off (command[4:] may start
    # with '-'), while the value that failed the test goes on as it was
    return [n for n in narrowed if not (n[0] in rebound and ((n[2] and not n[1]) or n[3] == "constant prefix"))]


__all__ = ["not_a_strip"]
