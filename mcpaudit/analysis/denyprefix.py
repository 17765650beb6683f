"""A read-only check by a deny-list of statement prefixes: the query text is refused (or sent to a
permission check) when it starts with a writing verb, and anything else runs.

``if q.upper().startswith(("DROP", "DELETE")): refuse`` inline, or a helper that classifies the
text by its first word (``if q.startswith("INSERT"): return Op.INSERT ... return None``) whose
``None`` skips the caller's permission check (``op = classify(q); if op and not allowed(op):
refuse``): a leading comment (``/* x */ DROP TABLE t``), a second statement after a read one, a
read prefix that writes by itself (the SQL models' ``writing-prefixes``: ``WITH ... DELETE``) and
every writing verb the list does not name (the models' ``write-keywords``: MERGE, GRANT, COPY)
pass it. The allow-list twin (``startswith("SELECT")``) is :meth:`narrowing.Narrowing._read_prefix`.

Whatever the helper returns for a listed verb is the helper's business (a predicate helper's
``False`` and a classifier's ``None`` are both its false verdicts, ``verdicts.HelperChecks``); the
narrowing here only says what passing the check leaves: a value weakly checked with
:data:`DENY_PREFIX`, accumulated over the branches of an ``if``/``elif`` chain.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .narrowing import DENY_PREFIX, MODE_ONLY
_LISTED = re.compile(r"^" + re.escape(DENY_PREFIX) + r" \(([^)]*)\)")
#: how many writing verbs the list does not name a message shows
_SHOWN = 3


def _startswith_words(call: cst.Call) -> Optional[Tuple[str, List[str]]]:
    """``v.startswith("X")`` / ``v.upper().startswith(("X", "Y"))``: (the variable, the words)."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "startswith" and call.args):
        return None
    var = N.var_of(func.value)
    arg = call.args[0].value
    words = [N.string_value(e.value) for e in arg.elements] if isinstance(arg, cst.Tuple) else [N.string_value(arg)]
    if not var or not words or any(w is None for w in words):
        return None
    return var, words


def _any_startswith(call: cst.Call, values) -> Optional[Tuple[str, List[str]]]:
    """``any(v.startswith(p) for p in ["X", "Y"])`` (the list literal, or a name bound to one in
    the function or the module: ``values(name)``)."""
    if not (isinstance(call.func, cst.Name) and call.func.value == "any" and len(call.args) == 1):
        return None
    gen = call.args[0].value
    if not (isinstance(gen, cst.GeneratorExp) and isinstance(gen.for_in.target, cst.Name)
            and gen.for_in.inner_for_in is None and isinstance(gen.elt, cst.Call)):
        return None
    inner, loop = gen.elt, gen.for_in.target.value
    func = inner.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "startswith" and len(inner.args) == 1
            and isinstance(inner.args[0].value, cst.Name) and inner.args[0].value.value == loop):
        return None
    var = N.var_of(func.value)
    it = gen.for_in.iter
    listed = values(it.value) if isinstance(it, cst.Name) else it
    words = [N.string_value(e) for e in N.elements(listed)] if listed is not None else []
    if not var or not words or any(w is None for w in words):
        return None
    return var, words


def deny_prefix_reason(words: Sequence[str], M) -> Optional[str]:
    """The weak reason of a deny-list of the statement prefixes ``words`` (None unless every word
    starts with a writing verb of the models)."""
    listed = list(dict.fromkeys(w.strip().upper() for w in words if w and w.strip()))
    if not listed or not all(w.split()[0] in M.write_keywords for w in listed):
        return None
    firsts = {w.split()[0] for w in listed}
    unnamed = [k for k in M.write_keyword_order if k not in firsts and " " not in k][:_SHOWN]
    fronted = [ex for word, ex in M.writing_prefixes.items() if word == "WITH"]
    shown = ", ".join(repr(w) for w in listed)
    return (f"{DENY_PREFIX} ({shown}): 'SELECT 1; DROP TABLE t', a leading comment ('/* x */ DROP TABLE t')"
            + "".join(f", {ex!r}" for ex in fronted)
            + (f" and writing statements it does not name ({', '.join(unnamed)})" if unnamed else "")
            + " pass it")


def merged(current: Optional[str], words: Sequence[str]) -> List[str]:
    """The words of a deny-list already passed on this path (``current``, a weak reason), then
    ``words``: the branches of an ``if``/``elif`` chain make one list."""
    m = _LISTED.match(current or "")
    before = [w.strip().strip("'") for w in m.group(1).split(",")] if m else []
    return before + list(words)


def permission_suffix(right) -> str:
    """The words that end a deny-list's reason when the statement it names is refused only by a
    permission test besides it (``if op and not allowed(op): refuse``): with the permission
    given, the listed statement runs, as the operator chose."""
    test = right.expression if isinstance(right, cst.UnaryOperation) and isinstance(right.operator, cst.Not) else right
    if isinstance(test, cst.Await):
        test = test.expression
    if isinstance(test, cst.Call):
        func = test.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
        if name:
            return f"{MODE_ONLY}{name}() refuses the statement it names"
    return f"{MODE_ONLY}{cst.Module([]).code_for_node(right)} holds"


class DenyPrefix:
    """Mixed into the function interpreter (see narrowing.Narrowing.narrowings)."""

    def deny_prefix_narrowings(self, cond: cst.Call) -> list:
        """``cond`` (a ``startswith`` test, or ``any()`` of them) is false: the variable passed a
        deny-list of writing statement prefixes, when the prefixes are writing verbs."""
        got = _startswith_words(cond) or _any_startswith(cond, self._listed_values)
        if got is None:
            return []
        var, words = got
        cur = self.env.get(var)
        if not cur:
            return []
        before = next((i.weak for i in cur.values() if (i.weak or "").startswith(DENY_PREFIX)), None)
        why = deny_prefix_reason(merged(before, words), self.M)
        return [(var, frozenset(), why, "deny-prefix")] if why else []

    def classified_deny(self, left, right) -> list:
        """``op = classify(q); if op and not allowed(op): refuse``: past it, ``op`` was falsy
        (q passed the helper's deny-list) or the permission let the statement it names run."""
        if not (isinstance(left, cst.Name) and left.value in self.verdict_vars):
            return []
        call = self.verdict_vars[left.value]
        if not self._helper_denies(call):
            return []
        return [(n[0], n[1], f"{n[2]}{permission_suffix(right)}", *n[3:])
                for n in self.helper_deny_narrowings(call)]

    def _listed_values(self, name: str):
        return self.local_values.get(name) or self.mod.module_values.get(name)
