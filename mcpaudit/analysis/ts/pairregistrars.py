"""A project's ``addTool(definition, handler)`` helper keeping handlers in a ``Map`` (issue 14, ts53a).

Besides registry methods of a class (:mod:`.registrars`), a server may bolt a helper onto the SDK
server object, or write one as a function, that takes a tool definition and its handler apart and
keeps the handler under the definition's name for its call-tool handler to look up:

    (server as any).addTool = function (tool: Tool, handler) {
      this.tools.set(tool.name, tool);
      this.toolHandlers.set(tool.name, handler);
    };
    ...
    const handler = server.toolHandlers.get(name); return await handler(args);

and each tool module registers its definitions with it, often in a loop over class instances:

    [new GitDiffTool(), new GitShowTool()].forEach((tool) => server.addTool(
      { name: tool.name, description: tool.description, inputSchema: ... },
      async (args) => tool.handler(args, sessionManager)));

Two halves, as for the registry methods:

- :func:`assigned_registrars` (module analysis): functions assigned to a property or a variable
  (``X.addTool = function (...)``, ``const addTool = (...) => ...``) that store their first
  parameter keyed by its name, as :func:`.registrars.find_registrars` reads a method;
- :func:`registrar_pair` (the interpreter): a call ``recv.m({ name, description | inputSchema },
  handler)`` is kept as a registration of framework ``registrar`` named by the object (a loop
  variable's ``tool.name``: one tool per element of the list, named by its class's constant) whose
  handler is the function given second; counted by the linker only when ``m`` is such a helper.

The handler runs with the caller's arguments first; ``tool.handler(args)`` on an element reaches the
element's class's method, and a base-class ``handler`` calling ``this.execute(args)`` runs the
subclass's override (:func:`.instancetools.bound`).
"""

from __future__ import annotations

from typing import Dict, Optional

from . import nodes as N
from .records import TsRegistration


def assigned_registrars(data: bytes, root, first_store, params_of) -> Dict[str, str]:
    """``{"addTool": name path}`` for the module's functions assigned to a property or a
    variable that store their first parameter under its name."""
    out: Dict[str, str] = {}
    if b".set(" not in data and b"] =" not in data:
        return out
    for n in _walk(root, ("assignment_expression", "variable_declarator")):
        kind = n.type
        left = n.child_by_field_name("left" if kind == "assignment_expression" else "name")
        fn = N.unwrap(n.child_by_field_name("right" if kind == "assignment_expression" else "value"))
        if left is None or fn is None or fn.type not in ("function_expression", "function", "arrow_function"):
            continue
        if left.type == "member_expression":
            prop = left.child_by_field_name("property")
            name = N.text(data, prop) if prop is not None else None
        else:
            name = N.text(data, left) if left.type == "identifier" else None
        body = fn.child_by_field_name("body")
        if not name or body is None:
            continue
        param, parts_of = params_of(data, fn)
        if param is None and not parts_of:
            continue
        path = first_store(data, body, param, parts_of)
        if path is not None and path != "#0":
            out.setdefault(name, path)
    return out


def _walk(root, kinds):
    """The nodes of the given types anywhere under ``root`` (inside functions too: a helper is
    often bolted on in the function that builds the server)."""
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type in kinds:
            yield n
        stack.extend(n.named_children)


def registrar_pair(interp, method: str, recv_node, args, described) -> bool:
    """``recv.method({ name, description, ... }, handler)``: a registration of framework
    ``registrar`` named by the object, its handler the second argument; True when kept."""
    from .registrars import REGISTRAR

    obj, handler = N.unwrap(args[0]), args[-1]
    if obj is None or obj.type != "object":
        return False
    props = N.object_props(interp.data, obj)
    if "name" not in props or not any(k in props for k in described):
        return False
    loop = interp._loop_prop(props["name"])
    name: Optional[str] = None if loop else interp._value(props["name"])
    if not loop and name is None:
        return False
    tp = (interp.type_of(N.unwrap(recv_node)) or "").replace("()", "")
    reg = TsRegistration(kind="tool", framework=REGISTRAR, pos=interp.mod.src.pos(obj), owner_known=False,
                         name=name, inputs=(0,), context_index=1)
    reg.loop_props.update({REGISTRAR: method, "name_path": "name", "recv": tp})
    interp._register_config(reg, {}, obj)
    if loop:  # tools.forEach((tool) => addTool({ name: tool.name, ... }, ...)): one per element
        reg.loop, reg.loop_props["name"] = "r:" + loop[0], loop[1]
        if reg.description and reg.description.startswith("r:"):
            reg.description = None  # the element's own description
        reg.schema = None  # (its JSON schema is built from the element at run time)
    interp._register_handler(reg, handler)
    return True


__all__ = ["assigned_registrars", "registrar_pair"]
