"""Registration methods of a plain class of the project (not a subclass of ``McpServer``), for the
TypeScript engine (issue 14).

    export class TrelloMcpServer {
      private tools = new Map<string, {...}>();
      registerTool(name, description, inputSchema, handler) {
        this.tools.set(name, { name, description, inputSchema, handler });
        if (this.mcpCompat) this.mcpCompat.registerTool(name, { description, inputSchema }, wrapped);
      }
      // a CallToolRequestSchema handler runs this.tools.get(name).handler(args)
    }
    trelloMcpServer.registerTool('list_webhooks', '...', listWebhooksSchema, listWebhooks);

The class wraps the SDK: a public method that forwards its first parameter, the tool's name, to
an SDK registration of a field (``this.mcpCompat.registerTool(name, ...)``, ``this.server.tool(name,
...)``). (A class that only keeps its tools in a Map for its own ``CallToolRequestSchema`` handler is
not read here.) A call of that method is a registration in the order of its parameters: a name, a description,
a schema and the handler last, which is the SDK's ``tool`` overload (:func:`plain_wrappers`, read
by ``serverwrappers``). The forwarding call inside the method registers whatever its caller
passes: it is no tool of its own (:func:`forwarding_call`).
"""

from __future__ import annotations

import re
from typing import Iterable, Tuple

from . import nodes as N

_BASES = ("registerTool", "tool")
_IMPORT = re.compile(rb"""from\s*['"]@modelcontextprotocol/""")
_CLASS = re.compile(rb"\bclass\s+[A-Za-z_$]")


def candidate(data: bytes) -> bool:
    """A cheap test before parsing: a class in a module that imports the SDK and registers tools."""
    return bool(_CLASS.search(data)) and bool(_IMPORT.search(data)) and (b"registerTool(" in data or b".tool(" in data)


def plain_wrappers(data: bytes, root) -> Iterable[Tuple[str, str, str]]:
    """(class, method, "tool") of each public registration method of a class of the module that
    does not extend anything."""
    for cls in N.descendants(root, "class_declaration"):
        name, body = cls.child_by_field_name("name"), cls.child_by_field_name("body")
        if name is None or body is None or any(c.type == "class_heritage" for c in cls.named_children):
            continue
        for m in body.named_children:
            if m.type != "method_definition" or m.child_by_field_name("body") is None or _private(data, m):
                continue
            params = _param_names(data, m)
            if len(params) >= 3 and _registers(data, m.child_by_field_name("body"), params):
                yield N.text(data, name), N.text(data, m.child_by_field_name("name")), "tool"


def instances(data: bytes, root, classes) -> Iterable[Tuple[str, str]]:
    """(name, class) of each module-level ``const x = new C()`` of one of ``classes`` (the
    instance other modules import: ``export const trelloMcpServer = new TrelloMcpServer()``)."""
    for name, value in N.top_bindings(data, root):
        if value is not None and value.type == "new_expression":
            ctor = value.child_by_field_name("constructor")
            if ctor is not None and N.text(data, ctor) in classes:
                yield name, N.text(data, ctor)


def _registers(data: bytes, body, params) -> bool:
    """The method forwards its first parameter (the name) to an SDK registration of a field
    (``this.mcpCompat.registerTool(name, ...)``)."""
    for call in N.descendants(body, "call_expression"):
        fn = N.unwrap(call.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression" or N.text(data, fn.child_by_field_name("property")) not in _BASES:
            continue
        obj = N.unwrap(fn.child_by_field_name("object"))
        if obj is None or obj.type != "member_expression" or N.text(data, obj.child_by_field_name("object")) != "this":
            continue  # this.<field>.registerTool(...)
        args = N.args_of(call)
        first = N.unwrap(args[0]) if args else None
        if first is not None and first.type == "identifier" and N.text(data, first) == params[0]:
            return True
    return False


def forwarding_call(fn, method: str, args) -> bool:
    """A registration inside a wrapper method of a plain class whose name is one of the method's
    parameters (``this.mcpCompat.registerTool(name, ...)``): what its caller registers, no tool."""
    qual = getattr(fn, "qualname", "") or ""
    if method not in _BASES or "." not in qual or not args:
        return False
    cls, _, meth = qual.rpartition(".")
    from .serverwrappers import _bound

    wrappers = _bound(fn.mod)
    first = N.unwrap(args[0])
    return meth in wrappers and cls in wrappers[meth][0] and first is not None and first.type == "identifier" \
        and N.text(fn.data, first) in fn.param_names


def _param_names(data: bytes, method):
    params = method.child_by_field_name("parameters")
    out = []
    for p in (params.named_children if params is not None else ()):
        pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else None
        if pat is None or pat.type != "identifier":
            return []
        out.append(N.text(data, pat))
    return out


def _private(data: bytes, method) -> bool:
    name = method.child_by_field_name("name")
    if name is not None and name.type == "private_property_identifier":
        return True
    return any(c.type == "accessibility_modifier" and N.text(data, c) in ("private", "protected") for c in method.children)


__all__ = ["candidate", "forwarding_call", "instances", "plain_wrappers"]
