"""A switch on the loop element's name inside a handler shared by every element.

``allTools.forEach((tool) => server.tool(tool.method, tool.description, tool.schema, async (args)
=> { switch (tool.method) { case "get_plane": return api.getPlane(args.id); ... } }))``: the
handler is registered once per element, and the switch on the element's own field picks the
branch that runs for that element. A case's literal is recorded as the hint ``case:<literal>``
on what the branch reaches; the linker reads it as the tool of that name when the project
registers one (:func:`mcpaudit.analysis.dispatch.tool_of_hint`), and drops it otherwise (a switch
on some other field of the element: its kind, its category).
"""

from __future__ import annotations

from typing import Optional

from ..dispatch import CASE_HINT
from . import nodes as N


def element_field_switch(fa, v) -> bool:
    """``switch (tool.method)`` where ``tool`` is the element of a list a loop goes over
    (``forEach((tool) => ...)``, ``for (const tool of TOOLS)``), read in this function or one
    defined inside the loop; or ``switch (method)`` on a parameter of the function, which the
    shared handler may give the element's field (``api.run(tool.method, arg)``, :func:`passed_field`)."""
    if v is not None and v.type == "identifier":
        return fa.node is not None and any(p.name == N.text(fa.data, v) for p in fa.params)
    if v is None or v.type != "member_expression":
        return False
    obj = N.unwrap(v.child_by_field_id(fa.F.object))
    return obj is not None and obj.type == "identifier" and N.text(fa.data, obj) in fa.loop_vars


def case_hint(fa, cval) -> Optional[str]:
    """The hint of one case of such a switch: ``case:<literal>``."""
    lit = fa.const_of(cval) if cval is not None else None
    return CASE_HINT + lit if isinstance(lit, str) and lit else None


def element_cases(fn) -> bool:
    """A function (a shared handler) with calls or sinks in such cases: run once per tool."""
    return any((r.tool_hint or "").startswith(CASE_HINT) for r in (*fn.calls.values(), *fn.sinks))


#: the hint of a call that passes the loop element's field on (``api.run(tool.method, arg)``):
#: names no tool, but makes the handler run once per element (:func:`element_cases`), so that a
#: callee's switch on that parameter keeps only the case of the tool it runs for
PASSED_FIELD = CASE_HINT + "*"


def passed_field(fa, arg_nodes) -> Optional[str]:
    """:data:`PASSED_FIELD` when one of the call's arguments is a field of the loop element."""
    if fa.tool_hint is not None or not fa.loop_vars:
        return None
    return PASSED_FIELD if any(element_field_switch(fa, u) for u in map(N.unwrap, arg_nodes)
                               if u is not None and u.type == "member_expression") else None
