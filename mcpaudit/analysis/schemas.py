"""Tool schemas a project declares outside its ``list_tools`` handler.

A low-level server often keeps one handler class per tool, each with a method returning its own
``Tool(name=self.name, inputSchema={...})`` declaration, and a ``call_tool`` that looks the handler
up by name. The tools' names are not literals there, but their input schemas are: what parameters
the project's tools take is known. That is the evidence the linker needs to tell whether any tool
takes a credential (a whole argument mapping written to a log is a leak only then).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..lazycst import cst

from .cstnodes import nodes_of, string_value
from .surface import schema_params


def _known_schema(node: cst.BaseExpression) -> bool:
    """A dict literal whose ``properties`` (when present) is a dict literal too, with no ``**``."""
    if not isinstance(node, cst.Dict):
        return False
    for e in node.elements:
        if not isinstance(e, cst.DictElement):
            return False
        if string_value(e.key) == "properties" and not (
                isinstance(e.value, cst.Dict) and all(isinstance(p, cst.DictElement) for p in e.value.elements)):
            return False
    return True


def method_tool_schemas(mod) -> List[Optional[List[str]]]:
    """The parameter names of each ``Tool(...)`` declaration in a method of a class of ``mod``, or
    in one of its module-level functions (``None`` for one whose input schema is not a dict
    literal: its parameters are unknown). A project's own tool record built with the same schema
    keyword (``ToolInfo(name=..., input_schema={...})``, kept in a registry the ``call_tool``
    handler looks tools up in) declares a tool's parameters as well."""
    decl = mod.M.surface.lowlevel_declaration
    out: List[Optional[List[str]]] = []
    if decl["class"] + "(" not in mod.text and not any(k + "=" in mod.text for k in decl["schema-keys"]):
        return out  # no declaration anywhere in the module: no tree walk
    for cls in mod.module.body:
        # a handler class's methods, or a module-level function that returns the declarations
        # (``def get_s3_tools(): return [Tool(...), ...]``, called by ``list_tools``)
        if not isinstance(cls, (cst.ClassDef, cst.FunctionDef)):
            continue
        for call in nodes_of(cls, cst.Call):
            fq = mod.dotted(call.func) or ""
            schema = next((a.value for a in call.args if a.keyword is not None
                           and a.keyword.value in decl["schema-keys"]), None)
            if schema is None:
                continue  # Tool(...) without a schema here: not a declaration this can read
            if isinstance(schema, cst.Attribute) and schema.attr.value in decl["schema-keys"]:
                continue  # types.Tool(name=t.name, inputSchema=t.inputSchema): a copy of a tool declared elsewhere
            if (fq.split(".")[-1] != decl["class"] or not fq.startswith("mcp.")) and not isinstance(schema, cst.Dict):
                out.append(None)  # a project's record given a schema built elsewhere: unknown
                continue
            out.append(list(schema_params(schema)) if _known_schema(schema) else None)
    return out


def declared_schema_params(modules) -> Tuple[bool, List[str]]:
    """(every tool schema declared in a handler class is readable and there is at least one, the
    parameter names of them all) over the project's module summaries."""
    schemas = [s for m in modules for s in getattr(m, "method_tool_schemas", ())]
    known = bool(schemas) and all(s is not None for s in schemas)
    return known, [p for s in schemas if s is not None for p in s]


__all__ = ["declared_schema_params", "method_tool_schemas"]
