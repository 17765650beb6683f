"""Per-property taint of the elements of a list a ``map`` callback builds (issue 14).

    const jobs = items.map(async (item) => {
      const record = { id, prompt, filepath: `${dir}/${id}.mp4` };
      return record;                         // or: return this.save(buffer, prompt, id)
    });
    const records = (await Promise.all(jobs)).filter((r) => r !== null);
    const first = records[0];
    await fs.readFile(first.filepath);

Each element of ``jobs`` is what the callback returns, so ``first.filepath`` holds what the
callback put under ``filepath``, not the caller's ``prompt`` kept beside it. The callback is run
inline (``calls.inline``); each of its own returns is noted here (:func:`note_return`): an object
literal of plain properties or a local bound to one (its properties, ``retfields.returned_fields``),
nothing (``null``), or a call (``this.save(...)``: its result, whose property the linker resolves
as for any call's result, ``retfields.field_label``). Any other return leaves the elements whole.

The list reaches the pick through ``Promise.all(list)``, ``await``, ``.filter``, ``.slice``,
``.sort``, ``.reverse`` and ``.toSorted`` (each keeps some of the same elements) and plain
``const`` names; the pick is ``list[i]``, ``list.at(i)``, ``list.find(...)``, ``.findLast``,
``.pop()`` or ``.shift()``. The picked name then holds each property the returns set as its own
``<name>.<key>`` entry (``statements._object_fields`` does the same for an object literal); any
other property of it is still the whole value. A callback with an expression body is not read.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple, Union

from ..taintvalue import EMPTY, Taint, add_step, union
from . import nodes as N
from .retfields import returned_fields

#: one return of a callback: its properties, or ("call", taint) for a call's result
Entry = Union[Dict[str, Taint], Tuple[str, Taint]]

_KEEP = frozenset({"filter", "slice", "sort", "reverse", "toSorted"})
_PICK = frozenset({"at", "find", "findLast", "pop", "shift"})
#: calls that put other elements into a list in place (rev52t)
_MUTATORS = frozenset({"push", "unshift", "splice", "fill", "copyWithin"})
_NAMES = ("identifier", "shorthand_property_identifier_pattern")


def _callbacks(fa) -> Dict[int, Optional[List[Entry]]]:
    return fa.__dict__.setdefault("_map_returns", {})


def _lists(fa) -> Dict[str, List[Entry]]:
    return fa.__dict__.setdefault("_map_lists", {})


def _strip(node):
    node = N.unwrap(node)
    while node is not None and node.type == "await_expression":
        inner = [c for c in node.named_children if c.type != "comment"]
        node = N.unwrap(inner[0]) if inner else None
    return node


def note_return(fa, stmt, value, v: Taint, step) -> None:
    """A return of an inlined function (``value`` the returned expression, ``v`` its taint)."""
    fn = stmt.parent
    while fn is not None and fn.type not in N.FUNCTIONS:
        fn = fn.parent
    if fn is None:
        return
    seen = _callbacks(fa)
    if fn.id in seen and seen[fn.id] is None:
        return
    inner = _strip(value) if value is not None else None
    entry: Optional[Entry]
    if inner is not None and inner.type == "call_expression":
        entry = ("call", v)
    else:
        entry = returned_fields(fa, value, step)
    if entry is None:
        seen[fn.id] = None
    else:
        seen.setdefault(fn.id, []).append(entry)


def _member(fa, node) -> Tuple[Optional[str], Optional[object]]:
    """(method name, receiver) of a call ``recv.method(...)``."""
    f = node.child_by_field_name("function")
    if f is None or f.type != "member_expression":
        return None, None
    prop = f.child_by_field_name("property")
    return (N.text(fa.data, prop) if prop is not None else None), f.child_by_field_name("object")


def _elements(fa, node, depth: int = 0) -> Optional[List[Entry]]:
    """The returns each element of the list ``node`` is one of; None when not known."""
    node = _strip(node)
    if node is None or depth > 6:
        return None
    if node.type == "identifier":
        name = N.text(fa.data, node)
        known = _lists(fa).get(name)
        return None if known is None or _mutated(fa, name, node) else known
    if node.type != "call_expression":
        return None
    args = node.child_by_field_name("arguments")
    given = [c for c in args.named_children if c.type != "comment"] if args is not None else []
    f = node.child_by_field_name("function")
    if f is not None and N.text(fa.data, f) == "Promise.all" and len(given) == 1:
        return _elements(fa, given[0], depth + 1)
    method, recv = _member(fa, node)
    if method == "map" and given and N.unwrap(given[0]) is not None and N.unwrap(given[0]).type in N.FUNCTIONS:
        body = N.unwrap(given[0]).child_by_field_name("body")
        if body is None:
            return None
        if body.type != "statement_block":
            return _called_local(fa, body)  # (p, i) => createPrediction(p, i): its returns (ts52b)
        entries = _callbacks(fa).get(N.unwrap(given[0]).id)
        return list(entries) if entries and any(isinstance(e, tuple) or e for e in entries) else None
    if method in _KEEP and recv is not None:
        return _elements(fa, recv, depth + 1)
    return None


def _mutated(fa, name: str, at) -> bool:
    """Whether the function around ``at`` puts other elements into the list ``name`` in place
    (``name.push(x)``, ``name.splice(...)``, ``name[i] = x``): its elements are then not only the
    callback's returns (rev52t)."""
    scope = N.enclosing_function(at)
    if scope is None:  # (module level: the whole module)
        scope = at
        while scope.parent is not None:
            scope = scope.parent
    for call in N.nodes_under(scope, "call_expression"):
        method, recv = _member(fa, call)
        recv = N.unwrap(recv) if recv is not None else None
        if method in _MUTATORS and recv is not None and recv.type == "identifier" and N.text(fa.data, recv) == name:
            return True
    for asg in N.nodes_under(scope, "assignment_expression"):
        left = asg.child_by_field_name("left")
        obj = left.child_by_field_name("object") if left is not None and left.type == "subscript_expression" else None
        if obj is not None and obj.type == "identifier" and N.text(fa.data, obj) == name:
            return True
    return False


def _called_local(fa, body) -> Optional[List[Entry]]:
    """An expression body that calls a local helper evaluated in place (``(p, i) =>
    createPrediction(p, i)``): each element is one of the helper's returns."""
    call = _strip(body)
    f = N.unwrap(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else None
    local = fa.local_fns.get(N.text(fa.data, f)) if f is not None and f.type == "identifier" else None
    entries = _callbacks(fa).get(local.id) if local is not None else None
    return list(entries) if entries and any(isinstance(e, tuple) or e for e in entries) else None


def note_elements(fa, recv_node, cb) -> None:
    """``list.map(cb)`` (any element method): when the elements of ``list`` are known, ``cb``'s
    destructured first parameter takes each property from them (:func:`bind_param`)."""
    elems = _elements(fa, recv_node) if recv_node is not None else None
    held = fa.__dict__.setdefault("_element_params", {})
    if elems is None:
        held.pop(cb.id, None)
    else:
        held[cb.id] = elems


def bind_param(fa, fn, i: int, pat, v: Taint) -> None:
    """Bind parameter ``i`` of the function evaluated in place; ``({ prediction, input }) =>`` over
    a list of known elements: ``prediction`` holds what the returns put under ``prediction``, not
    its sibling ``input`` (ts52b). A property no return sets keeps the whole element."""
    fa.assign_pattern(pat, v, None)
    elems = fa.__dict__.get("_element_params", {}).get(fn.id) if i == 0 and pat.type == "object_pattern" else None
    if not elems:
        return
    for c in pat.named_children:
        entry = N.pattern_property(fa.data, c)
        if entry is None or entry[1].type not in _NAMES or entry[2] is not None:
            continue
        key, target = entry[0], entry[1]
        if not all(isinstance(e, tuple) or key in e for e in elems):
            continue
        parts = [e.get(key, EMPTY) if isinstance(e, dict) else
                 (fa.read_field(e[1], None, key, c) if e[1] else EMPTY) for e in elems]
        v_key = union(*parts)
        fa.env[N.text(fa.data, target)] = add_step(v_key, fa.step(c, f"property '{key}' of an element")) if v_key else v_key


def _picked(fa, node) -> Optional[List[Entry]]:
    """The elements ``node`` picks one of: ``list[i]``, ``list.find(...)``, ``list.at(0)``."""
    node = _strip(node)
    if node is None:
        return None
    if node.type == "subscript_expression":
        obj = node.child_by_field_name("object")
        return _elements(fa, obj) if obj is not None else None
    if node.type == "call_expression":
        method, recv = _member(fa, node)
        if method in _PICK and recv is not None:
            return _elements(fa, recv)
    return None


def track(fa, name: str, value_node) -> None:
    """``const name = <value>``: a list of known elements is kept; a pick of one sets the
    properties of ``name`` (its ``<name>.<key>`` entries)."""
    _lists(fa).pop(name, None)
    if value_node is None:
        return
    picked = _picked(fa, value_node)
    if picked is None:
        elems = _elements(fa, value_node)
        if elems is not None:
            _lists(fa)[name] = elems
        return
    keys = sorted({k for e in picked if isinstance(e, dict) for k in e})
    for key in keys:
        parts = []
        for e in picked:
            if isinstance(e, dict):
                parts.append(e.get(key, EMPTY))
            else:
                parts.append(fa.read_field(e[1], None, key, value_node) if e[1] else EMPTY)
        fa.env[f"{name}.{key}"] = union(*parts)
        fa.fields.setdefault(name, set()).add(f"{name}.{key}")
