"""Tool classes that register themselves (issue 14).

    export class GitDiffTool {
      readonly config = { description: "...", inputSchema: GIT_DIFF_INPUT_SCHEMA, annotations: {...} };
      get name() { return "diff"; }
      register(srv: McpServer) { srv.registerTool(this.name, this.config, this.#handle); }
      readonly #handle: ToolCallback<...> = async (input) => { ... };
    }
    new GitDiffTool().register(server);

The registration sits in the class's own method, on the server the method is given. Its name is the
constant the getter returns (:mod:`.instancetools`), its handler the function a private field is
initialised with (``this.#handle``: the class keeps the field as ``handle``, as :mod:`.names` reads
``this.#handle``), and its configuration is the object literal the field ``this.config`` holds: read
here (:func:`this_field_object`), so that the description, the input schema's parameters and the
annotations (``readOnlyHint``) are the tool's, as for a literal written at the call.
"""

from __future__ import annotations

from . import nodes as N


def this_field_object(interp, node):
    """The object literal a field of the enclosing class is initialised with, for ``this.<field>``
    (``this.#field``) inside one of its methods; else ``node`` itself."""
    u = N.unwrap(node) if node is not None else None
    if u is None or u.type != "member_expression" or not interp.cls:
        return node
    obj, prop = u.child_by_field_name("object"), u.child_by_field_name("property")
    if obj is None or prop is None or obj.type != "this":
        return node
    held = interp.mod.field_nodes.get((interp.cls, N.text(interp.data, prop).lstrip("#")))
    return held if held is not None and held.type == "object" else node


__all__ = ["this_field_object"]
