"""A server entry written into an MCP client's configuration: the client runs its command.

``config.mcpServers[name] = { command: cmd, args, env }`` is the shape every MCP client reads
(Claude Desktop's ``claude_desktop_config.json``, Cursor's and Windsurf's ``mcp.json``, Cline's
settings): at its next start the client spawns ``command`` with ``args`` (and ``env``) for the
user. An installer tool that places the caller's package name or arguments there makes the
client run what the caller chose: a command sink, though nothing runs in this process. The keys
of such maps are the process models' ``client-server-maps``; a tool that says it installs or
registers (``client-server-maps-declared-by``) declares it, so the flow is its capability.
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N

_FIELDS = ("command", "args")


def _map_name(fa, left) -> Optional[str]:
    """``X.mcpServers[name]`` / ``mcpServers[name]`` / ``X.mcpServers.foo``: the map's key name."""
    if left.type not in ("subscript_expression", "member_expression"):
        return None
    obj = N.unwrap(left.child_by_field_name("object"))
    if obj is None:
        return None
    name = N.last_name(fa.data, obj) if obj.type in ("identifier", "member_expression") else None
    return name if name in fa.M.client_server_maps else None


def _entry_object(fa, right):
    """The object literal the assigned value is: the literal itself, or the literal a ``const``
    of the enclosing function was declared with."""
    u = N.unwrap(right)
    if u is None:
        return None
    if u.type == "object":
        return u
    if u.type != "identifier" or fa.node is None:
        return None
    name = N.text(fa.data, u)
    for d in N.descendants(fa.node, "variable_declarator"):
        n = d.child_by_field_name("name")
        v = N.unwrap(d.child_by_field_name("value"))
        if n is not None and N.text(fa.data, n) == name and v is not None and v.type == "object" \
                and d.start_byte < u.start_byte:
            return v
    return None


def client_entry(fa, left, right) -> None:
    """Record a shell sink for the ``command`` and ``args`` of a server entry assigned into an
    MCP client's server map (``left``, ``right``: the assignment's sides)."""
    if not fa.M.client_server_maps or left is None or right is None:
        return
    kind = _map_name(fa, left)
    obj = _entry_object(fa, right) if kind else None
    if obj is None:
        return
    props = N.object_props(fa.data, obj)
    if "command" not in props:
        return
    for key in _FIELDS:
        node = props.get(key)
        t = fa.ev_quiet(node) if node is not None else None
        if not t:
            continue
        first = len(fa.sinks)
        fa.record("shell", f"{kind}[…].{key}", left, t, node,
                  detail=f"a server entry of an MCP client's {kind}: the client starts its command with its "
                         "arguments at its next start")
        for s in fa.sinks[first:]:  # an installer tool declares it (capabilities.py)
            s.declared_by = tuple(fa.M.client_server_maps_declared_by)


__all__ = ["client_entry"]
