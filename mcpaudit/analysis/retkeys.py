"""Per-key results of Python functions that return dict displays (issue 12, py57a).

``def info(cid): root, error = resolve(cid); ...; return {"id": cid, "paths": paths_of(root)}``
returns a dict whose ``paths`` holds only what the checked root gives: a caller's
``info(cid)["paths"]`` must not see the raw id that only ``id`` holds. Within one function a dict
display keeps each key's marks (``taintvalue.in_dict``), but a label has one :class:`Info`: once the
linker resolves ``paths_of(root)`` to the same origin as ``cid``, the two keys' flows merge and the
checked flow keeps the raw one's cleanliness.

So the Python engine keeps, as the TypeScript one does for object literals (``ts/retfields.py``),
each constant key's taint over the function's returns (``FuncSummary.return_fields``):

* a return of a dict display whose keys are all constant strings (no ``**``) gives each key its
  value's taint; ``return`` / ``return None`` gives no key; ``return helper(...)`` gives each key
  the helper's own field (``_safe_error(msg)``'s ``{"ok": False, "error": msg}`` adds no path);
  any other return (a variable, a subscript) gives every key what a read of that key would take
  of it (``item_of``: all but what a display on its way put under another key; it may be any
  dict), so the fields stay sound; a key no display holds gets only those other returns' taint
  (``taintmerge.OTHER_KEYS``): the displays never hand it back (``d["k"]`` raises, ``d.get("k")``
  gives the default);
* no field table when no return is such a display, or the function yields.

A constant read (``d["k"]``, ``d.get("k")``) of a variable assigned straight from a call
(``d = f(x)`` / ``d = await f(x)``), or of the call itself (``f(x)["k"]``), turns that call's label
``("c", i)`` (or ``("c", i, cond)`` after a branch on one of its keys: discriminants.py) into
``("c", i, "k")`` (``("c", i, cond, "k")``); the linker (``inter.subst`` -> ``taintmerge.picked``)
gives it that field of each target's result, and a target's whole result when the target keeps
no such field (a library call, another kind of return, a key it never returns). Any other read
(``d[var]``, ``d.items()``, ``**d``, ``json.dumps(d)``) keeps the call's whole label: the union of
every key. The field label carries no item key (``Info.key``), so a nested read ``d["a"]["b"]`` is
item ``b`` of field ``a`` (the linker's ``item_of`` by the marks the callee's displays left).
"""

from __future__ import annotations

from typing import Dict, Optional

from ..lazycst import cst

from .discriminants import is_condition
from .taintmerge import OTHER_KEYS
from .taintvalue import EMPTY, Taint, add_step, item_of, union

_NOTHING = frozenset({"None"})


def note_dict(fa, node, keyed: Optional[Dict[str, Taint]]) -> None:
    """The dict display ``node`` just evaluated: each constant key's taint (None: not plain)."""
    fa.__dict__.setdefault("_dict_keys", {})[id(node)] = keyed


def note_keyed_return(fa, stmt, value: Taint) -> None:
    """An own ``return`` just evaluated (``value`` its taint): its keys, or ``(None, value)``."""
    fa.__dict__.setdefault("_keyed_returns", []).append(_returned(fa, stmt, value))


def _returned(fa, stmt, value: Taint):
    node = stmt.value
    if node is None or (isinstance(node, cst.Name) and node.value in _NOTHING):
        return {}
    if isinstance(node, cst.Dict):
        keyed = fa.__dict__.get("_dict_keys", {}).get(id(node))
        if keyed is not None:
            step = (stmt, None, "returned")
            return {k: add_step(t, step) if t else t for k, t in keyed.items()}
    call = node.expression if isinstance(node, cst.Await) else node
    return (isinstance(call, cst.Call), add_step(value, (stmt, None, "returned")))


def _other(seen, key: str) -> Taint:
    """What the returns that are no display give item ``key``: ``return helper(...)`` its field
    ``key`` (the label ``("c", j, key)``, resolved by the linker from the helper's own fields);
    any other value its item ``key`` as a read of it would take (``item_of``: not what a display
    on its way put under another key)."""
    out: Taint = EMPTY
    for s in seen:
        if isinstance(s, tuple):
            called, v = s
            out = union(out, {_field_label(lbl, key, None): info for lbl, info in v.items()} if called
                        else v if key == OTHER_KEYS else item_of(v, key))
    return out


def return_keys(fa) -> Optional[Dict[str, Taint]]:
    """Each constant key's taint over every own return (see the module's docstring)."""
    seen = fa.__dict__.get("_keyed_returns")
    if not seen or len(seen) != len(fa.returns) or not any(isinstance(s, dict) and s for s in seen):
        return None  # no dict display returned, or a yield (a generator's items are no return)
    keys = {k for s in seen if isinstance(s, dict) for k in s}
    out: Dict[str, Taint] = {OTHER_KEYS: fa.mod.resolve_taint(_other(seen, OTHER_KEYS))}
    for k in keys:
        t = union(_other(seen, k), *(s.get(k, EMPTY) for s in seen if isinstance(s, dict)))
        out[k] = fa.mod.resolve_taint(t)
    return out


def note_holder(fa, name: str, value: Taint, value_node) -> None:
    """``name = f(x)`` / ``name = await f(x)``: the calls whose results ``name`` holds whole."""
    held = fa.__dict__.setdefault("_call_holders", {})
    call = value_node.expression if isinstance(value_node, cst.Await) else value_node
    idxs = frozenset(lbl[1] for lbl in value if lbl[0] == "c" and len(lbl) == 2) if isinstance(call, cst.Call) else None
    if idxs:
        held[name] = idxs
    else:
        held.pop(name, None)


def keyed_read(fa, base_node, key: Optional[str], value: Taint) -> Taint:
    """Item ``key`` (a constant) read of ``base_node`` (taint ``value``, the item already taken):
    the call labels of a call's whole result become that call's field ``key``."""
    if key is None or not value:
        return value
    inner = base_node.expression if isinstance(base_node, cst.Await) else base_node
    if isinstance(inner, cst.Name):
        idxs = fa.__dict__.get("_call_holders", {}).get(inner.value)
    elif isinstance(inner, cst.Call):
        idxs = None  # every label of the call's own result
    else:
        return value
    if isinstance(inner, cst.Name) and not idxs:
        return value
    out: Taint = {}
    for lbl, info in value.items():
        field = _field_label(lbl, key, idxs) if info.key == key else lbl
        # the label names the field now: the linker must not take item ``key`` of it again
        # (records.attr_item), and a further constant read takes its item (``d["a"]["b"]``)
        out[field] = info if field == lbl else info.replace(key=None)
    return out


def _field_label(lbl, key: str, idxs):
    if lbl[0] != "c" or (idxs is not None and lbl[1] not in idxs):
        return lbl
    if len(lbl) == 2:
        return ("c", lbl[1], key)
    if len(lbl) == 3 and is_condition(lbl[2]):
        return ("c", lbl[1], lbl[2], key)
    return lbl


def keyed_label(lbl) -> bool:
    """``("c", i, "k")``: field ``k`` of call ``i``'s result (a reader that asked for the call's
    whole result, a receiver or a value handed on, counts it as before the field was named)."""
    return len(lbl) == 3 and lbl[0] == "c" and isinstance(lbl[2], str)
