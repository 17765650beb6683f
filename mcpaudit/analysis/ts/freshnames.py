"""A new file of a fresh name in a temporary folder: scratch output, whatever else the name holds.

``writeFileSync(join(tmpdir(), `mcp-${provider}-${randomUUID()}.txt`), text)`` offloads a large
result to a file nobody else names: it changes no file that existed. A scratch path built from
names of the server's own only is found by scratch.py; a name that also holds a value the
function was given (``provider``, a helper's parameter) is a new file all the same when it holds a
fresh id (``randomUUID()``, ``Date.now()``). Either is no effect a read-only claim is about
(``SCRATCH``); the sink stays a write sink for every other rule (a caller's value in the path is
still a traversal).
"""

from __future__ import annotations

from typing import Optional

from . import nodes as N
from .idfields import carries_nothing
from .scratch import is_scratch

_JOINS = ("join", "resolve")

__all__ = ["fresh_temp_file"]


def fresh_temp_file(fa, node) -> bool:
    """Whether the path expression ``node`` is ``join(tmpdir(), ..., <name>)`` whose last part
    holds a fresh id (``randomUUID()``, directly or through a variable declared with one in this
    function): whatever else the name holds, the file is a new one."""
    u = _declared(fa, N.unwrap(node))
    if u is None or u.type != "call_expression":
        return False
    fn = u.child_by_field_name("function")
    if fn is None or (N.text(fa.data, fn).rsplit(".", 1)[-1] not in _JOINS):
        return False
    args = N.args_of(u)
    if len(args) < 2 or not is_scratch(fa, args[0]):
        return False
    last = N.unwrap(args[-1])
    return last is not None and last.type == "template_string" and any(
        _fresh(fa, s.named_children[0]) for s in last.named_children
        if s.type == "template_substitution" and s.named_children)


def _fresh(fa, node) -> bool:
    """A fresh id (a call whose result carries nothing but a new value), or a variable this
    function declared with one."""
    u = _declared(fa, N.unwrap(node))
    if u is None or u.type in ("identifier", "number", "string"):
        return False
    return u.type == "call_expression" and carries_nothing(fa.mod, u)


def _declared(fa, node) -> Optional[object]:
    """The value an identifier was declared with (``const p = ...``) in the function being
    analysed, or the node itself."""
    if node is None or node.type != "identifier" or fa.node is None:
        return node
    name = N.text(fa.data, node)
    stack = [fa.node.child_by_field_name("body")]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        if n.type == "variable_declarator":
            nm = n.child_by_field_name("name")
            if nm is not None and nm.type == "identifier" and N.text(fa.data, nm) == name:
                val = n.child_by_field_name("value")
                return N.unwrap(val) if val is not None else None
        if n.type not in N.FUNCTIONS:
            stack.extend(n.named_children)
    return node
