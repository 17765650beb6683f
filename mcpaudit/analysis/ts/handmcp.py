"""A hand-written MCP endpoint on a web app of the project's own (``http-transport-no-auth``).

A server that runs MCP over stdio may also answer MCP over HTTP by hand, without the SDK's HTTP
transports: an express route whose handler reads the JSON-RPC message and dispatches on its
method,

    const mcpHandler = createMCPHandler(tools);      // returns async (message) => { if (message.method === 'tools/call') ... }
    app.post('/messages', async (req, res) => res.json(await mcpHandler(req.body)));

The posture then sees only "a web server of the project's own" (no MCP HTTP transport), and its
report said MCP runs over stdio only. Here a route of such an app is an MCP endpoint when its
handler, or a function of the same module it calls (directly, or through a local bound to a call
of a module function: the handler a factory returns), compares a message's ``method`` with
``'tools/call'`` (``=== / !==``, or a ``case``). The report is placed at that route, naming it, and
lists the tools anyone who reaches the port can call (inventory.py).
"""

from __future__ import annotations

import re
from typing import Optional, Set, Tuple

from . import nodes as N
from .parse import parse

_TS = (".ts", ".tsx", ".js", ".mjs", ".cjs", ".mts", ".cts", ".jsx")
#: a JSON-RPC dispatcher's test of the tools/call method
_TOOLS_CALL = re.compile(r"""\.method\s*[!=]==?\s*(['"])tools/call\1|(['"])tools/call\2\s*[!=]==?\s*[\w$.]+\.method\b"""
                         r"""|\bcase\s+(['"])tools/call\3\s*:""")
_ROUTE_METHODS = frozenset({"post", "get", "all", "put"})

#: (path, line, "POST /messages")
Route = Tuple[str, int, str]


def mcp_route(project, paths: Optional[Set[str]] = None) -> Optional[Route]:
    """The first route of a non-test project file that answers MCP's tools/call by hand, or None;
    with ``paths``, only in those files (the modules of the web app found listening on every
    interface: a route of another app, bound to loopback, is not the one exposed). Computed once
    per project and ``paths``."""
    memo = getattr(project, "_hand_mcp_routes", None)
    key = frozenset(paths) if paths is not None else None
    if memo is not None and key in memo:
        return memo[key]
    from ...sources import is_test_path

    found = None
    for path, src in sorted(getattr(project, "files", {}).items()):
        if (paths is None or path in paths) and path.endswith(_TS) and not is_test_path(path) \
                and _TOOLS_CALL.search(src.text):
            found = _route_in(path, src.text.encode())
            if found is not None:
                break
    try:
        if memo is None:
            memo = project._hand_mcp_routes = {}
        memo[key] = found
    except AttributeError:  # (a project object that keeps no attributes)
        pass
    return found


def _route_in(path: str, data: bytes) -> Optional[Route]:
    root = parse(data, path).root_node
    dispatchers = _dispatchers(data, root)
    bound = _bound_to_calls(data, root, dispatchers)
    for call in _all(root, "call_expression"):
        fn = call.child_by_field_name("function")
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        args = [N.unwrap(a) for a in N.args_of(call)]
        if prop is None or N.text(data, prop) not in _ROUTE_METHODS or len(args) < 2:
            continue
        route = N.string_value(data, args[0]) if args[0] is not None else None
        handler = args[-1]
        if route is None or handler is None or not N.is_function(handler):
            continue
        if _answers(data, handler, dispatchers | bound):
            return path, call.start_point[0] + 1, f"{N.text(data, prop).upper()} {route}"
    return None


def _dispatchers(data: bytes, root) -> Set[str]:
    """Names of the module's functions (declared, or a const bound to a function) whose text
    tests for tools/call."""
    out: Set[str] = set()
    for kind in ("function_declaration", "variable_declarator"):
        for n in _all(root, kind):
            name = n.child_by_field_name("name")
            value = n if kind == "function_declaration" else N.unwrap(n.child_by_field_name("value"))
            if name is None or name.type != "identifier" or value is None:
                continue
            if (kind == "function_declaration" or N.is_function(value)) and _TOOLS_CALL.search(N.text(data, value)):
                out.add(N.text(data, name))
    return out


def _bound_to_calls(data: bytes, root, dispatchers: Set[str]) -> Set[str]:
    """Locals bound to a call of a dispatcher (``const h = createMCPHandler(tools)``: the
    closure it returns)."""
    out: Set[str] = set()
    for n in _all(root, "variable_declarator"):
        name, value = n.child_by_field_name("name"), N.unwrap(n.child_by_field_name("value"))
        if value is not None and value.type == "await_expression" and value.named_children:
            value = N.unwrap(value.named_children[0])
        if name is None or name.type != "identifier" or value is None or value.type != "call_expression":
            continue
        callee = value.child_by_field_name("function")
        if callee is not None and callee.type == "identifier" and N.text(data, callee) in dispatchers:
            out.add(N.text(data, name))
    return out


def _answers(data: bytes, handler, names: Set[str]) -> bool:
    """The route's handler tests for tools/call itself, or calls one of ``names``."""
    if _TOOLS_CALL.search(N.text(data, handler)):
        return True
    for call in _all(handler, "call_expression"):
        callee = call.child_by_field_name("function")
        if callee is not None and callee.type == "identifier" and N.text(data, callee) in names:
            return True
    return False


def _all(node, kind: str):
    """Every node of type ``kind`` under ``node``, nested functions included, in source order
    (:func:`.nodes.descendants` stops at nested functions and yields the last first)."""
    stack = list(reversed(node.named_children))
    while stack:
        n = stack.pop()
        if n.type == kind:
            yield n
        stack.extend(reversed(n.named_children))


def route_words(route: Route) -> str:
    """The report's words for a hand-written MCP endpoint."""
    path, line, what = route
    return (f"a hand-written MCP endpoint of the project's own ({what} at {path}:{line} answers tools/call) "
            "listens on every interface and no authentication is configured anywhere in the project")


__all__ = ["mcp_route", "route_words"]
