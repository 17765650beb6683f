"""Handlers picked by the loop element's name from a map of functions.

``TOOLS.forEach((tool) => { const handler = HANDLERS[tool.name]; server.tool(tool.name, ...,
wrap(tool.name, handler)) })``: each element of ``TOOLS`` (tool definitions, often imported
objects of other modules) registers the function ``HANDLERS`` holds under the element's name (a
name-keyed map of imported functions). The interpreter keeps ``handler -> (list, map, element
field)``, also through a call that takes the picked handler (a wrapper adding telemetry or
error handling); the surface records it on the registration and the linker reads each
element's field and looks it up in the map (:meth:`LoopTools.loop_tools`).

The registered function may also be written in place and call the picked handler itself
(``server.tool(tool.name, ..., async (args, extra) => handler(injectIds(args), client, extra))``):
the call lands on the map's entries (``<map>[*]``, one per tool, each run for its own tool), and
the registration keeps the map (:func:`called_pick`), so that when the list the loop goes over
is built at run time (filtered by a grant, mapped to add notices) the map's keys are the tools
(:meth:`LoopTools.map_tools`).
"""

from __future__ import annotations

from typing import Optional, Tuple

from . import nodes as N

#: registration handler marker: the function is the map's entry for the element's field
PICKED = "loop-map"


def _pick(fn, node) -> Optional[Tuple[str, str, str]]:
    """(list ref, map ref, element field) of ``MAP[t.name]`` / ``MAP.get(t.name)``."""
    u = N.unwrap(node)
    if u is None:
        return None
    if u.type == "identifier":
        return fn.loop_picks.get(N.text(fn.data, u))
    if u.type == "subscript_expression":
        obj, idx = u.child_by_field_id(fn.F.object), u.child_by_field_id(fn.F.index)
    elif u.type == "call_expression":
        callee = u.child_by_field_id(fn.F.function)
        args = N.args_of(u)
        if callee is None or callee.type != "member_expression" or len(args) != 1 or \
                N.text(fn.data, callee.child_by_field_id(fn.F.property)) != "get":
            return None
        obj, idx = callee.child_by_field_id(fn.F.object), args[0]
    else:
        return None
    lp = fn._loop_prop(idx) if idx is not None else None
    table = fn.dotted(obj) if obj is not None and lp else None
    return (lp[0], table, lp[1]) if table else None


def track_loop_pick(fn, name: str, node) -> None:
    """``name = MAP[t.name]``, or ``name = wrap(..., picked, ...)`` of such a value."""
    fn.loop_picks.pop(name, None)
    hit = _pick(fn, node)
    u = N.unwrap(node)
    if hit is None and u is not None and u.type == "call_expression":
        for a in N.args_of(u):
            au = N.unwrap(a)
            if au is not None and au.type == "identifier" and N.text(fn.data, au) in fn.loop_picks:
                hit = fn.loop_picks[N.text(fn.data, au)]
                break
    if hit is not None:
        fn.loop_picks[name] = hit


def picked_handler(fn, reg, handler) -> bool:
    """Record on ``reg`` that its handler is the map's entry for each element; False when the
    handler is no such pick."""
    hit = _pick(fn, handler)
    if hit is None:
        return False
    reg.loop = reg.loop or "r:" + hit[0]
    reg.loop_props["handler-map"] = hit[1]
    reg.loop_props["handler-key"] = hit[2]
    reg.handler = PICKED
    return True


def called_pick(fn, reg, qual: str) -> None:
    """Record on ``reg`` the map an in-place handler (the function ``qual`` of ``fn``'s module)
    calls its loop element's entry of."""
    if reg.handler == PICKED or not fn.loop_picks:
        return
    summary = fn.mod.functions.get(qual)
    targets = {rec.target for rec in summary.calls.values()} if summary is not None else set()
    for lst, table, field in fn.loop_picks.values():
        if table + "[*]" in targets:
            reg.loop = reg.loop or "r:" + lst
            reg.loop_props.setdefault("handler-map", table)
            reg.loop_props.setdefault("handler-key", field)
            return
