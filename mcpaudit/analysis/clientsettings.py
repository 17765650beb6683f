"""A client object given a credential after it was built (issue 12).

``self.session = requests.Session()`` then ``self.session.headers.update({"Authorization":
f"Bearer {key}"})``: the constructor is bare, but every request sent through the session carries
the key. HTTP client objects keep their defaults in attributes named like the request arguments
that carry them (``requests.Session`` and ``httpx.Client``: ``headers``, ``auth``, ``cookies``,
``cert``), so the catalog's ``request-credentials`` keywords (``rules/models/python/http.yaml``)
name both: an attribute of the client named like a credential keyword set to anything but
``None``, or its headers given a header that names a credential (``X.headers.update({...})``,
``X.headers[name] = v``, ``X.headers = {...}``), is a credential the client sends with every
request. A header that only describes the body or the client (``Accept``, ``User-Agent``) is none.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from .cstnodes import nodes_of, string_value
from .reqcreds import _header_credential, _is_none, _secret_header, _target_name


def _attr_of(node, name: str) -> Optional[str]:
    """``name.<attr>``: the attribute's name, when ``node`` is one of ``name``'s."""
    if isinstance(node, cst.Attribute) and _target_name(node.value) == name:
        return node.attr.value
    return None


def _call_gives(call: cst.Call, name: str, M) -> str:
    """``name.headers.update(...)`` / ``name.cookies.update(...)``: the credential it adds."""
    f = call.func
    if not isinstance(f, cst.Attribute) or f.attr.value not in ("update", "setdefault", "__setitem__", "set"):
        return ""
    attr = _attr_of(f.value, name)
    if attr in M.request_credential_keywords:
        return attr
    if attr not in M.request_header_keywords:
        return ""
    if f.attr.value == "update":
        pos = [a.value for a in call.args if a.keyword is None and not a.star]
        kws = [a.keyword.value for a in call.args if a.keyword is not None]
        if any(_header_credential(p, M.is_secret_name) for p in pos) or any(a.star == "**" for a in call.args):
            return attr
        return attr if any(M.is_secret_name(k) for k in kws) else ""
    key = string_value(call.args[0].value) if call.args else None
    return attr if key is None or _secret_header(key, M.is_secret_name) else ""


def _assign_gives(target, value, name: str, M) -> str:
    """``name.auth = ...``, ``name.headers = {...}``, ``name.headers["Authorization"] = ...``."""
    attr = _attr_of(target, name)
    if attr in M.request_credential_keywords:
        return "" if _is_none(value) else attr
    if attr in M.request_header_keywords:
        return attr if _header_credential(value, M.is_secret_name) else ""
    if isinstance(target, cst.Subscript) and len(target.slice) == 1 and \
            isinstance(target.slice[0].slice, cst.Index):
        attr = _attr_of(target.value, name)
        if attr in M.request_header_keywords:
            key = string_value(target.slice[0].slice.value)
            return attr if key is None or _secret_header(key, M.is_secret_name) else ""
        if attr in M.request_credential_keywords:
            return attr
    return ""


def given_later(scope, name: str, M) -> str:
    """The client's setting (``headers``, ``auth``...) that gives the client ``name`` (``client``
    or ``self.session``) a credential somewhere in ``scope`` after it is built, "" when none."""
    for node in nodes_of(scope, (cst.Assign, cst.Call)):
        if isinstance(node, cst.Call):
            found = _call_gives(node, name, M)
        else:
            found = next((g for g in (_assign_gives(t.target, node.value, name, M)
                                      for t in node.targets) if g), "")
        if found:
            return found
    return ""


__all__ = ["given_later"]
