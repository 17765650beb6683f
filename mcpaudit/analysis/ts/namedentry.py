"""One entry of a ``name=value`` list picked by its name: that entry, not the whole list.

``req.headers.cookie.split(";").map(c => c.trim()).find(c => c.startsWith("connectionId="))``
is the ``connectionId`` cookie. The Cookie header as a whole is a secret (a session cookie may be
in it), but an entry found by a fixed name holds that name's value only: it is a secret when
the name is one (``session_token=``, ``API_KEY=`` in an env file's lines), and not otherwise.
Only ``find`` with a one-test callback ``e.startsWith("<name>=")`` is read. Read by ``textshapes.shaped_text``.
"""

from __future__ import annotations

from typing import Optional

from ..taintvalue import Taint, desecret
from . import nodes as N


def _prefix_tested(fa, fn) -> Optional[str]:
    """``c => c.startsWith("name=")`` (an expression body or one return): the literal prefix."""
    body = fn.child_by_field_name("body")
    if body is not None and body.type == "statement_block":
        stmts = [s for s in body.named_children if s.type != "comment"]
        if len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_children:
            return None
        body = stmts[0].named_children[0]
    u = N.unwrap(body)
    if u is None or u.type != "call_expression":
        return None
    callee = u.child_by_field_name("function")
    prop = callee.child_by_field_name("property") if callee is not None and callee.type == "member_expression" else None
    args = N.args_of(u)
    if prop is None or N.text(fa.data, prop) != "startsWith" or len(args) != 1:
        return None
    return N.string_value(fa.data, args[0])


def named_entry(fa, method, arg_nodes, recv: Taint) -> Optional[Taint]:
    """``list.find(e => e.startsWith("name="))`` on a secret: the entry of that name, no secret
    unless the name is one; None for any other call."""
    if method != "find" or len(arg_nodes) != 1 or not any(label[0] == "s" for label in recv):
        return None
    fn = N.unwrap(arg_nodes[0])
    if fn is None or not N.is_function(fn):
        return None
    prefix = _prefix_tested(fa, fn)
    if not prefix or not prefix.endswith("=") or len(prefix) < 2:
        return None
    name = prefix[:-1].strip()
    return None if fa.M.is_secret_name(name.replace("-", "_")) else desecret(recv)


__all__ = ["named_entry"]
