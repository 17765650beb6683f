"""The transport a ``server.run(transport=<name>)`` call runs when an enclosing ``if`` fixes it.

``if mode == "stdio": mcp.run(transport=mode)`` runs stdio whatever the configuration says: the
call sits in the body of a test that compares the very name it passes with a constant. Such a
run never serves HTTP (and one in the body of ``if mode == "sse":`` serves SSE).
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from .cstnodes import find_all, string_value


def narrowed_transport(mod, transport: cst.BaseExpression, line: int) -> Optional[str]:
    """The constant the innermost ``if <name> == "<constant>":`` whose body (not its ``else``)
    holds ``line`` gives ``transport`` (a bare name), or None."""
    if not isinstance(transport, cst.Name):
        return None
    best = None
    for node in find_all(mod.module, cst.If):
        test = node.test
        if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
                and isinstance(test.comparisons[0].operator, cst.Equal)):
            continue
        left, right = test.left, test.comparisons[0].comparator
        if isinstance(right, cst.Name):
            left, right = right, left
        value = string_value(right)
        if not (isinstance(left, cst.Name) and left.value == transport.value and value is not None):
            continue
        first, _, last, _ = mod.pos(node)
        if node.orelse is not None:
            last = mod.pos(node.orelse)[0] - 1
        if first < line <= last and (best is None or last - first < best[0]):
            best = (last - first, value)
    return best[1] if best else None


#: a word of an expression that names the transport it holds (``transport.value``, ``args.transport``)
_TRANSPORT_WORDS = ("transport",)


def positional_transport(mod, recv_node, call: cst.Call, owner: str) -> bool:
    """``server.run(<expression>)`` with one positional argument that is not a constant: the SDK's
    ``FastMCP.run(self, transport=...)`` takes it as the transport (py56d). Only for a receiver
    known to be a server of this module (made or typed here), or an imported one whose argument
    names a transport (``mcp.run(transport.value)``, ``mcp.run(args.transport)``): a ``run`` of
    another library's object (``asyncio.run(main())``) takes something else."""
    args = [a for a in call.args if a.keyword is None]
    if len(args) != 1 or args[0].star or string_value(args[0].value) is not None:
        return False
    if owner != "imported" and isinstance(recv_node, cst.Name) and recv_node.value in getattr(mod, "instances", {}):
        return True
    node, words = args[0].value, []
    while isinstance(node, cst.Attribute):
        words.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        words.append(node.value)
    return any(t in w.lower() for w in words for t in _TRANSPORT_WORDS)
