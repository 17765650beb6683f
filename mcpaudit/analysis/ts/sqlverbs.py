"""What a request to a SQL endpoint is besides its URL (``sqlhttp.py``): its HTTP verb (a row's
``reads-only`` may hold for some verbs only), whether it names a parameter a row requires
(``with``), and whether the call is no request at all but a route registration of an HTTP app
or router (``app.post("/v1/statement", auth, handler)``)."""

from __future__ import annotations

import re
from typing import Iterable, Optional

from . import nodes as N
from .listenhost import declared_value

#: the options of a request that hold what it sends (as sqlhttp.py reads them)
_CARRIERS = ("params", "data", "body", "json", "searchParams", "form")
#: verb methods whose name is the verb they send
_NAMED = frozenset({"get", "post", "put", "patch", "delete", "head"})
#: receivers that are an HTTP app or router by name (express, koa-router, fastify, hono)
_ROUTERS = frozenset({"app", "router", "routes", "route", "fastify", "hono"})
#: constructors and factories of an HTTP app or router
_ROUTER_MAKERS = re.compile(r"^(?:new\s+)?(?:express(?:\.Router)?|Router|Hono|Koa|Fastify|fastify|KoaRouter)$")


def _object(fa, node):
    """The object literal ``node`` is, or a local name is bound to; None otherwise."""
    u = N.unwrap(node)
    if u is not None and u.type == "identifier":
        value = declared_value(fa.data, u)
        u = N.unwrap(value) if value is not None else None
    return u if u is not None and u.type == "object" else None


def request_verb(fa, method: Optional[str], opts) -> Optional[str]:
    """The verb a request sends: its options' constant ``method``, the verb method's name, GET
    when neither says (fetch, got, axios.request); None when the option is not constant."""
    for a in opts:
        obj = _object(fa, a)
        value = N.object_props(fa.data, obj).get("method") if obj is not None else None
        if value is not None:
            text = N.string_value(fa.data, N.unwrap(value))
            return text.lower() if text else None
    return method if method in _NAMED else "get"


def names_param(fa, url_text: str, opts, names: Iterable[str]) -> bool:
    """Whether the request names one of ``names``: in the URL's query string, or as a property
    of an option (or of its ``params``, ``data``, ``body`` ... object)."""
    for name in names:
        if re.search(r"[?&]" + re.escape(name) + "=", url_text):
            return True
        for a in opts:
            obj = _object(fa, a)
            if obj is None:
                if N.unwrap(a) is not None and N.unwrap(a).type == "identifier" and fa._field(a, name) is not None:
                    return True
                continue
            props = N.object_props(fa.data, obj)
            if name in props or any(_object(fa, props[c]) is not None and name in N.object_props(fa.data, _object(fa, props[c]))
                                    for c in _CARRIERS if c in props):
                return True
    return False


def is_registration(fa, fn, arg_nodes) -> bool:
    """A route registration, not a request: a function among the arguments, or a receiver that
    is an HTTP app or router (by name, or bound to ``express()``, ``new Hono()``, ``Router()``)."""
    if any(N.unwrap(a) is not None and N.unwrap(a).type in N.FUNCTIONS for a in arg_nodes):
        return True
    recv = fn.child_by_field_name("object") if fn.type == "member_expression" else None
    r = N.unwrap(recv)
    if r is None or r.type not in ("identifier", "member_expression"):
        return False
    if N.text(fa.data, r).rsplit(".", 1)[-1] in _ROUTERS:
        return True
    value = declared_value(fa.data, r) if r.type == "identifier" else None
    v = N.unwrap(value) if value is not None else None
    if v is None or v.type not in ("call_expression", "new_expression"):
        return False
    callee = v.child_by_field_name("function") or v.child_by_field_name("constructor")
    return callee is not None and bool(_ROUTER_MAKERS.match(N.text(fa.data, callee)))


__all__ = ["is_registration", "names_param", "request_verb"]
