"""Branches decided by what a caller passes: ``if params:`` ... ``else:`` inside a helper.

A function's summary is computed once, for every caller. A sink inside ``if not params:`` (or the
``else`` of ``if params:``, the body of ``if out is None:``) only runs when the parameter is
empty or None at entry; a call that passes a non-empty literal (``params=[...]``) or leaves a
``None`` default in place decides the branch. Each sink records the parameter conditions it sits
under (when the parameter is never reassigned in the function), each call the literal facts of
its arguments, and the linker skips a sink whose conditions the call contradicts. A parameter a
function passes on as is (``def run(q, params=None): return self._run(q, params)``) carries the
fact its own caller gave it (:func:`passed_facts`): the branch is decided two calls down.
"""

from __future__ import annotations

import re
from ast import literal_eval
from typing import FrozenSet, Iterable, Optional, Set, Tuple

from ..lazycst import cst

from .cstnodes import nodes_of, per_node

#: a condition on a parameter's value at entry: "truthy", "falsy", "none" or "set" (not None)
Need = Tuple[str, str]
#: a fact about an argument: "truthy" (a non-empty literal), "empty" (an empty or zero literal),
#: "none" (None, or a None default left in place)
Fact = Tuple[str, str]

_CONTRADICTS = {"truthy": {"none", "empty"}, "falsy": {"truthy"}, "none": {"truthy", "empty"}, "set": {"none"}}

#: a word literal (a method, a mode: ``"get"``, ``"read-only"``) is also known by its value, after
#: this separator (``"truthy\x1fget"``); longer strings (paths, queries) are only truthy
SEP = "\x1f"
_WORD = re.compile(r"[A-Za-z_][\w-]{0,23}")
#: ``p == "get"`` / ``p != "get"`` (``eq``/``ne``), ``p.lower() == "get"`` or
#: ``p.upper() == "GET"`` (``ieq``/``ine``)
_EQUALITY = {"eq": (True, False), "ne": (False, False), "ieq": (True, True), "ine": (False, True)}


def assigned_names(fn: cst.FunctionDef) -> FrozenSet[str]:
    """Names a function (re)binds anywhere in its body (nested functions and classes included;
    every name in a target, ``a`` and ``i`` of ``a[i] = v`` too): such a parameter's value at an
    ``if`` may not be the caller's."""
    out: Set[str] = set()
    for node in nodes_of(fn.body, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr,
                                   cst.WithItem, cst.AsName)):
        target = getattr(node, "target", None) or getattr(node, "asname", None) or getattr(node, "name", None)
        for name in nodes_of(target, cst.Name) if target is not None else ():
            out.add(name.value)
    return frozenset(out)


def assigned_names_in(mod, fn: cst.FunctionDef) -> FrozenSet[str]:
    """:func:`assigned_names` of ``fn``, computed once per function of the module ``mod`` analyses
    (a function is interpreted again for each call that inlines it; the memo lives on the
    module's analyzer, which drops it with the tree)."""
    return per_node(mod, "_assigned_names", fn, assigned_names)


def param_guard(test, params: Iterable[str], assigned: FrozenSet[str]) -> Optional[Tuple[str, str, str]]:
    """``(param, need in the body, need in the else branch)`` when ``test`` is ``p``, ``not p``,
    ``p is None`` or ``p is not None`` on a parameter the function never reassigns."""
    names = set(params) - assigned
    if isinstance(test, cst.Name) and test.value in names:
        return test.value, "truthy", "falsy"
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and \
            isinstance(test.expression, cst.Name) and test.expression.value in names:
        return test.expression.value, "falsy", "truthy"
    eq = _equality_guard(test, names)
    if eq is not None:
        return eq
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.left, cst.Name) \
            and test.left.value in names:
        c = test.comparisons[0]
        if isinstance(c.comparator, cst.Name) and c.comparator.value == "None":
            if isinstance(c.operator, cst.Is):
                return test.left.value, "none", "set"
            if isinstance(c.operator, cst.IsNot):
                return test.left.value, "set", "none"
    return None


#: between the alternatives of one condition (``if save_file or save_to:``): the parameters and
#: the needs of a disjunction, in order (``("save_file\x1esave_to", "truthy\x1etruthy")``); a
#: call contradicts it only when its facts contradict every alternative
ALT = "\x1e"
Needs = Tuple[Need, ...]


def branch_needs(test, params: Iterable[str], assigned: FrozenSet[str]) -> Tuple[Needs, Needs]:
    """(conditions in the body, conditions in the else branch) of an ``if`` on ``test``: a
    :func:`param_guard` test, or ``and``/``or``/``not`` of such tests (py53a). An operand that is
    no such test adds nothing (the conditions kept still hold), and a disjunction of conjunctions
    is not kept."""
    return _needs(test, frozenset(set(params) - assigned))


def _needs(test, names: FrozenSet[str]) -> Tuple[Needs, Needs]:
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and \
            isinstance(test.expression, cst.BooleanOperation):
        body, other = _needs(test.expression, names)
        return other, body
    if isinstance(test, cst.BooleanOperation):
        lb, le = _needs(test.left, names)
        rb, re_ = _needs(test.right, names)
        if isinstance(test.operator, cst.And):
            return lb + rb, _either(le, re_)
        return _either(lb, rb), le + re_
    g = param_guard(test, names, frozenset())
    return (((g[0], g[1]),), ((g[0], g[2]),)) if g else ((), ())


def _either(a: Needs, b: Needs) -> Needs:
    """One condition that holds when one of ``a`` or ``b`` (each one condition) does."""
    if len(a) != 1 or len(b) != 1:
        return ()
    return ((a[0][0] + ALT + b[0][0], a[0][1] + ALT + b[0][1]),)


def _equality_guard(test, names) -> Optional[Tuple[str, str, str]]:
    """``p == "get"`` / ``p != "get"`` / ``p.lower() == "get"`` / ``p.upper() == "GET"`` on a
    parameter never reassigned."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return None
    c = test.comparisons[0]
    if not isinstance(c.operator, (cst.Equal, cst.NotEqual)) or not isinstance(c.comparator, cst.SimpleString):
        return None
    left, folded = test.left, False
    if isinstance(left, cst.Call) and not left.args and isinstance(left.func, cst.Attribute) and \
            left.func.attr.value in ("lower", "upper", "casefold"):
        left, folded = left.func.value, True
    try:
        word = c.comparator.evaluated_value
    except Exception:  # noqa: BLE001 - an odd literal proves nothing
        return None
    if not (isinstance(left, cst.Name) and left.value in names and isinstance(word, str)):
        return None
    eq, ne = ("ieq", "ine") if folded else ("eq", "ne")
    if isinstance(c.operator, cst.NotEqual):
        eq, ne = ne, eq
    return left.value, eq + SEP + word, ne + SEP + word


def arg_fact(node) -> Optional[str]:
    """What a literal argument is for a branch test: "truthy", "empty" or "none" (else None)."""
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return "truthy" if node.elements else "empty"
    if isinstance(node, cst.Dict):
        return "truthy" if node.elements else "empty"
    if isinstance(node, cst.SimpleString):
        return _string_fact(node.value)
    if isinstance(node, (cst.Integer, cst.Float)):
        return "truthy" if node.evaluated_value else "empty"
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": "truthy", "False": "empty", "None": "none"}[node.value]
    return None


def contradicted(requires: Iterable[Need], given: FrozenSet[Fact]) -> bool:
    """True when a call's argument facts rule out one of the conditions a sink sits under."""
    facts = dict(given)
    return any(all(_contradicts(n, facts.get(q)) for q, n in zip(p.split(ALT), need.split(ALT))) if ALT in p
               else _contradicts(need, facts.get(p)) for p, need in requires)


def _contradicts(need: str, fact: Optional[str]) -> bool:
    if fact is None:
        return False
    kind, _, value = fact.partition(SEP)
    if need in _CONTRADICTS:
        return kind in _CONTRADICTS[need]
    op, _, word = need.partition(SEP)
    if op == "in":
        return bool(value) and value not in word.split("|")  # one of these words (argvruns.py)
    equal, folded = _EQUALITY.get(op, (None, False))
    if equal is None or not value:
        return False  # no value known (a list, a long string)
    same = (value.lower() == word.lower()) if folded else (value == word)
    return same != equal


def _string_fact(literal: str) -> Optional[str]:
    """:func:`arg_fact` of one string literal as written (``"GET"``; what libcst's
    ``SimpleString.evaluated_value`` evaluates: ``ast.literal_eval`` of the token)."""
    try:
        value = literal_eval(literal)
    except Exception:  # noqa: BLE001 - an odd literal proves nothing
        return None
    if isinstance(value, str) and _WORD.fullmatch(value):
        return "truthy" + SEP + value
    return "truthy" if value else "empty"


#: a default that is one single- or double-quoted string literal and nothing else: libcst would
#: parse it as a lone ``SimpleString`` (a triple-quoted one, a concatenation or any other
#: expression goes through libcst's parser)
_ONE_STRING = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')[ \t]*""", re.S)


def _default_fact(text: str) -> Optional[str]:
    """The fact of a string default as written in the signature (``"GET"``). A lone string
    literal is read without libcst: the TypeScript link calls this for a TS function's string
    defaults, and a process that analyses no Python must not import libcst for it (issue 15,
    speed54)."""
    one = _ONE_STRING.fullmatch(text)
    if one is not None:
        return _string_fact(one.group(1))
    try:
        return arg_fact(cst.parse_expression(text))
    except Exception:  # noqa: BLE001 - an odd default proves nothing
        return None


def _callee_params(params, is_method: bool) -> Tuple[list, list]:
    """(the parameters a call fills, its positional ones): a method's ``self``/``cls`` left out."""
    ps = list(params)
    if is_method and ps and ps[0].name in ("self", "cls"):
        ps = ps[1:]
    return ps, [p for p in ps if p.kind == "pos"]


def _param_name(positional: list, k) -> object:
    """The parameter an argument of position or keyword ``k`` fills."""
    return positional[k].name if isinstance(k, int) and k < len(positional) else k


def call_facts(params, is_method: bool, given: Optional[dict]) -> FrozenSet[Fact]:
    """The callee's parameters' facts for one call: its literal arguments, and ``none`` for a
    parameter left out whose default is ``None`` (unknown when the call spreads arguments)."""
    if given is None:
        return frozenset()
    ps, positional = _callee_params(params, is_method)
    out = {}
    for k, fact in given.items():
        name = _param_name(positional, k)
        if isinstance(name, str):
            out[name] = fact
    npos = sum(1 for k in given if isinstance(k, int))
    for p in positional[npos:] + [p for p in ps if p.kind == "kwonly"]:
        if p.name not in out and p.default == "None":
            out[p.name] = "none"
        elif p.name not in out and p.default and p.default[:1] in "\"'":
            out[p.name] = _default_fact(p.default) or "?"  # method="GET" left in place
    return frozenset((k, v) for k, v in out.items() if v != "?")


#: the key under which the linker keeps, beside a function's call results, the facts of the call
#: it is being instantiated for (what :func:`passed_facts` hands on)
GIVEN = ("given", "facts")


def forwarded_params(ev, call) -> Tuple[Tuple[object, str], ...]:
    """(position or keyword, parameter) of each argument of ``call`` that is a parameter of the
    calling function passed as is, never rebound there (none when the call spreads arguments)."""
    if not isinstance(call, cst.Call) or any(a.star for a in call.args):
        return ()
    return tuple((a.keyword.value if a.keyword is not None else i, a.value.value)
                 for i, a in enumerate(call.args) if ev._text_param(a.value, annotated=False))


def passed_facts(params, is_method: bool, rec, caller_given) -> FrozenSet[Fact]:
    """:func:`call_facts` of one call, with the fact the caller's own caller gave each parameter
    the caller passes on as is (``rec.forwarded``; ``caller_given``: the caller's facts)."""
    given = call_facts(params, is_method, rec.given)
    if not rec.forwarded or not caller_given:  # none forwarded when the call spreads arguments (given None)
        return given
    known, out = dict(caller_given), dict(given)
    positional = _callee_params(params, is_method)[1]
    for k, own in rec.forwarded:
        name, fact = _param_name(positional, k), known.get(own)
        if isinstance(name, str) and fact and fact != "text" and name not in out:
            out[name] = fact
    return frozenset(out.items())
