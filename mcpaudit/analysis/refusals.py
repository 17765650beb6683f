"""Validators that answer with the refusal itself: ``err = validate_name(n); if err: return err``.

A check helper need not return a verdict. A common shape returns the error to send back (an
error dict, a message, an exception object) when the value fails, and ``None`` when it passes::

    def _validate_name(name):
        if not name or not _NAME_RE.match(name):
            return _err(f"Invalid name {name!r}")
        return None

    invalid = _validate_name(name)
    if invalid:
        return invalid            # past this, name matched _NAME_RE

In the helper (a check-named function of the module, :data:`~.narrowing.VALIDATOR_NAME`), every
return is ``None`` (or the end of the body) or a *refusal*: a string, a dict that is not a true
verdict, a call of an error-named constructor (``_err(...)``, ``error_response(...)``,
``ValueError(...)``). The parameters' states where it returns ``None`` are its passing states;
the families clean in every one of them are what a caller's refusal on a truthy result proves
(:func:`refusal_verdicts`, kept in the summary's ``refusals``). A helper with any other return
(``True``/``False``, a match object, a value) is not read this way.

In the caller, the result assigned to a name is a verdict variable; ``if err: return err`` (or
``raise``), ``if err is not None: ...`` and ``if _validate_name(n): return ...`` narrow each
argument past the refusal (:func:`refusal_narrowings`). A caller that ignores the result proves
nothing.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body
from .softkeep import kept_families, shown_in

#: callees whose result is an error to send back (an error object or response, an exception)
ERROR_CALL = re.compile(r"(?i)(^_?err(or)?s?$|error|fail|invalid|reject|refus|denied|forbidden|exception)")

Verdicts = Dict[str, Tuple[FrozenSet[str], Optional[str]]]


def _init_refusals(fa) -> None:
    fa.refuse_pass = []  # params' values at each `return None`
    fa.refuse_objects = 0  # returns of a refusal
    fa.refuse_broken = False  # some other return: not a refusing validator


def _state(fa) -> dict:
    return {p.name: fa.env.get(p.name) for p in fa.params}


def _callee_name(func) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else ""


def is_refusal(value) -> bool:
    """A returned value that is an error to send back: a message, an error dict, an error
    object built by an error-named constructor."""
    if isinstance(value, cst.Await):
        value = value.expression
    if isinstance(value, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
        return not _empty_text(value)  # "" is falsy: ``if err: return err`` lets it through
    if isinstance(value, cst.Dict):
        if not value.elements:  # {} as well
            return False
        from .verdicts import verdict_kind  # (verdicts imports this module)

        return verdict_kind(value) != "true"
    return isinstance(value, cst.Call) and bool(ERROR_CALL.search(_callee_name(value.func)))


def _empty_text(value) -> bool:
    """A string literal with no characters (``""``, ``f""``, ``"" ""``)."""
    if isinstance(value, cst.SimpleString):
        return value.evaluated_value in ("", b"")
    if isinstance(value, cst.FormattedString):
        return not value.parts
    return _empty_text(value.left) and _empty_text(value.right)


def note_refusal_return(fa, value) -> None:
    """Record a ``return value`` of the function being interpreted."""
    if not hasattr(fa, "refuse_pass"):
        _init_refusals(fa)
    if value is None or (isinstance(value, cst.Name) and value.value == "None"):
        fa.refuse_pass.append(_state(fa))
    elif is_refusal(value):
        fa.refuse_objects += 1
    else:
        fa.refuse_broken = True


def refusal_verdicts(fa, states_verdicts) -> Verdicts:
    """The families each parameter is clean for wherever the helper returns ``None``, when it is
    a refusing validator (``states_verdicts``: how a list of states becomes verdicts)."""
    from .narrowing import VALIDATOR_NAME  # (narrowing imports verdicts, which imports this module)

    fn = fa.fn
    if fn is None or not getattr(fa, "refuse_objects", 0) or fa.refuse_broken \
            or not VALIDATOR_NAME.search(fn.name.value):
        return {}
    states = list(fa.refuse_pass)
    body = flat_body(fn.body)
    if body and not isinstance(body[-1], (cst.Return, cst.Raise)) and getattr(fa, "final_env", None) is not None:
        states.append({p.name: fa.final_env.get(p.name) for p in fa.params})  # falls off the end: None
    return states_verdicts(states) if states else {}


def refusal_narrowings(fa, call: cst.Call) -> List[tuple]:
    """Narrowings of ``helper(args)`` being falsy (the caller refused on a truthy result), for a
    refusing validator of this module."""
    if not isinstance(call.func, cst.Name):
        return []
    local = fa.mod.functions.get(call.func.value)
    refusals = getattr(local, "refusals", None) if local is not None else None
    if local is not None and getattr(local, "flag_refusals", None):
        from .flagarms import call_refusals

        refusals = call_refusals(local, call) or refusals  # err = validate(n, strict=True) (flagarms.py)
    if not refusals:
        return []
    name = call.func.value
    return [(var, kept_families(fams, weak), shown_in(weak, name), name)
            for _arg, var, (fams, weak) in summarised_args(call, local, refusals, fa.env)]


def summarised_args(call: cst.Call, local, table, env):
    """``(argument, variable, table entry)`` for each positional argument of ``call`` (of the
    module's function ``local``) that is a variable holding a value in ``env`` and whose
    parameter has an entry in ``table`` (a helper summary keyed by parameter name)."""
    positional = [p.name for p in local.params if p.kind == "pos"]
    for i, arg in enumerate(a for a in call.args if a.keyword is None and not a.star):
        got = table.get(positional[i]) if i < len(positional) else None
        var = N.var_of(_fallback_free(arg.value))
        if got and var and env.get(var):
            yield arg, var, got


def _fallback_free(node):
    """``x`` of ``x or ""`` (a constant fallback): the helper checked ``x`` whenever it was truthy,
    and a falsy ``x`` carries nothing."""
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or) and N.is_literal(node.right):
        return node.left
    return node


def refuses(fa, call) -> bool:
    """``call`` is of a refusing validator of this module."""
    local = fa.mod.functions.get(call.func.value) if isinstance(call.func, cst.Name) else None
    return local is not None and bool(getattr(local, "refusals", None) or getattr(local, "flag_refusals", None))


__all__ = ["ERROR_CALL", "is_refusal", "note_refusal_return", "refusal_narrowings", "refusal_verdicts", "refuses", "summarised_args"]
