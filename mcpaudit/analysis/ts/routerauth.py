"""Authentication done by the project's own request router, read from a TypeScript/JavaScript
module: a request handler that turns a request away before it hands it on (to the MCP
transport, or a handler factory's function) authenticates it.

A guard is an ``if`` whose branch returns or throws, ahead of (dominating) a later call of the
same function that is given the request (a parameter of the handler), when

* the condition tests what an authentication call answered (``const r = await
  authenticateRequest(req, res); if (!r.ok) return;``, ``if (!(await verifyToken(req)))
  return``): a call whose name speaks of authentication (the 401 is answered inside it); or
* the branch answers 401 (``res.writeHead(401)``, ``Unauthorized``), or 403 when the condition
  names a credential (a token, a key, the Authorization header).

An Origin/Host check answering 403 alone is a browser guard (DNS rebinding, :mod:`.originguard`),
not authentication. A guard inside one arm of a configuration test (``if (oauthEnabled()) {
...guard... }``) counts only when the other arm handles the caller's own credential too
(``else applyClientApiKey(req)``): otherwise authentication is off unless configured.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ...regexgate import gated
from . import nodes as N

#: words by which a call or a condition speaks of authenticating a caller
_AUTH = re.compile(r"(?i)auth|token|api_?key|bearer|credential|introspect|jwt|signature|password")
_UNAUTHORIZED = re.compile(r"\b401\b|Unauthori[sz]ed|UNAUTHORI[SZ]ED")
_FORBIDDEN = re.compile(r"\b403\b|Forbidden|FORBIDDEN")
#: the same two, searched over a whole module only where it holds one of their literals (regexgate)
_AUTH_TEXT, _UNAUTHORIZED_TEXT = gated(_AUTH), gated(_UNAUTHORIZED)
_EXITS = ("return_statement", "throw_statement")
_DECLS = ("lexical_declaration", "variable_declaration")


def router_guards(data: bytes, root) -> List[Tuple[int, str]]:
    """(line, condition) of each authentication guard of a request handler in the module."""
    text = data.decode("utf-8", "replace")
    if not _AUTH_TEXT.search(text) and not _UNAUTHORIZED_TEXT.search(text):
        return []
    out: List[Tuple[int, str]] = []
    for node in N.nodes_under(root, "if_statement"):
        fn = N.enclosing_function(node)
        if fn is None or not _exits(node):
            continue
        if not (_tests_auth_call(data, node, fn) or _answers_unauthorized(data, node)):
            continue
        handoffs = _handoffs(data, node, fn)
        if handoffs and not _optional(data, node, fn, handoffs):
            out.append((node.start_point[0] + 1, N.text(data, node.child_by_field_name("condition"))))
    return sorted(out)


def _exits(node) -> bool:
    """The guard's branch ends the handler: its last statement returns or throws."""
    body = node.child_by_field_name("consequence")
    if body is not None and body.type == "statement_block":
        last = [c for c in body.named_children if c.type != "comment"][-1:]
        body = last[0] if last else None
    return body is not None and body.type in _EXITS


def _tests_auth_call(data: bytes, node, fn) -> bool:
    """The condition tests an authentication call's answer: the call itself, or a name the
    function bound to one before the guard."""
    cond = node.child_by_field_name("condition")
    if cond is None:
        return False
    if any(_AUTH.search(_callee(data, c)) for c in N.nodes_under(cond, "call_expression")):
        return True
    names = {N.text(data, i) for i in N.nodes_under(cond, "identifier")}
    for decl in (d for kind in _DECLS for d in N.descendants(fn, kind)):
        if decl.start_byte >= node.start_byte:
            continue
        for v in decl.named_children:
            name, value = v.child_by_field_name("name"), v.child_by_field_name("value")
            if name is not None and value is not None and N.text(data, name) in names and any(
                    _AUTH.search(_callee(data, c)) for c in N.nodes_under(value, "call_expression")):
                return True
    return False


def _answers_unauthorized(data: bytes, node) -> bool:
    body, cond = node.child_by_field_name("consequence"), node.child_by_field_name("condition")
    text = N.text(data, body) if body is not None else ""
    if _UNAUTHORIZED.search(text):
        return True
    return bool(_FORBIDDEN.search(text)) and cond is not None and bool(_AUTH.search(N.text(data, cond)))


def _callee(data: bytes, call) -> str:
    fn = call.child_by_field_name("function")
    return N.last_name(data, fn) or "" if fn is not None else ""


def _params(data: bytes, fn) -> List[str]:
    ps = fn.child_by_field_name("parameters")
    if ps is None:
        p = fn.child_by_field_name("parameter")
        return [N.text(data, p)] if p is not None else []
    out = []
    for p in ps.named_children:
        pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
        if pat is not None and pat.type == "identifier":
            out.append(N.text(data, pat))
    return out


def _handoffs(data: bytes, node, fn) -> List[int]:
    """Where later calls of the handler are given its request (a parameter, the first of two
    or more): the byte offsets of those calls."""
    params = _params(data, fn)
    body = fn.child_by_field_name("body")
    if len(params) < 2 or body is None:
        return []
    return [call.start_byte for call in N.descendants(body, "call_expression") if call.start_byte > node.end_byte
            and any(a.type == "identifier" and N.text(data, a) == params[0] for a in N.args_of(call))]


def _optional(data: bytes, node, fn, handoffs: List[int]) -> bool:
    """The guard sits in one arm of an ``if`` of the handler, the request is handed on after
    that ``if``, and the other arm does not handle the caller's credential: authentication is
    off on that arm."""
    p: Optional[object] = node.parent
    child = node
    while p is not None and p is not fn:
        if p.type == "if_statement" and child is not p.child_by_field_name("condition") and any(
                h >= p.end_byte for h in handoffs):
            cons, alt = p.child_by_field_name("consequence"), p.child_by_field_name("alternative")
            other = alt if cons is not None and cons.start_byte <= child.start_byte < cons.end_byte else cons
            if other is None or not any(_AUTH.search(_callee(data, c)) for c in N.nodes_under(other, "call_expression")):
                return True
        child, p = p, p.parent
    return False
