"""Class-based tools served through a project subclass of an SDK ``Tool`` class:

    class ServedTool(FastMCPTool):                  # a subclass of the SDK's Tool class
        def __init__(self, tool: BaseTool):         # wraps an object of a project class
            ...
            def execute_fn(**kwargs):
                return tool.apply_ex(**kwargs)

    class BaseTool:
        def get_apply_fn(self):
            return getattr(self, "apply")           # the method the tool runs, by name

    class ShellTool(BaseTool):
        def apply(self, command: str) -> str: ...   # a tool: its parameters are the tool's

The server fills its tool table with one wrapper per instance (``mcp._tool_manager._tools[name]
= ServedTool(tool)``, or ``add_tool``), so each concrete subclass's ``apply`` is a handler whose
parameters the caller fills. Module side: :func:`collect` finds the wrapped classes and the
methods classes look up by a constant name. Link side: :class:`ClassTools` adds a tool for each
concrete override of such a method in the subclasses of a wrapped class, named as these
frameworks name them (the class name in snake case, without a ``Tool`` suffix).
"""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

from ..lazycst import cst

from .cstnodes import find_all, string_value
from .positions import flat_body

_SELF = ("self", "cls")


def collect(mod) -> Tuple[Tuple[str, ...], Dict[str, Tuple[str, ...]]]:
    """(project classes that the module's SDK Tool subclasses take in their constructor,
    class -> the method names its methods look up with ``getattr(self, "name")``)."""
    sdk = mod.M.surface.sdk_tool_classes
    wrapped: List[str] = []
    lookups: Dict[str, Tuple[str, ...]] = {}
    looks_up = "getattr" in mod.text  # the text test spares a walk of every method elsewhere
    for stmt in flat_body(mod.module):
        if not isinstance(stmt, cst.ClassDef):
            continue
        methods = [s for s in flat_body(stmt.body) if isinstance(s, cst.FunctionDef)]
        if sdk and any((mod.dotted(b.value) or "") in sdk for b in stmt.bases):
            for m in methods:
                if m.name.value != "__init__":
                    continue
                for p in m.params.params[1:]:
                    d = mod.dotted(p.annotation.annotation) if p.annotation is not None else None
                    if d and "(" not in d and d not in sdk and d.split(".")[-1][:1].isupper() and d not in wrapped:
                        wrapped.append(d)
        names: List[str] = []
        for m in methods if looks_up else ():
            for call in find_all(m.body, cst.Call):
                if isinstance(call.func, cst.Name) and call.func.value == "getattr" and len(call.args) >= 2 and \
                        isinstance(call.args[0].value, cst.Name) and call.args[0].value.value in _SELF:
                    name = string_value(call.args[1].value)
                    if name and name.isidentifier() and not name.startswith("_") and name not in names:
                        names.append(name)
        if names:
            lookups[stmt.name.value] = tuple(names)
    return tuple(wrapped), lookups


def tool_name(cls: str) -> str:
    """``ExecuteShellCommandTool`` -> ``execute_shell_command``."""
    name = cls[:-4] if cls.endswith("Tool") and len(cls) > 4 else cls
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class ClassTools:
    """Mixed into the Python linker: the tools of class-based servers (see the module doc)."""

    def build_surface(self) -> None:
        super().build_surface()
        have = {(t.location.path, t.function) for t in self.tools}
        for path in sorted(self.modules):
            for dotted in getattr(self.modules[path], "wrapped_tool_classes", ()):
                ref = self.class_ref(path, dotted)
                if ref is None:
                    continue
                names = getattr(self.modules[ref[0]], "lookup_methods", {}).get(ref[1], ())
                for method in names:
                    for tpath, fn in self.overrides(ref[0], ref[1], method):
                        if (tpath, fn.qualname) in have or fn.cls is None:
                            continue
                        have.add((tpath, fn.qualname))
                        tool = self._tool_info(tpath, fn, "tool", "fastmcp", tool_name(fn.cls.rsplit(".", 1)[-1]),
                                               None, None, None, {})
                        self.handlers.append((tpath, fn, tool, "tool"))
                        self.tools.append(tool)


__all__ = ["ClassTools", "collect", "tool_name"]
