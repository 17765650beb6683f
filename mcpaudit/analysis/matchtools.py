"""Tools registered by a ``match`` on the tool name in a low-level ``call_tool`` (issue 12).

    @server.call_tool()
    async def call_tool(name: str, arguments: dict):
        match name:
            case ToolName.GSQL:                     # class ToolName(str, Enum): GSQL = "x__gsql"
                return await gsql(**arguments)
            case "list_graphs":
                return await list_graphs(arguments)

Each arm whose pattern is a string literal or a member of a ``str`` Enum with a constant value
serves the tool of that name (:func:`case_hint`, the branch's tool hint). An Enum of another
module is written as the hint ``enum:<dotted member>`` and read at link time from that module's
``enum_values`` (:func:`enum_hint_value`). A project function an arm calls with the arguments
mapping (``**arguments`` or ``arguments``) is that tool's handler, its signature the tool's
parameters (:func:`case_tools`): the tools are known even when the ``Tool(...)`` declarations
``list_tools`` returns are built elsewhere (a registry of another module).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Tuple

from ..lazycst import cst

from .cstnodes import names_var, string_value
from .enumvalues import enum_member_value

ENUM_HINT = "enum:"  # the hint of an arm naming an Enum member of another module
ARM_HINT = "arm:"  # the hint of a match arm on the tool name (its calls may register the tool)


def case_hint(fa, subject, pattern, hint: Optional[str]) -> Optional[str]:
    """The tool hint inside a ``case`` of ``match <name param>``: ``arm:<literal>``, the same
    module's Enum member's value, or ``arm:enum:<dotted member>``; ``hint`` otherwise."""
    if not (fa.name_param and names_var(subject, fa.name_param) and isinstance(pattern, cst.MatchValue)):
        return hint
    value = pattern.value
    text = string_value(value)
    if text is None and isinstance(value, cst.Attribute):
        text = enum_member_value(fa.mod, value)
        if text is None:
            dotted = fa.mod.dotted(value)
            return ARM_HINT + ENUM_HINT + dotted if dotted and "." in dotted else hint
    return ARM_HINT + text if text else hint


def module_enum_values(mod) -> Dict[str, Dict[str, str]]:
    """Each Enum class the module defines at its top level: its members with a string value."""
    out: Dict[str, Dict[str, str]] = {}
    for s in mod.module.body:
        if not (isinstance(s, cst.ClassDef) and s.name.value in mod.enums and isinstance(s.body, cst.IndentedBlock)):
            continue
        members: Dict[str, str] = {}
        for line in s.body.body:
            for stmt in (line.body if isinstance(line, cst.SimpleStatementLine) else ()):
                if isinstance(stmt, cst.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0].target, cst.Name):
                    v = string_value(stmt.value)
                    if v is not None:
                        members[stmt.targets[0].target.value] = v
        if members:
            out[s.name.value] = members
    return out


def enum_hint_value(linker, path: str, hint: str) -> Optional[str]:
    """The string value of the Enum member an ``enum:`` hint names, from the module that defines
    its class (None when the class is not the project's or has no such member)."""
    dotted = hint[len(ENUM_HINT):]
    cls, _, member = dotted.rpartition(".")
    ref = linker.class_ref(path, cls) if cls else None
    if ref is None:
        return None
    values = getattr(linker.modules[ref[0]], "enum_values", None) or {}
    return values.get(ref[1], {}).get(member)


def arm_hint(linker, path: str, hint: str) -> Optional[str]:
    """A match arm's hint as a tool name (see :func:`mcpaudit.analysis.dispatch.tool_of_hint`)."""
    hint = hint[len(ARM_HINT):]
    return enum_hint_value(linker, path, hint) if hint.startswith(ENUM_HINT) else hint


def _passes_arguments(fn, rec) -> bool:
    """Whether the call passes the handler's arguments mapping (its parameters after the name)."""
    params = [p.name for p in fn.params if p.name not in ("self", "cls")][1:]
    labels = [*rec.args, *rec.kwargs.values(), rec.dstar]
    return any(("p", p) in t for p in params for t in labels)


def case_tools(linker) -> Tuple[list, Set[Tuple[str, str]]]:
    """A :class:`ToolInfo` for each project function a match arm of a ``call_tool`` handler
    calls with the arguments mapping, filed under the arm's tool name; the (path, qualname) of
    the handlers that register some."""
    from ..models import Location, Parameter, ToolInfo

    tools: List = []
    served: Set[Tuple[str, str]] = set()
    seen: Set[str] = set()
    for path, qualname in sorted(linker.call_tool_fns):
        fn = linker.modules[path].functions.get(qualname)
        for idx in sorted(fn.calls) if fn is not None else ():
            rec = fn.calls[idx]
            if not (rec.tool_hint or "").startswith(ARM_HINT) or not _passes_arguments(fn, rec):
                continue
            name = arm_hint(linker, path, rec.tool_hint)
            targets = linker.resolve_all(path, fn, rec.target) if name and name not in seen else ()
            for tpath, callee, *_ in targets[:1]:
                seen.add(name)
                served.add((path, qualname))
                params = [Parameter(name=p.name, annotation=p.annotation, description=p.description,
                                    default=p.default, tainted=not p.safe)
                          for p in callee.params if not p.context and p.name not in ("self", "cls")]
                tools.append(ToolInfo(name=name, kind="tool", function=callee.qualname,
                                      location=Location(tpath, callee.pos[0], callee.pos[1]), parameters=params,
                                      description=callee.docstring or None, framework="lowlevel"))
    return tools, served


__all__ = ["ARM_HINT", "ENUM_HINT", "arm_hint", "case_hint", "case_tools", "enum_hint_value", "module_enum_values"]
