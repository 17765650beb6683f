"""A receiver another library object hands out by a method (the ``made-by`` key of a receiver
class in the models, open52t).

node-mssql runs a statement through a ``Request`` the pool makes: ``pool.request().query(text)``,
or ``const request = pool.request(); request.input("n", v); await request.query(text)``. The
request has no constructor call in sight and a name (``request``) far too common to match on,
but the pool it came from is a database handle the models know. A receiver class with
``made-by: {receiver: sql-handle, methods: [request]}`` holds the result of such a method called
on a receiver of that class: the call itself, ``await``-ed or not, or a ``const`` declared from it.
"""

from __future__ import annotations

from . import nodes as N
from .listenhost import declared_value


def _made_call(fa, r):
    """The call ``r`` stands for: ``r`` itself, or the value of the ``const`` it names."""
    u = N.unwrap(r)
    if u is not None and u.type == "identifier":
        decl = declared_value(fa.data, u)
        holder = decl.parent.parent if decl is not None and decl.parent is not None else None
        if holder is None or holder.type != "lexical_declaration" or N.text(fa.data, holder).split(None, 1)[0] != "const":
            return None
        u = N.unwrap(decl)
    while u is not None and u.type == "await_expression" and u.named_children:
        u = N.unwrap(u.named_children[0])
    return u if u is not None and u.type == "call_expression" else None


def made_by(fa, rc, r) -> bool:
    """Whether the receiver ``r`` is what a ``made-by`` method of ``rc``'s maker class returns."""
    maker, methods = rc.made_by
    call = _made_call(fa, r)
    fn = call.child_by_field_name("function") if call is not None else None
    if fn is None or fn.type != "member_expression" or N.text(fa.data, fn.child_by_field_name("property")) not in methods:
        return False
    spec = fa.M.receivers.get(maker)
    return spec is not None and fa.receiver_is(spec, fn.child_by_field_name("object"))
