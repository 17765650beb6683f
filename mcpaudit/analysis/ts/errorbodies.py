"""An API's error body: ``const data = await res.json()`` read inside ``if (!res.ok) {...}`` (or
the ``else`` of ``if (res.ok)``) is what the service said went wrong, not a credential, whatever
the variable is called (``credentialData``). Logging or returning it there reads no secret.

Mixed into nothing: functions of the interpreter (``fn``), which keeps ``body_of`` (variable ->
the response it was parsed from) and ``failed_responses`` (responses known to have failed here).
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N
from .discriminated import property_test

_BODY_METHODS = ("json", "text")


def track(fn, name: str, node) -> None:
    """``name = [await] res.json()``: remember that ``name`` holds the body of ``res``."""
    held = fn.__dict__.setdefault("body_of", {})
    u = N.unwrap(node)
    if u is not None and u.type == "call_expression":
        f = u.child_by_field_id(fn.F.function)
        if f is not None and f.type == "member_expression" and not N.args_of(u):
            obj = N.unwrap(f.child_by_field_id(fn.F.object))
            prop = f.child_by_field_id(fn.F.property)
            if obj is not None and obj.type == "identifier" and prop is not None and \
                    N.text(fn.data, prop) in _BODY_METHODS:
                held[name] = N.text(fn.data, obj)
                return
    held.pop(name, None)


def failed_response(fn, cond, truth: bool) -> Optional[str]:
    """The response a branch is known to have failed in: ``!res.ok`` true, ``res.ok`` false."""
    got = property_test(fn, cond, truth)
    if got is None:
        return None
    var, (_w, prop, op, _value, want) = got
    return var if prop == "ok" and op == "truthy" and not want else None


def is_error_body(fn, name: str) -> bool:
    """Whether ``name`` holds the body of a response known to have failed here."""
    res = fn.__dict__.get("body_of", {}).get(name)
    return res is not None and res in fn.__dict__.get("failed_responses", ())
