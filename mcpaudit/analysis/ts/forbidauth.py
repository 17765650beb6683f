"""A refusal by 403 on a credential test is authentication (issue 14, ts51a).

``app.use((req, res, next) => { const provided = req.headers.authorization?.replace(/^Bearer\\s+/i,
''); if (provided !== Config.apiKey) { res.status(403).json({ error: 'forbidden' }); return; }
next(); })``: the serving module reads the Authorization header and turns a wrong key away with a
403. The posture counts a header read as a check only next to a rejection (a client sets the same
header on its requests), and took only a 401 for one.

A module rejects here when an ``if`` whose condition tests a credential (its text names a token, a
key, the Authorization header, or it tests a name the function bound to such a read) answers 403
in its branch, or in its ``else`` (``if (key === expected) next(); else res.status(403)``), by a
response call: ``res.status(403)``, ``res.sendStatus(403)``, ``reply.code(403)``,
``res.writeHead(403)``, ``c.json(body, 403)``, ``new Response(body, { status: 403 })``,
``res.statusCode = 403``. A 403 after an Origin/Host test is a browser guard, not authentication;
a client that tests an upstream's ``res.status === 403`` answers nothing (no response call).
"""

from __future__ import annotations

import re
from typing import Set

from . import nodes as N

#: words by which a condition speaks of a caller's credential (routerauth's words)
_CRED = re.compile(r"(?i)auth|token|api[_-]?key|bearer|credential|jwt|signature|password|secret")
#: a language model's tokens (a count, a budget), not a credential: left out before _CRED (rev52t)
_LLM_TOKENS = re.compile(r"(?i)(?:max|min|num|total|input|output|prompt|completion|count)_?tokens?"
                         r"|tokens?_?(?:count|limit|budget|usage|used|left|remaining|per)")


def _speaks_of_credential(text: str) -> bool:
    return bool(_CRED.search(_LLM_TOKENS.sub(" ", text)))
#: the response methods that take the status as an argument
_ANSWER_CALLS = frozenset({"status", "sendStatus", "code", "writeHead", "json", "text", "send", "body", "html"})
_DECLS = ("lexical_declaration", "variable_declaration")


def _is_403(data: bytes, node) -> bool:
    u = N.unwrap(node)
    return u is not None and u.type == "number" and N.text(data, u) == "403"


def _answers_403(data: bytes, body) -> bool:
    """The branch answers 403 through a response call or a status assignment."""
    for call in N.nodes_under(body, "call_expression"):
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression" and \
                N.text(data, fn.child_by_field_name("property")) in _ANSWER_CALLS and \
                any(_is_403(data, a) for a in N.args_of(call)):
            return True
    for new in N.nodes_under(body, "new_expression"):
        ctor = new.child_by_field_name("constructor")
        if ctor is None or N.text(data, ctor) != "Response":
            continue
        for arg in N.args_of(new):
            u = N.unwrap(arg)
            if u is not None and u.type == "object" and _is_403(data, N.object_props(data, u).get("status")):
                return True
    for asg in N.nodes_under(body, "assignment_expression"):
        left = asg.child_by_field_name("left")
        if left is not None and left.type == "member_expression" and \
                N.text(data, left.child_by_field_name("property")) == "statusCode" and \
                _is_403(data, asg.child_by_field_name("right")):
            return True
    return False


def _credential_names(data: bytes, fn, before: int) -> Set[str]:
    """Names the function binds, before byte ``before``, to a value whose text names a credential."""
    out: Set[str] = set()
    for decl in (d for kind in _DECLS for d in N.descendants(fn, kind)):
        if decl.start_byte >= before:
            continue
        for v in decl.named_children:
            name, value = v.child_by_field_name("name"), v.child_by_field_name("value")
            if name is not None and name.type == "identifier" and value is not None and \
                    _speaks_of_credential(N.text(data, value)):
                out.add(N.text(data, name))
    return out


def _tests_credential(data: bytes, node) -> bool:
    cond = node.child_by_field_name("condition")
    if cond is None:
        return False
    if _speaks_of_credential(N.text(data, cond)):
        return True
    fn = N.enclosing_function(node)
    if fn is None:
        return False
    names = {N.text(data, i) for i in N.nodes_under(cond, "identifier")}
    return bool(names & _credential_names(data, fn, node.start_byte))


def forbids_on_credential(data: bytes, root) -> bool:
    """Whether the module answers 403 in an ``if`` that tests a credential (module docstring)."""
    if b"403" not in data or root is None:
        return False
    for node in N.nodes_under(root, "if_statement"):
        # the refusal in either arm: if (bad) { 403 } and if (good) { next() } else { 403 } (rev52t)
        arms = (node.child_by_field_name("consequence"), node.child_by_field_name("alternative"))
        if any(arm is not None and _answers_403(data, arm) for arm in arms) and _tests_credential(data, node):
            return True
    return False


__all__ = ["forbids_on_credential"]
