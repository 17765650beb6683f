"""A TLS switch that is a parameter, off at every call in its file (issue 14, ts28b).

``constructor(proxy, disableSSL: boolean) { const tls = disableSSL ? { rejectUnauthorized:
false } : undefined; ... }`` with the one construction ``new ProxyRouter(proxy,
process.env.NODE_TLS_REJECT_UNAUTHORIZED === "0")`` (or a variable holding that comparison): the
parameter has no default of its own, but every caller in the file gives it a value that is off
while the operator sets nothing (an environment variable compared with a string is unequal while
unset). The operator's own opt-out then reaches the code as it would any other switch
(:mod:`.optin_tls_ts` reads the rest).
"""

from __future__ import annotations

from typing import Optional

from ...analysis.ts.authparams import param_index
from ...analysis.ts.nodes import args_of


def passed_off(data: bytes, at, name: str, env_form) -> Optional[str]:
    """How the parameter ``name`` of the function around ``at`` is off at every call of that
    function in its file (``new C(...)`` for a constructor): each passes an expression matching
    ``env_form`` or a variable declared as one. None when a call passes anything else, or there
    is no call."""
    from .optin_tls_ts import _callee, _enclosing, _function_name, _text, _top, _walk

    fn = _enclosing(at)
    if fn is None:
        return None
    index = param_index(data, fn, name, defaulted=True, skip_comments=True)
    ctor = fn.type == "method_definition" and _function_name(data, fn) == "constructor"
    callee = _class_name(data, fn) if ctor else _function_name(data, fn)
    if index is None or not callee:
        return None
    kind = "new_expression" if ctor else "call_expression"
    calls = [n for n in _walk(_top(at)) if n.type == kind and (
        _text(data, n.child_by_field_name("constructor")) == callee if kind == "new_expression" else _callee(data, n) == callee)]
    whys = [_off_argument(data, c, index, env_form) for c in calls]
    if not whys or any(w is None for w in whys):
        return None
    return f"every call passes {whys[0]}"


def _class_name(data: bytes, method) -> Optional[str]:
    from .optin_tls_ts import _text

    p = method.parent
    while p is not None and p.type not in ("class_declaration", "class"):
        p = p.parent
    n = p.child_by_field_name("name") if p is not None else None
    return _text(data, n) if n is not None else None


def _off_argument(data: bytes, call, index: int, env_form) -> Optional[str]:
    """The argument at ``index`` when it is off unless set: an environment comparison, or a
    variable of the enclosing function or module declared as one."""
    from .optin_tls_ts import _enclosing, _text, _top, _unparen, _walk

    given = args_of(call)
    arg = _unparen(given[index]) if index < len(given) else None
    if arg is None:
        return None
    if env_form.fullmatch(_text(data, arg).strip()):
        return _text(data, arg).strip()
    if arg.type != "identifier":
        return None
    name = _text(data, arg)
    for scope in (s for s in (_enclosing(call), _top(call)) if s is not None):
        for n in _walk(scope):
            if n.type == "variable_declarator" and _text(data, n.child_by_field_name("name")) == name:
                value = _unparen(n.child_by_field_name("value"))
                if value is not None and env_form.fullmatch(_text(data, value).strip()):
                    return f"{name} = {_text(data, value).strip()}"
                return None
    return None
