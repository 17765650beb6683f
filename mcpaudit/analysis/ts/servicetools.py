"""A service class that lists its tools and runs them by name, with no SDK in sight (issue 14, ts53a).

An application that hosts several MCP services behind its own HTTP or SSE handlers often writes
each as a plain class with the two halves of a low-level server and leaves the protocol to the
host, outside the scanned folder:

    export class FileSystemMCPService implements IMCPService {
      listTools() { return [{ name: "fs_read_file", description, inputSchema: {...} }, ...]; }
      async executeTool(name: string, args: Record<string, any>) {
        switch (name) { case "fs_read_file": return this.fs.readFile(args.path); ... }
      }
    }

The class imports nothing of MCP, so no registration marks it. The shape does: a method
``listTools()`` returning a list of object literals that name themselves and declare an input
schema, beside a method ``executeTool``/``callTool`` (:data:`_EXECUTORS`) whose first parameter is
the tool's name (``name``/``toolName``) and whose body dispatches on it (a ``switch`` or an ``if``
comparing it with one of the listed names). Such a class is a tool dispatcher like a low-level
call-tool handler: the listed objects are its declared tools, and the executor is registered as
a ``call_tool`` handler whose second parameter holds the caller's arguments (each ``case`` runs as
its tool, as for a CallTool ``switch``). Whether the host's HTTP handlers authenticate is the
transport check's business, as for any server.
"""

from __future__ import annotations

from typing import List, Optional

from . import nodes as N

#: methods of a service class that run a tool by name
_EXECUTORS = frozenset({"executeTool", "callTool", "runTool", "invokeTool", "handleToolCall", "handleTool"})
#: a first parameter so named is the requested tool's name
_NAME_PARAMS = frozenset({"name", "toolName", "tool_name"})


def _params(data: bytes, m) -> List[Optional[str]]:
    params = m.child_by_field_name("parameters")
    out: List[Optional[str]] = []
    for p in params.named_children if params is not None else ():
        pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
        out.append(N.text(data, pat) if pat is not None and pat.type == "identifier" else None)
    return out


def _listed(data: bytes, cls_body) -> List[object]:
    """The object literals ``listTools()`` returns (each with a name and an input schema)."""
    for m in cls_body.named_children:
        name = m.child_by_field_name("name") if m.type == "method_definition" else None
        if name is None or N.text(data, name) != "listTools" or [p for p in _params(data, m)]:
            continue
        for ret in N.descendants(m.child_by_field_name("body"), "return_statement"):
            arr = N.unwrap(ret.named_children[0]) if ret.named_children else None
            if arr is None or arr.type != "array":
                continue
            objs = [N.unwrap(e) for e in arr.named_children]
            objs = [o for o in objs if o is not None and o.type == "object"]
            keep = [o for o in objs if {"name", "inputSchema"} <= set(N.object_props(data, o))]
            if keep:
                return keep
    return []


def _compared_names(data: bytes, body, param: str) -> set:
    """The strings ``switch (param)`` cases or ``param === "x"`` tests in ``body`` name."""
    out = set()
    for sw in N.descendants(body, "switch_statement"):
        val = N.unwrap(sw.child_by_field_name("value"))
        if val is None or N.text(data, val) != param:
            continue
        for case in N.descendants(sw, "switch_case"):
            v = case.child_by_field_name("value")
            s = N.string_value(data, N.unwrap(v)) if v is not None else None
            if s:
                out.add(s)
    for b in N.descendants(body, "binary_expression"):
        a, c = N.unwrap(b.child_by_field_name("left")), N.unwrap(b.child_by_field_name("right"))
        for x, y in ((a, c), (c, a)):
            if x is not None and y is not None and N.text(data, x) == param:
                s = N.string_value(data, y)
                if s:
                    out.add(s)
    return out


def service_dispatch(mod, cname: str, m, mname: str) -> None:
    """``executeTool(name, args)`` of a class whose ``listTools()`` lists the names it dispatches
    on: the listed tools declared, the method registered as a call-tool handler."""
    if mname not in _EXECUTORS or mod.imports_mcp:
        return
    params = _params(mod.data, m)
    body = m.child_by_field_name("body")
    cls_body = m.parent
    if len(params) < 2 or params[0] not in _NAME_PARAMS or body is None or cls_body is None:
        return
    listed = _listed(mod.data, cls_body)
    names = {mod.top.const_of(N.object_props(mod.data, o)["name"]) for o in listed}
    if not names & _compared_names(mod.data, body, params[0]):
        return
    from .records import TsRegistration  # (records imports this module)

    for obj in listed:
        mod.top._declared_tool(obj)
    mod.registrations.append(TsRegistration(
        kind="call_tool", framework="lowlevel", pos=mod.src.pos(m), handler=f"f:{cname}.{mname}",
        owner_known=True, context_index=None, inputs=(1,)))


__all__ = ["service_dispatch"]
