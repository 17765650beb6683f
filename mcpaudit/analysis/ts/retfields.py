"""Per-property results of functions that return object literals.

``function build(pm, input) { return { command: pm, args: toArgs(input) } }`` returns an object
whose ``command`` holds only ``pm``: a caller's ``const { command, args } = build(PM, input)`` (or
``r.command``) must not see the input in ``command``. When every return of a function is an
object literal of plain properties (``key: value``, shorthand ``key``; no spread, no method, no
computed key) or nothing (``return;``, ``null``, ``undefined``), its summary keeps each
property's taint (``FuncSummary.return_fields``). A property read of a call's result
(``expressions.read_field``) is the label ``("c", i, key)``, and ``("c", i, cond, key)`` on a branch that tested a
property of the result (discriminated.py); the linker (``inter.subst``) gives it
that property of each target's result, and a target's whole result when the target keeps no
such property (a library call, a function with another kind of return, a key it never returns).
"""

from __future__ import annotations

from typing import Dict, Optional

from ..discriminants import is_condition
from ..taintvalue import EMPTY, Taint, add_step, union
from . import nodes as N

#: returns that give no object (reading a property of them throws): they add no property
_NOTHING = frozenset({"null", "undefined"})


def note_object(fn, node, keyed: Optional[Dict[str, Taint]]) -> None:
    """The object literal ``node`` just evaluated, its properties' taint (None: not plain)."""
    fn.__dict__["_last_object"] = (node.id, keyed)


def object_property(fn, c, keyed: Optional[Dict[str, Taint]], v: Taint) -> Optional[Dict[str, Taint]]:
    """Add the object literal child ``c`` (its value's taint ``v``) to ``keyed``: None once a
    child is not a plain property."""
    if keyed is None:
        return None
    if c.type == "shorthand_property_identifier":
        key = N.text(fn.data, c)
    elif c.type == "pair":
        k = c.child_by_field_id(fn.F.key)
        key = N.prop_key(fn.data, k) if k is not None and k.type != "computed_property_name" else None
    elif c.type == "comment":
        return keyed
    else:
        return None
    if key is None:
        return None
    keyed[key] = union(keyed.get(key, EMPTY), v)
    return keyed


def note_return(fn, value, step) -> None:
    """An own return of the function (``value`` the returned expression, None for ``return;``)."""
    fn.__dict__.setdefault("_returned_fields", []).append(returned_fields(fn, value, step))


def returned_fields(fn, value, step) -> Optional[Dict[str, Taint]]:
    """The properties of one return just evaluated: {} for nothing, None when not a plain object."""
    inner = N.unwrap(value) if value is not None else None
    if inner is None or inner.type in _NOTHING or (inner.type == "identifier" and N.text(fn.data, inner) == "undefined"):
        return {}
    if inner.type == "identifier":  # const manifest = { ... }; return manifest
        return _local_fields(fn, N.text(fn.data, inner), step)
    last = fn.__dict__.get("_last_object")
    if inner.type != "object" or last is None or last[0] != inner.id or last[1] is None:
        return None
    return {k: add_step(t, step) if t else t for k, t in last[1].items()}


def _local_fields(fn, name: str, step) -> Optional[Dict[str, Taint]]:
    """The properties of a local bound to an object literal of plain properties, as they stand
    where it is returned (``statements._object_fields`` keeps each as ``<name>.<key>``); None when
    the local is not such a literal (a spread, a method, reassigned from anything else)."""
    if name not in getattr(fn, "literal_objects", ()) or name not in getattr(fn, "locals", ()):
        return None
    keys = fn.fields.get(name) or set()
    out: Dict[str, Taint] = {}
    for dotted in keys:
        key = dotted[len(name) + 1:]
        if not dotted.startswith(name + ".") or "." in key:
            if dotted.startswith(name + "...."):
                return None  # a spread's properties are not known one by one
            continue
        t = fn.env.get(dotted) or EMPTY
        out[key] = add_step(t, step) if t else t
    return out or None


def return_fields(fn, typed_returns) -> Optional[Dict[str, Taint]]:
    """Each property's taint over every own return, when each return is a plain object literal
    (or nothing) and the returns were not narrowed by a declared type."""
    seen = fn.__dict__.get("_returned_fields")
    if not seen or any(s is None for s in seen) or not any(seen) or typed_returns is not fn.returns:
        return None
    out: Dict[str, Taint] = {}
    for keyed in seen:
        for k, t in keyed.items():
            out[k] = union(out.get(k, EMPTY), t)
    return out


def field_label(label, key: str):
    """``r.key`` of the plain result ``("c", i)`` of a call: the label of that property."""
    if label[0] == "c" and len(label) == 2:
        return ("c", label[1], key)
    if label[0] == "c" and len(label) == 3 and is_condition(label[2]):
        return ("c", label[1], label[2], key)  # if (q.cypher) ... q.cypher: that property (discriminants.part)
    return label

