"""A tool list copied into a ``Set`` (or an array made from one), and a registry function that
returns it from a branch (ts30a).

``export function getActiveTools(cfg): Set<Tool> { if (!cfg.tools) return new Set<Tool>(tools);
const active = new Set<Tool>(); ...; return active; }`` with ``for (const tool of
getActiveTools(cfg)) server.registerTool(tool.name, ...)``: every tool of ``tools`` may be
registered (all of them when nothing is configured; the configured ones are picked from it). So
``new Set(X)`` and ``Array.from(X)`` stand for the list ``X`` (:func:`set_copy`, read by
``Names.list_source``), and a function any of whose ``return`` statements - not only the last, and
in a branch - gives such a copy of one list returns that list (:func:`branch_list`, for
``instancelists.returned_list``).
"""

from __future__ import annotations

from typing import Iterator, Optional

from . import nodes as N

_COPIES = ("Set", "Array.from")


def set_copy(fa, node):
    """``X`` of ``new Set(X)`` / ``new Set<T>(X)`` / ``Array.from(X)`` (one argument); None else."""
    if node is None:
        return None
    if node.type == "new_expression":
        ctor = node.child_by_field_name("constructor")
        name = N.text(fa.data, ctor) if ctor is not None else ""
    elif node.type == "call_expression":
        fn = node.child_by_field_name("function")
        name = N.text(fa.data, fn) if fn is not None else ""
    else:
        return None
    args = N.args_of(node)
    if name not in _COPIES or len(args) != 1:
        return None
    return N.unwrap(args[0])


def _returns(node) -> Iterator:
    """The ``return`` statements of a function body, in its branches too, not in nested functions."""
    stack = [node]
    while stack:
        n = stack.pop()
        for c in n.named_children:
            if c.type == "return_statement":
                yield c
            elif c.type not in N.FUNCTIONS and c.type not in ("class_declaration", "class"):
                stack.append(c)


def branch_list(fa, body) -> Optional[str]:
    """The one list the ``return`` statements of ``body`` give a copy of (``new Set(tools)``),
    when some do and no two name different lists; None otherwise."""
    refs = set()
    for r in _returns(body):
        u = N.unwrap(r.named_children[0]) if r.named_children else None
        if u is not None and set_copy(fa, u) is not None:
            ref = fa.list_source(u)
            if ref:
                refs.add(ref)
    return refs.pop() if len(refs) == 1 else None
