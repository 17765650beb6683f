"""A validator's mode flag fixed by its caller: ``err = _validate_name(name, strict=True)`` (py54a).

A refusing validator (:mod:`.refusals`) may test a boolean parameter to pick how strict it is::

    def _validate_name(name, strict=False):
        if strict:
            if not _NAME_RE.match(name):          # an anchored allow-list
                return "bad name"
        else:
            if any(c in name for c in "/\\\\:"):   # a deny-list
                return "bad name"
        return None

Its summary is computed once for every caller, so the passing state at ``return None`` is the
merge of both arms, and the deny-list arm's weakness wins. A caller that passes the flag as a
literal (``strict=True``) runs one arm only. For such a validator, each boolean parameter that a
bare ``if p:`` / ``if not p:`` tests (a parameter the function never reassigns, with a ``True``
or ``False`` default) is interpreted once more per value, with the ``if`` on it taking only the
arm that value selects. The refusals of each run are kept in the summary (``flag_refusals``,
keyed by ``(param, fact)``: ``truthy`` for ``True``, ``empty`` for ``False``), and a call whose
argument (or the default it leaves in place) fixes the flag reads that run's refusals
(:func:`call_refusals`). A flag the call passes as a variable decides nothing: the merged
refusals stand.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Tuple

from ..lazycst import cst

from .guards import arg_fact, assigned_names, contradicted, param_guard
from .positions import flat_body

Verdicts = Dict[str, Tuple[frozenset, Optional[str]]]
#: a literal flag's fact, as :func:`guards.arg_fact` says it
_FACTS = {"True": "truthy", "False": "empty"}


def fixed_arm(fa, stmt: cst.If) -> Optional[str]:
    """``"body"`` or ``"else"`` when the interpreter runs with a fixed flag (``fa.fixed_flags``)
    and ``stmt`` tests it: the only arm that value runs; else None."""
    fixed = getattr(fa, "fixed_flags", None)
    if not fixed:
        return None
    g = param_guard(stmt.test, fixed.keys(), frozenset())
    if g is None:
        return None
    facts = frozenset(fixed.items())
    if contradicted(((g[0], g[1]),), facts):
        return "else"
    if contradicted(((g[0], g[2]),), facts):
        return "body"
    return None


def run_fixed_arm(fa, stmt: cst.If, arm: str) -> bool:
    """Run only ``arm`` of ``stmt``; whether it exits."""
    if arm == "body":
        return fa.exec_block(flat_body(stmt.body))
    if isinstance(stmt.orelse, cst.If):
        return fa._if(stmt.orelse)
    if isinstance(stmt.orelse, cst.Else):
        return fa.exec_block(flat_body(stmt.orelse.body))
    return False


def _flags(fn: cst.FunctionDef) -> Dict[str, str]:
    """Boolean-default parameters a bare ``if p:`` / ``if not p:`` tests: name -> default's fact."""
    params = (*fn.params.params, *fn.params.kwonly_params)
    flags = {p.name.value: _FACTS[p.default.value] for p in params
             if isinstance(p.default, cst.Name) and p.default.value in _FACTS}
    if not flags:
        return {}
    names = frozenset(flags) - assigned_names(fn)
    tested = set()
    stack = list(flat_body(fn.body))
    while stack:
        node = stack.pop()
        if isinstance(node, cst.If):
            g = param_guard(node.test, names, frozenset())
            if g is not None:
                tested.add(g[0])
        stack.extend(c for c in node.children if isinstance(c, cst.CSTNode))
    return {k: v for k, v in flags.items() if k in tested}


def flag_refusals(fa, fn: Optional[cst.FunctionDef], analyzer: Callable[[], object]) -> Dict[Tuple[str, str], Verdicts]:
    """The refusals of a refusing validator ``fa`` per value of each mode flag it tests
    (``analyzer()``: a fresh interpreter of the same function)."""
    from .narrowing import VALIDATOR_NAME  # (narrowing imports verdicts, which imports refusals)

    if fn is None or not getattr(fa, "refuse_objects", 0) or getattr(fa, "refuse_broken", True) \
            or not VALIDATOR_NAME.search(fn.name.value):
        return {}  # not a refusing validator (refusals.py)
    out: Dict[Tuple[str, str], Verdicts] = {}
    for name in sorted(_flags(fn)):
        for fact in ("truthy", "empty"):
            other = analyzer()
            other.fixed_flags = {name: fact}
            other.run()
            got = other.refusals()
            if got:
                out[(name, fact)] = got
    return out


def call_refusals(local, call: cst.Call) -> Optional[Verdicts]:
    """The refusals of ``local`` for this call when it fixes one of its mode flags (a literal
    ``True``/``False`` argument, or the default left in place), else None."""
    table = getattr(local, "flag_refusals", None)
    if not table:
        return None
    positional = [p.name for p in local.params if p.kind == "pos"]
    given: Dict[str, Optional[str]] = {}
    for i, a in enumerate(x for x in call.args if not x.star):
        name = a.keyword.value if a.keyword is not None else (positional[i] if i < len(positional) else None)
        if name:
            given[name] = arg_fact(a.value)
    if any(a.star for a in call.args):
        return None
    for (name, fact), refusals in sorted(table.items()):
        p = next((q for q in local.params if q.name == name), None)
        value = given[name] if name in given else (_FACTS.get(p.default or "") if p is not None else None)
        if value == fact:
            return refusals
    return None


__all__ = ["call_refusals", "fixed_arm", "flag_refusals", "run_fixed_arm"]
