"""The headers an HTTP client's request hook sees: ``this.client.interceptors.request.use((request)
=> { ... console.error(... request.headers ...) })``. axios calls the interceptor with the request
config of every call the client makes, its ``headers`` (and ``auth``) merged with the client's
defaults: when the client was built with a credential header (``axios.create({ headers: {
Authorization: `Bearer ${token}` } })``, ``client.defaults.headers.common.Authorization = ...``),
the interceptor's ``request.headers`` holds that credential, so writing it to a log (a curl line
built from ``Object.entries(request.headers)``) writes the key. A module whose clients carry no
credential header gives the interceptor nothing secret (issue 14, ts34)."""

from __future__ import annotations

import re

from ..taintvalue import Info
from . import nodes as N

#: a credential header set where the module builds or configures a client
_CREDENTIAL_HEADER = re.compile(
    rb"(headers\s*:\s*\{[^}]{0,400}?|defaults\s*\.\s*headers[\w$.\[\]'\"]{0,60}?)"
    rb"[\[\s'\"]*(Authorization|[Xx]-[Aa][Pp][Ii]-[Kk]ey|[Aa]pi-?[Kk]ey|[Xx]-[\w-]*[Tt]oken)\b")
_FIELDS = ("headers", "auth")


def note_request_hook(fa, method, recv_node, fn_node, i: int) -> None:
    """``<client>.interceptors.request.use(fn)``: ``fn`` (the first argument) is called with each
    request's config, when the module's clients carry a credential header."""
    if method != "use" or i != 0 or recv_node is None:
        return
    d = N.var_of(fa.data, N.unwrap(recv_node)) or ""
    if d.endswith("interceptors.request") and _CREDENTIAL_HEADER.search(fa.data):
        fa.__dict__["_request_hook"] = fn_node.id


def bind_request_config(fa, fn_node, i: int, pat) -> None:
    """The first parameter of a request hook: its ``headers``/``auth`` hold the client's credential."""
    if i != 0 or fa.__dict__.get("_request_hook") != fn_node.id or pat is None or pat.type != "identifier":
        return
    name = N.text(fa.data, pat)
    for field in _FIELDS:
        what = f"{name}.{field}"
        fa.env[what] = {("s", what): Info((fa.step(pat, f"'{what}': the client's credential header, on every request"),))}
        fa.fields.setdefault(name, set()).add(what)
