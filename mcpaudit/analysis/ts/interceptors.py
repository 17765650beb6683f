"""Clients whose every request another module signs: ``api.instance.interceptors.request.use((r)
=> { r.headers["X-Token"] = token; return r; })`` or ``client.defaults.headers.common.Authorization
= ...`` written in the module that configures a generated client (a swagger-typescript-api
``HttpClient``), while the request itself is sent in the client's own class elsewhere
(``this.instance.request({ url: path })``). The credential such an interceptor adds is the
request's credential (reqcreds.py): a path fill there is sent with the server's token.

The engine reads every module's text once before the per-module pass (``engines/ts.py``) and
hands each module the names of the client objects or fields so signed (:data:`INTERCEPTED`,
through its bindings, as :data:`~.workspace.PACKAGES`), and the module objects they hang from
(``<module key>#<variable>``, ``#default`` when the module exports it so): a call of the project
on such an object (``api.v1.getFile(key)``) makes a request whose error carries that header, so
logging the whole error of a try block around it writes the credential (errorconfigs.py)."""

from __future__ import annotations

import re
from typing import FrozenSet, List

from ..taintvalue import Info
from . import nodes as N

#: the bindings entry that names them ("\x1f"-joined)
INTERCEPTED = "\x00intercepted"
_USE = re.compile(rb"((?:[A-Za-z_$][\w$]*\s*\.\s*){0,3})([A-Za-z_$][\w$]*)\s*\.\s*interceptors\s*\.\s*request\s*\.\s*use\s*\(")
_DEFAULTS = re.compile(rb"([A-Za-z_$][\w$]*)\s*\.\s*defaults\s*\.\s*headers\b[^;=\n]{0,80}=[^=]")
#: a header written in the interceptor (a property or index assignment, set(), or a header object)
_SETS_HEADER = re.compile(rb"headers\s*(\[[^\]]+\]|\.[A-Za-z_$][\w$-]*)\s*=[^=]|headers\s*\.\s*set\s*\(|headers\s*:\s*\{")
_WINDOW = 600


def intercepted_fields(rel: str, data: bytes) -> List[str]:
    """The names of the clients (variables or fields) module ``rel`` signs with a request
    interceptor that sets a header, or whose default headers it assigns, and the module objects
    they hang from (``<module key>#<variable>``)."""
    from .module import module_key

    if b"interceptors" not in data and b"defaults" not in data:
        return []
    out = []
    for m in _USE.finditer(data):
        if not _SETS_HEADER.search(data, m.end(), m.end() + _WINDOW):
            continue
        out.append(m.group(2).decode())
        root = re.split(rb"\s*\.", m.group(1) or m.group(2))[0].strip().decode()
        if root and root != "this":
            out.append(f"{module_key(rel)}#{root}")
            if re.search(rb"export\s+default\s+" + re.escape(root.encode()) + rb"\s*;?\s*$", data, re.M):
                out.append(f"{module_key(rel)}#default")
    out += [m.group(1).decode() for m in _DEFAULTS.finditer(data)]
    return out


def intercepted(mod) -> FrozenSet[str]:
    """The client names some module of the project signs (empty without the engine's bindings)."""
    extra = getattr(mod, "extra_imports", None) or {}
    return frozenset(n for n in extra.get(INTERCEPTED, "").split("\x1f") if n)


def signed_call(fn, node, recv_node) -> None:
    """A call on an object another module signs, or below it (``api.v1.getFile(key)`` of an
    imported ``api``): a request whose error carries the header (errorconfigs.note_request)."""
    names = intercepted(fn.mod) if recv_node is not None else frozenset()
    if not names:
        return
    r = N.unwrap(recv_node)
    while r is not None and r.type == "member_expression":
        r = N.unwrap(r.child_by_field_name("object"))
    if r is None or r.type != "identifier":
        return
    root = N.text(fn.data, r)
    from .module import module_key

    ref = fn.mod.imports.get(root) or f"{module_key(fn.mod.path)}#{root}"
    if ref in names:
        what = f"{root}'s interceptor header"
        fn.__dict__.setdefault("credential_requests", []).append((node, "HTTP client's", {("s", what): Info((
            fn.step(node, f"the request {root} makes carries the header an interceptor sets on every request"),))}))
