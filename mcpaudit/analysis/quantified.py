"""Checks of every element of a list in one condition, and match results compared with None.

``if any(TOKEN.fullmatch(t) is None for t in tokens): raise`` and ``if not all(TOKEN.fullmatch(t)
for t in tokens): return`` refuse unless every element passes, as the loop form ``for t in tokens:
if not TOKEN.fullmatch(t): raise`` does (elementcalls.element_checks): past them each element of
``tokens`` passed the check, so what the check proves of ``t`` holds for the list. ``any(E)``
false means E is false for each element, ``all(E)`` true that it is true for each; the other
outcomes say nothing of every element. A generator with more than one ``for`` or with an ``if``
filter is not read (the filtered-out elements are not checked).

``any(p.is_relative_to(root) for root in ROOTS)`` (:func:`any_root`) is the other way round: the
value tested is the same each time and the loop walks the roots (a list the operator configured);
true, it is under one of them, as ``p.is_relative_to(root)`` says for one root.

``bad = [t for t in tokens if not ok(t)]; if bad: raise`` is the same check written as a filtered
list whose emptiness is required (:func:`_filtered_empty`): past the refusal no element failed.

``any(c in value for c in UNSAFE)`` false, where ``UNSAFE`` is a constant set of characters (a
string literal, ``set("/\\:")``, a tuple or list of one-character strings, or a module constant
holding one) is the same check as ``"/" in value``, ``"\\" in value``... each false
(:func:`_char_set_refusal`, py55c): the value holds none of them (a separator check when ``/`` and
``\\`` are among them).

``m is None`` / ``m is not None`` of a call (a regex match, a lookup): the call's result is falsy
exactly when it is None for a match, so the test narrows as the call itself tested for truth.
"""

from __future__ import annotations

from typing import List, Tuple

from ..lazycst import cst

from . import cstnodes as N

_QUANTIFIERS = {"any": False, "all": True}  # the outcome that says something of every element


def quantified(interp, cond, truth: bool) -> List[tuple]:
    """The narrowings ``cond`` evaluating to ``truth`` gives, for the two shapes above; ``interp``
    is the function interpreter (its ``narrowings`` and ``env``)."""
    if isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1 and isinstance(cond.left, cst.Call) \
            and isinstance(cond.comparisons[0].operator, (cst.Is, cst.IsNot)) \
            and isinstance(cond.comparisons[0].comparator, cst.Name) and cond.comparisons[0].comparator.value == "None":
        is_none = isinstance(cond.comparisons[0].operator, cst.Is)
        return interp.narrowings(cond.left, truth != is_none)
    if isinstance(cond, cst.Name) and not truth:
        return _filtered_empty(interp, cond.value)
    if not (isinstance(cond, cst.Call) and isinstance(cond.func, cst.Name) and cond.func.value in _QUANTIFIERS
            and len(cond.args) == 1 and isinstance(cond.args[0].value, (cst.GeneratorExp, cst.ListComp))):
        return []
    if truth != _QUANTIFIERS[cond.func.value]:
        return []
    gen = cond.args[0].value
    if cond.func.value == "any":
        chars = _char_set_refusal(interp, gen)
        if chars is not None:
            value, found = chars
            return [n for ch in sorted(found) for n in interp.narrowings(cst.Comparison(
                cst.SimpleString(repr(ch)), [cst.ComparisonTarget(cst.In(), value)]), False)]
    loop = gen.for_in
    if loop.inner_for_in is not None or loop.ifs or not isinstance(loop.target, cst.Name):
        return []
    items = N.var_of(loop.iter)
    if not items or not interp.env.get(items):
        return []
    var = loop.target.value
    return [(items, *n[1:]) for n in interp.narrowings(gen.elt, truth) if n[0] == var]


def _char_set_refusal(interp, gen):
    """(``value``, its characters) for ``any(c in value for c in CONST)`` with constant characters."""
    if not one_loop(gen) or not isinstance(gen.elt, cst.Comparison) or len(gen.elt.comparisons) != 1:
        return None
    var, test = gen.for_in.target.value, gen.elt
    if not (isinstance(test.left, cst.Name) and test.left.value == var and isinstance(test.comparisons[0].operator, cst.In)):
        return None
    value = test.comparisons[0].comparator
    if N.var_of(value) is None or N.var_of(value) == var:
        return None
    chars = _constant_chars(interp, gen.for_in.iter)
    return (value, chars) if chars else None


def _constant_chars(interp, node, depth: int = 0):
    """The characters of a constant string, ``set("...")``/``frozenset("...")``, or a tuple, list or
    set of one-character strings; a module constant holding one is followed."""
    if isinstance(node, cst.Name) and depth == 0:
        made = getattr(interp.mod, "module_values", {}).get(node.value)
        text = getattr(interp.mod, "string_constants", {}).get(node.value)
        return set(text) if text else _constant_chars(interp, made, 1) if made is not None else None
    text = N.string_value(node)
    if text is not None:
        return set(text)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("set", "frozenset") \
            and len(node.args) == 1:
        return _constant_chars(interp, node.args[0].value, 1)
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        items = [N.string_value(e.value) for e in node.elements]
        if items and all(i is not None and len(i) == 1 for i in items):
            return set(items)
    return None


def _filtered_empty(interp, name: str) -> List[tuple]:
    """``bad = [c for c in cols if c not in known]; if bad: raise``: past the refusal the list is
    empty, so the filter was false for each element of ``cols``, as ``any(c not in known for c in
    cols)`` false says."""
    made = interp.local_values.get(name)
    if not isinstance(made, cst.ListComp) or made.for_in.inner_for_in is not None or len(made.for_in.ifs) != 1 \
            or not isinstance(made.for_in.target, cst.Name) or not isinstance(made.elt, cst.Name) \
            or made.elt.value != made.for_in.target.value:
        return []
    items = N.var_of(made.for_in.iter)
    if not items or not interp.env.get(items):
        return []
    var = made.for_in.target.value
    return [(items, *n[1:]) for n in interp.narrowings(made.for_in.ifs[0].test, False) if n[0] == var]


def one_loop(gen) -> bool:
    """``gen`` is a generator (or list comprehension) with one ``for`` over a name and no filter."""
    return (isinstance(gen, (cst.GeneratorExp, cst.ListComp)) and isinstance(gen.for_in.target, cst.Name)
            and gen.for_in.inner_for_in is None and not gen.for_in.ifs)


def element_call(gen, method: str) -> "Tuple[cst.Call, cst.BaseExpression] | None":
    """(``x.method(e)``, ``ITEMS``) for the generator of ``any(x.method(e) for e in ITEMS)`` (or
    its list comprehension): one ``for`` over a name, no filter, and the element a one-argument
    call of ``method`` on something else than the loop variable, which it takes (``e``,
    ``str(e)``). The same test once per element of ``ITEMS``."""
    if not (one_loop(gen) and isinstance(gen.elt, cst.Call)):
        return None
    call, loop = gen.elt, gen.for_in.target.value
    if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == method and len(call.args) == 1
            and N.var_of(call.args[0].value) == loop and N.var_of(call.func.value) != loop):
        return None
    return call, gen.for_in.iter


def any_root(gen) -> "cst.Call | None":
    """``p.is_relative_to(ROOTS)`` for the generator of ``any(p.is_relative_to(r) for r in ROOTS)``:
    the one-root containment test whose root is the list (its roots' labels are the list's)."""
    found = element_call(gen, "is_relative_to")
    return found[0].with_changes(args=[cst.Arg(found[1])]) if found is not None else None


__all__ = ["any_root", "element_call", "one_loop", "quantified"]
