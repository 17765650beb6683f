"""A request to the caller's URL whose headers are the server's stored authentication headers:
``fetch(callerUrl, { headers: { "Content-Type": "text/xml", ...client.authHeaders } })``.

A value named as authentication headers (``request-credentials: credential-headers`` in the
HTTP models: ``authHeaders``, ``getAuthHeaders()``, ``AUTH_HEADERS``) spread into a request's
headers object, or given as the headers, holds the credential the server keeps for its service
(tsdav's ``DAVClient.authHeaders``: the configured CalDAV server's Basic password or OAuth
token). Sent to a host the caller chooses, it goes to that host, whatever the tool declares it
fetches: the request is a default ``tool-ssrf`` (sentcreds.py), as for a literal
``Authorization`` header from the environment. A value that carries the caller's own input
(``...authHeaders(args.token)``) is the caller's credential and is left alone."""

from __future__ import annotations

from typing import Optional

from . import nodes as N
from .reqpaths import _declared_object, _header_objects


def _named(fa, expr) -> str:
    """The name a headers value is known by: the identifier, the last field of a member, or the
    function or method a call calls."""
    u = N.unwrap(expr)
    while u is not None and u.type in ("await_expression", "call_expression"):
        u = N.unwrap(u.named_children[0] if u.type == "await_expression" else u.child_by_field_id(fa.F.function))
    if u is None:
        return ""
    if u.type == "member_expression":
        prop = u.child_by_field_name("property")
        return N.text(fa.data, prop) if prop is not None else ""
    return N.text(fa.data, u) if u.type == "identifier" else ""


def _credential_value(fa, expr) -> Optional[str]:
    """The text of ``expr`` when its name says it holds authentication headers and none of it
    is the caller's."""
    pat = fa.M.credential_headers
    name = _named(fa, expr)
    if pat is None or not name or not pat.match(name):
        return None
    t = fa.ev_quiet(expr)
    if any(label[0] == "src" for label in (t or {})):
        return None
    return N.text(fa.data, N.unwrap(expr))


def auth_headers_sent(fa, c) -> str:
    """The authentication headers of the server's a request call ``c`` sends ("" when none)."""
    if fa.M.credential_headers is None:
        return ""
    for a in c.args:
        obj = _declared_object(fa, a)
        if obj is None or obj.type != "object":
            continue
        props = N.object_props(fa.data, obj)
        for key in fa.M.request_header_keywords:
            if key not in props:
                continue
            found = _credential_value(fa, props[key])
            if found:
                return found
            for h in _header_objects(fa, props[key]):
                for ch in (h.named_children if h is not None and h.type == "object" else ()):
                    spread = [x for x in ch.named_children if x.type != "comment"] if ch.type == "spread_element" else []
                    found = _credential_value(fa, spread[0]) if spread else None
                    if found:
                        return found
    return ""


__all__ = ["auth_headers_sent"]
