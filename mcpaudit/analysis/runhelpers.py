"""A server object handed to a project's run helper as a parameter.

    def run_server(mcp, transport, host, port):
        if transport == "stdio":
            mcp.run(transport="stdio")
        else:
            mcp.settings.host = host          # the SDK FastMCP's bind address
            mcp.settings.port = port
            mcp.run(transport=transport)

The helper's module need not import the MCP SDK, and nothing types its parameter; but a function
that sets the bind address of its parameter's settings (``settings-attributes`` in the mcp model)
and then calls that parameter's run-method is serving an MCP server on the network: the run is
a serving site (its transport chosen by configuration) as it is on a server object of the module.
"""

from __future__ import annotations

from ..lazycst import cst

from .cstnodes import find_all, named_params


def settings_receiver(fa, recv_node) -> bool:
    """``recv_node`` is a parameter of the enclosing function whose settings' bind address the
    function assigns (``<param>.settings.host = ...``)."""
    fn = fa.fn
    if fn is None or not isinstance(recv_node, cst.Name) or \
            recv_node.value not in {p.name.value for p in named_params(fn)}:
        return False
    attrs = fa.M.surface.bind.get("settings-attributes", ())
    text = fa.mod.text  # each attribute's names are in the source when the function assigns it
    if not any(all(part in text for part in a.split(".")) for a in attrs):
        return False
    for node in find_all(fn.body, cst.Assign):
        for t in node.targets:
            d = fa.mod.dotted(t.target) or ""
            if any(d == f"{recv_node.value}.{a}" for a in attrs):
                return True
    return False
