"""Path tests the narrowing reads besides its own: ``Path.parents`` containment, a check of one
value against each root of a list, an is-absolute test.

``root in p.parents`` is true exactly when ``root`` is a proper ancestor of ``p``: the test
``p.is_relative_to(root)`` makes (less ``p == root`` itself), so it narrows ``p`` as that test
does (a resolved ``p`` is confined under ``root``; an unresolved one is weakly checked: ``..``
segments are not normalised by ``.parents``)::

    def _within(candidate: Path, root: Path) -> bool:
        return candidate == root or root in candidate.parents   # root_or_parent

``any(check(p, r) for r in ROOTS)`` (:func:`any_check`, ``check`` a function), true, says that ``check(p, r)`` held
for one element ``r`` of ``ROOTS``; what it proves of any other variable (``p``) holds after the
``any``, read as ``check(p, ROOTS)``: the list stands for its element (it carries the list's
taint: roots the caller chose confine nothing). Only ``any`` true is read that way: ``all`` of an
empty list is true without a single check. A generator with a filter or a second ``for`` is not
read. The checks on the loop variable itself are :mod:`.quantified`'s.

``os.path.isabs(p)`` / ``Path(p).is_absolute()`` true (:func:`absolute_narrowings`): ``p`` starts
with ``/`` (or a drive or ``\\``), so no program reads it as an option (clean for ``argument``
only; the false branch is narrowing's ``RELATIVE`` mark)::

    if not Path(rules_file).is_absolute():
        rules_arg = str(Path(settings.rules_dir) / rules_file)
    else:
        rules_arg = rules_file                          # /...: yara's rules operand

A refusal of ``..`` together with both separators in one test (:func:`one_part`) leaves one
folder entry that does not climb: ``if p in (".", "..") or "/" in p or "\\" in p: raise``. On
each element of a split (``for p in parts: ...``, elementcalls.element_checks) it makes the list's
join, ``os.path.join(*parts)``, a relative path that stays under whatever it is joined to::

    parts = [p.strip() for p in subdir.split("/") if p.strip()]
    for p in parts:
        if p in (".", "..") or "/" in p or "\\" in p:
            raise ValueError(f"Unsafe subdir segment: '{p}'")
    return os.path.join(*parts)
"""

from __future__ import annotations

from typing import List, Optional

from ..lazycst import Transformer, cst, later

from . import cstnodes as N
from .dotparts import DOT_TEST
from .quantified import one_loop
from .taintvalue import UNCHECKED as _UNCHECKED


def parents_call(cond) -> Optional[cst.Call]:
    """``p.is_relative_to(root)`` for ``root in p.parents`` (``p`` a name or an attribute, or a
    call such as ``Path(x).resolve()``); None for any other comparison."""
    if not (isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1
            and isinstance(cond.comparisons[0].operator, (cst.In, cst.NotIn))):
        return None
    right = cond.comparisons[0].comparator
    if not (isinstance(right, cst.Attribute) and right.attr.value == "parents"):
        return None
    return cst.Call(func=cst.Attribute(value=right.value, attr=cst.Name("is_relative_to")),
                    args=[cst.Arg(cond.left)])


#: the words of a ``.parents`` test in a weak reason (narrowing._containment names the call it made of it)
_PARENTS_WORDS = ("is_relative_to()", "a '.parents' test")


def _parents_test(interp, call: cst.Call) -> List[tuple]:
    """What ``p.is_relative_to(root)`` proves, its weak reason naming the ``.parents`` test written."""
    return [(n[0], n[1], n[2].replace(*_PARENTS_WORDS, 1), *n[3:]) if n[2] else n
            for n in interp.narrowings(call, True)]


def parents_narrowings(interp, cond, truth: bool) -> List[tuple]:
    """``root in p.parents`` true (``root not in p.parents`` false): ``p`` is under ``root``."""
    call = parents_call(cond)
    if call is None or truth != isinstance(cond.comparisons[0].operator, cst.In):
        return []
    return _parents_test(interp, call)


def root_or_parent(interp, cond: cst.BooleanOperation) -> List[tuple]:
    """``p == root or root in p.parents`` (either order) true: ``p`` is ``root`` or under it,
    what the parents test alone proves of ``p`` (the root itself is inside the root)."""
    for eq, test in ((cond.left, cond.right), (cond.right, cond.left)):
        call = parents_call(test)
        if call is None or not isinstance(test.comparisons[0].operator, cst.In):
            continue
        if not (isinstance(eq, cst.Comparison) and len(eq.comparisons) == 1
                and isinstance(eq.comparisons[0].operator, cst.Equal)):
            continue
        code = cst.Module([]).code_for_node
        value, root = code(call.func.value), code(test.left)
        if {code(eq.left), code(eq.comparisons[0].comparator)} == {value, root}:
            return _parents_test(interp, call)
    return []


_NEGATED = later(lambda: {cst.NotEqual: cst.Equal, cst.NotIn: cst.In})


def _negated(test) -> Optional[cst.Comparison]:
    """``a == b`` for ``a != b``, ``a in b`` for ``a not in b``; None for any other test."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and type(test.comparisons[0].operator) in _NEGATED):
        return None
    comp = test.comparisons[0]
    return test.with_changes(comparisons=[comp.with_changes(operator=_NEGATED[type(comp.operator)]())])


def root_or_parent_refused(interp, cond: cst.BooleanOperation) -> List[tuple]:
    """``p != root and root not in p.parents`` false (the refusal ``if ...: return`` passed):
    :func:`root_or_parent` of ``p == root or root in p.parents`` true."""
    left, right = _negated(cond.left), _negated(cond.right)
    if left is None or right is None:
        return []
    return root_or_parent(interp, cst.BooleanOperation(left=left, operator=cst.Or(), right=right))


class _ForElement(Transformer):
    """Each use of the loop variable ``var`` replaced by the iterable ``items``."""

    def __init__(self, var: str, items: cst.BaseExpression) -> None:
        super().__init__()
        self.var, self.items = var, items

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        return self.items if updated.value == self.var else updated


def any_check(interp, cond) -> List[tuple]:
    """``any(check(p, r) for r in ROOTS)`` true: what ``check(p, ROOTS)`` proves of the variables
    other than ``r``, the list standing for its element (its roots' labels are the list's)."""
    if not (isinstance(cond, cst.Call) and isinstance(cond.func, cst.Name) and cond.func.value == "any"
            and len(cond.args) == 1 and one_loop(cond.args[0].value)):
        return []
    gen = cond.args[0].value
    if not (isinstance(gen.elt, cst.Call) and isinstance(gen.elt.func, cst.Name)):
        return []  # a helper's check; a method test is the narrowing's own (any_root, any_prefix)
    loop = gen.for_in
    var = loop.target.value
    if not N.var_of(loop.iter) and not isinstance(loop.iter, cst.Attribute):
        return []
    found = interp.narrowings(gen.elt.with_changes(args=[a.visit(_ForElement(var, loop.iter)) for a in gen.elt.args]), True)
    return [n for n in found if n[0] != var]


#: marks of the refusals :func:`one_part` combines (each cleans nothing alone)
NOT_DOTS, NO_SLASH, NO_BACKSLASH = "~part-not-dotdot", "~part-no-slash", "~part-no-backslash"
_SEPARATORS = {"/": NO_SLASH, "\\": NO_BACKSLASH}


def part_refusals(interp, cond, truth: bool) -> List[tuple]:
    """``p in (".", "..")`` / ``p == ".."`` / ``".." in p`` / ``"/" in p`` / ``"\\" in p`` false (their negations
    true): the mark of what ``p`` is not."""
    if not (isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1):
        return []
    op, left, right = cond.comparisons[0].operator, cond.left, cond.comparisons[0].comparator
    if not ((isinstance(op, (cst.In, cst.Equal)) and not truth) or (isinstance(op, (cst.NotIn, cst.NotEqual)) and truth)):
        return []
    lval, lvar, rvar = N.string_value(left), N.var_of(left), N.var_of(right)
    if isinstance(op, (cst.In, cst.NotIn)) and lval in _SEPARATORS and rvar and interp.env.get(rvar):
        return [(rvar, frozenset({_SEPARATORS[lval], _UNCHECKED}), None, "separator refused")]
    if isinstance(op, (cst.In, cst.NotIn)) and lval == ".." and rvar and interp.env.get(rvar):
        return [(rvar, frozenset({NOT_DOTS, _UNCHECKED}), None, "'..' refused")]  # no '..' substring: not '..'
    if isinstance(op, (cst.In, cst.NotIn)) and isinstance(right, (cst.Tuple, cst.List, cst.Set)):
        values = [N.string_value(e.value) for e in right.elements]
    else:
        values = [N.string_value(right)]
    if lvar and ".." in values and interp.env.get(lvar):
        return [(lvar, frozenset({NOT_DOTS, _UNCHECKED}), None, "'..' refused")]
    return []


def one_part(narrowings: List[tuple]) -> List[tuple]:
    """``narrowings`` and, for a variable refused as ``..`` and with either separator in them,
    clean for ``path``: one folder entry that does not climb.

    POSIX paths only (a known limit): on Windows a drive part (``D:``) makes ``ntpath.join`` drop
    what came before it (``ntpath.join("C:\\plugins", "D:", "x.lua") == "D:x.lua"``); a ``:``
    refusal is not required here, so on a Windows host such a join is not confined."""
    marks: dict = {}
    for n in narrowings:
        if not n[2]:
            marks[n[0]] = marks.get(n[0], frozenset()) | n[1]
    one = {var for var, got in marks.items() if {NOT_DOTS, NO_SLASH, NO_BACKSLASH} <= got}
    # the '..' substring test's deny-list weakness is answered by the separator refusals
    return [n for n in narrowings if not (n[0] in one and n[3] == DOT_TEST)] + \
        [(var, frozenset({"path"}), None, "one entry, not '..'") for var in sorted(one)]


def absolute_narrowings(interp, cond) -> List[tuple]:
    """An is-absolute test (the models' ``absolute-tests``) passed: the value is no option."""
    target = interp._tested(cond, interp.M.absolute_tests) if isinstance(cond, cst.Call) else None
    var = N.var_of(target) if target is not None else None
    # only what it is not (an option): a path the caller names in full is not thereby checked
    return [(var, frozenset({"argument", _UNCHECKED}), None, "absolute path")] if var and interp.env.get(var) else []


__all__ = ["NOT_DOTS", "NO_BACKSLASH", "NO_SLASH", "absolute_narrowings", "one_part", "part_refusals", "any_check", "parents_call", "parents_narrowings", "root_or_parent", "root_or_parent_refused"]
