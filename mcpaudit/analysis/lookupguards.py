"""Membership proved by a lookup helper: ``x = find_item(v); if x is None: return``.

A helper that returns None unless its argument matches one of a known collection, and an object
otherwise (``if not any(d["serial"] == serial for d in devices): return None`` then ``return
Device(serial)``), is a lookup: past a caller's ``if not x`` / ``if x is None`` refusal, ``v``
equals an item the server knows, as after ``if v not in list_items(): return`` (an allow-list
computed at run time, ``Narrowing._membership_narrowings``).

* In the helper: ``any(<item> == v for item in items)`` true (directly, or through a flag
  assigned from it) says ``v`` equals an item of ``items``, an allow-list when the collection is
  not the caller's (:func:`matched_any`); a function whose returns are ``None`` or an object,
  never a literal verdict, keeps the parameters' state at each object return as its true
  verdicts (:func:`lookup_states`, read by ``HelperChecks.verdicts``); a dict literal returned is
  such an object (``return {"path": row[0]}``). A fetched row of an equality query proves its
  parameters stored keys (:mod:`.storedrows`).
* In the caller: the result of a lookup-named call (``get_x``, ``find_x``, ``lookup_x``,
  ``resolve_x``) assigned to a name is a verdict variable; its truth (``if not x``, ``x is
  None``) narrows each argument with a soft reference to the helper (:mod:`.checkref`), proven
  once modules are linked from the helper's verdicts, and no check at all otherwise.
"""

from __future__ import annotations

import re
from typing import List

from ..lazycst import cst

from . import cstnodes as N
from .quantified import quantified
from .storedrows import stored_key_guard
from .taintvalue import ALL

#: names of helpers that look an item up by its key (their None says "no such item")
LOOKUP_NAME = re.compile(r"^_?(get|find|lookup|resolve)_\w+$")


def _name(func) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else ""


def is_lookup(call: cst.Call) -> bool:
    """A call of a lookup-named helper (``manager.get_device(serial)``)."""
    return bool(LOOKUP_NAME.match(_name(call.func)))


def lookup_guard(interp, cond, truth: bool) -> List[tuple]:
    """The narrowings of ``cond`` being ``truth`` for the shapes above (``interp``: the function
    interpreter), or []."""
    stored = stored_key_guard(interp, cond, truth)  # row = ...execute("... WHERE k = ?", (v,)).fetchone()
    if stored:
        return stored
    if isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1 and isinstance(cond.left, cst.Name) \
            and cond.left.value in interp.verdict_vars and isinstance(cond.comparisons[0].operator, (cst.Is, cst.IsNot)) \
            and N.string_value(cond.comparisons[0].comparator) is None \
            and isinstance(cond.comparisons[0].comparator, cst.Name) and cond.comparisons[0].comparator.value == "None":
        return interp.narrowings(cond.left, truth != isinstance(cond.comparisons[0].operator, cst.Is))
    if isinstance(cond, cst.Name) and cond.value in interp.verdict_vars:
        call = interp.verdict_vars[cond.value]
        return _soft_refs(interp, call) if truth and id(call) in interp.lookup_calls else []
    if isinstance(cond, cst.Name):
        value = interp.local_values.get(cond.value)
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in ("any", "all"):
            return quantified(interp, value, truth) or matched_any(interp, value, truth)  # flag = any(...)
        return []
    return matched_any(interp, cond, truth)


def _soft_refs(interp, call: cst.Call) -> List[tuple]:
    """Each argument of a lookup call, weakly checked by a soft reference to the helper: proven
    from its verdicts once modules are linked, no check at all otherwise (checkref.SOFT_MODES)."""
    from .narrowing import CHECK_REF, UNVERIFIED  # (narrowing imports this module)

    name = _name(call.func)
    target = interp.mod.dotted(call.func) or name  # get_manager().get_device: the call the caller typed
    out = []
    for i, a in enumerate(call.args):
        var = N.var_of(a.value)
        if isinstance(a.value, (cst.Attribute, cst.Subscript)):
            continue  # get_client(request.host): a field looked up vouches for none of the object's others
        if a.keyword is None and not a.star and var and interp.env.get(var):
            ref = "|".join(("verdict", interp.mod.path, interp.qualname, target, str(i)))
            out.append((var, frozenset(), f"looked up by {name}() {UNVERIFIED}{CHECK_REF}{ref}", "lookup"))
    return out


def matched_any(interp, cond, truth: bool) -> List[tuple]:
    """``any(item[k] == v for item in items)`` true: ``v`` equals an item of a collection the
    caller does not write (an allow-list computed at run time)."""
    if not (truth and isinstance(cond, cst.Call) and isinstance(cond.func, cst.Name) and cond.func.value == "any"
            and len(cond.args) == 1 and isinstance(cond.args[0].value, (cst.GeneratorExp, cst.ListComp))):
        return []
    gen = cond.args[0].value
    loop, elt = gen.for_in, gen.elt
    if loop.inner_for_in is not None or loop.ifs or not isinstance(loop.target, cst.Name) \
            or not isinstance(elt, cst.Comparison) or len(elt.comparisons) != 1 \
            or not isinstance(elt.comparisons[0].operator, cst.Equal) \
            or any(k[0] != "c" for k in interp.ev_quiet(loop.iter)):  # none of the caller's (a call's result)
        return []
    item = loop.target.value
    sides = [elt.left, elt.comparisons[0].comparator]
    for side, other in (sides, sides[::-1]):
        var = N.var_of(side)
        if var and var != item and interp.env.get(var) and item in {n.value for n in _names(other)}:
            return [(v, frozenset({ALL}), None, "allow-list") for v in (var, _decoded_from(interp, var)) if v]
    return []


def _decoded_from(interp, var: str):
    """The variable ``var`` decodes (``v = unquote(raw)``, a decoder of the models that undoes
    every sanitisation): when the decoded value equals a known item, the raw one is that item's
    encoding (its characters are the item's, or a percent sign and hex digits)."""
    value = interp.local_values.get(var)
    if isinstance(value, cst.Call) and len(value.args) == 1 and (interp.mod.dotted(value.func) or "") in interp.M.undoes:
        src = N.var_of(value.args[0].value)
        return src if src and src != var and interp.env.get(src) else None
    return None


def _names(node) -> List[cst.Name]:
    out: List[cst.Name] = []

    class _V(cst.CSTVisitor):
        def visit_Name(self, n: cst.Name) -> None:
            out.append(n)

    node.visit(_V())
    return out


def lookup_states(fa) -> list:
    """The parameters' states at the object returns of a lookup function (every return is None
    or an object, at least one of each, no literal verdict), or []."""
    if fa.lookup_broken or not fa.lookup_none or fa.verdict_states:
        return []
    return fa.lookup_states


def note_lookup_return(fa, value) -> None:
    """Record a ``return value`` for :func:`lookup_states`."""
    if value is None or (isinstance(value, cst.Name) and value.value == "None"):
        fa.lookup_none = True
    elif isinstance(value, (cst.Call, cst.Name, cst.Attribute, cst.Subscript, cst.Dict)) and not (
            isinstance(value, cst.Name) and value.value in ("True", "False")):
        fa.lookup_states.append({p.name: fa.env.get(p.name) for p in fa.params})
    else:
        fa.lookup_broken = True


__all__ = ["LOOKUP_NAME", "is_lookup", "lookup_guard", "lookup_states", "matched_any", "note_lookup_return"]
