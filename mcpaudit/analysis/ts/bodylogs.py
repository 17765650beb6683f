"""The MCP message body logged on the HTTP route that hands it to the transport (issue 14, ts33b).

A route that passes its request to an MCP transport (``transport.handlePostMessage(req, res)`` of
``SSEServerTransport``, ``transport.handleRequest(req, res, req.body)`` of
``StreamableHTTPServerTransport``) receives in ``req.body`` the JSON-RPC message itself: a
``tools/call`` with the tool's arguments. When a tool takes a credential as a parameter (the
catalog's secret names: ``privateKey``, ``password``, ``apiKey``), logging that body whole
(``console.error(`Message body: ${JSON.stringify(req.body)}`)``), or its ``params`` or
``params.arguments``, writes the credential of every such call to the log. A field of the body
that is not the arguments (``req.body.method``, ``req.body.id``) carries none, and neither does a
body logged where no tool takes a credential. Reported as ``secret-in-log`` by the check, with a
flow naming the transport call and the tool's parameter.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

from ...sources import is_test_path
from . import nodes as N
from .parse import is_ts_source, parse

#: the transport methods that take a route's request and read the MCP message from its body
_HANDOFF = frozenset({"handlePostMessage", "handleRequest"})
#: log calls: console's, and those of a logger object (logger.info, log.debug, this.logger.warn)
_LOG = re.compile(r"^(?:console|(?:[\w$]+\.)*[\w$]*(?:log|logger|Logger|LOG|LOGGER))\.(?:log|error|warn|info|debug|trace)$")
#: the parts of the message that hold the tool's arguments
_CARRIERS = ((), ("params",), ("params", "arguments"))


def _credential_params(project) -> List[tuple]:
    from ...catalog import catalog

    M = catalog().typescript
    return [(t.name, p.name) for t in project.tools if t.kind == "tool" and is_ts_source(t.location.path)
            for p in t.parameters if p.tainted and M.is_secret_name(p.name)]


def _first_param(data: bytes, fn) -> Optional[str]:
    params = fn.child_by_field_name("parameters")
    if params is None:
        one = fn.child_by_field_name("parameter")  # req => ...
        return N.text(data, one) if one is not None and one.type == "identifier" else None
    for p in params.named_children:
        name = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
        return N.text(data, name) if name is not None and name.type == "identifier" else None
    return None


def _logged_body(data: bytes, call, req: str) -> bool:
    """Whether a log call's arguments hold ``req.body`` whole (or its params / arguments)."""
    args = call.child_by_field_name("arguments")
    for m in N.descendants(args, "member_expression") if args is not None else ():
        parts = N.member_parts(data, m)
        if not parts or parts[:2] != [req, "body"] or tuple(parts[2:]) not in _CARRIERS:
            continue
        up = m.parent
        if up is not None and up.type == "member_expression" and up.child_by_field_name("object") == m:
            continue  # req.body.method: one field of the message
        return True
    return False


def _calls(root):
    """Every call in the tree, nested functions included."""
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            yield n
        stack.extend(n.named_children)


def _route_logs(data: bytes, root) -> List[tuple]:
    """``(log line, log callee, transport call line, transport method)`` per logged body."""
    out = []
    for call in _calls(root):
        fn_node = call.child_by_field_name("function")
        if fn_node is None or fn_node.type != "member_expression":
            continue
        prop = fn_node.child_by_field_name("property")
        method = N.text(data, prop) if prop is not None else ""
        args = N.args_of(call)
        if method not in _HANDOFF or not args or N.unwrap(args[0]).type != "identifier":
            continue
        req = N.text(data, N.unwrap(args[0]))
        fn = N.enclosing_function(call)
        if fn is None or _first_param(data, fn) != req:
            continue
        for log in N.descendants(fn, "call_expression"):
            callee = log.child_by_field_name("function")
            name = N.text(data, callee) if callee is not None else ""
            if _LOG.match(name) and _logged_body(data, log, req):
                out.append((log.start_point[0] + 1, name, call.start_point[0] + 1, method))
    return out


def logged_bodies(project) -> List[Dict[str, object]]:
    """``{"path", "line", "words", "flow"}`` per log call writing a route's MCP message body
    while a tool takes a credential parameter."""
    files = [(p, f) for p, f in sorted(project.files.items()) if is_ts_source(p) and not is_test_path(p)
             and any(m in f.text for m in _HANDOFF) and ".body" in f.text]
    if not files:
        return []
    creds = _credential_params(project)
    if not creds:
        return []
    out, seen = [], set()
    tool, param = creds[0]
    more = f" (and {len(creds) - 1} more credential parameter{'s' if len(creds) > 2 else ''})" if len(creds) > 1 else ""
    for path, f in files:
        data = f.text.encode("utf-8")
        for line, callee, at, method in _route_logs(data, parse(data, path).root_node):
            if (path, line) in seen:
                continue
            seen.add((path, line))
            words = (f"the MCP message body of the route that hands its request to the transport ({method}() at line "
                     f"{at}) is written to a log by {callee}(); it carries every tool call's arguments, so tool "
                     f"'{tool}''s parameter '{param}' is written to the log{more}")
            flow = [(path, at, f"request handed to the MCP transport by {method}(): its body is the tool call"),
                    (path, line, f"the body written to the log by {callee}()")]
            out.append({"path": path, "line": line, "words": words, "flow": flow, "tool": tool, "param": param})
    return out


__all__ = ["logged_bodies"]
