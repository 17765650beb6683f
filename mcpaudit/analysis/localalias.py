"""The class a plain local alias keeps: ``tool_self = self`` in a method, ``captured_tool = tool``
of a parameter annotated with a class (``tool: CliTool``). The alias is the same object, so its
calls land in that class; the functions nested after it (a tool registered in a loop that closes
over ``captured_tool``) see it with that class too (``FunctionAnalyzer._constructed_locals``)."""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst


def alias_type(interp, node) -> Optional[str]:
    """The class of the value ``node`` names when it is ``self`` of a method or a parameter with a
    declared type that the function does not rebind, else None."""
    if not isinstance(node, cst.Name):
        return None
    names = {p.name for p in interp.params}
    if node.value == "self":
        return interp.cls if interp.cls is not None and "self" in names else None
    if node.value in names and node.value not in interp.local_values:
        return interp.types.get(node.value)
    return None


__all__ = ["alias_type"]
