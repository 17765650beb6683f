"""The error an HTTP client's error hook is called with (issue 14, ts56c): ``this.api.interceptors
.response.use(ok, (error) => logger.error(error.config?.url))`` runs for every failed request of
``this.api``, and axios's error holds that request (``error.config``: the URL with its query, the
headers, the params). A secret of the server's that any request of the client sends (``apikey=${KEY}``
in a URL a wrapper method hands to ``this.api.get(url)``) is then in what the hook logs.

errorconfigs.py binds the error of a ``catch`` around a request to that request's secrets; a hook
sees the requests of the whole project, made later and elsewhere. So each request a function makes
on a client kept in a field of its object (``this.api``) or in a module variable (``api``) is
stored as state of that object or module: the pseudo field ``<client>~requests`` holds what its
arguments carry (a wrapper's parameter, bound to the caller's secret when the linker follows the
call: fields.py). The hook's error parameter reads that state (``("f", "api~requests")`` or
``("g", "api~requests")``) and the credential the client's construction names (errorconfigs
.client_secret), marked as carried by the error (``errorconfigs.CARRIED``: ``error.message`` and
``error.response.status`` hold none of it).

The hooks are the models' ``request-errors.error-hooks`` (``interceptors.response.use``): the call's
second argument is called with the error. A client in a module variable is read in its own module
only (a request on an imported client is not counted).
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..taintvalue import Info, Taint, mark, union
from . import nodes as N

#: the pseudo field (or module variable) after a client's name holding what its requests send
SENT = "~requests"


def _client_key(fn, client) -> Optional[Tuple[str, str, tuple]]:
    """(environment key, name, state label) of a client kept in ``this.<attr>`` of a method, or in
    a variable declared at the top of the module; None otherwise."""
    u = N.unwrap(client)
    if u is None:
        return None
    if u.type == "member_expression" and getattr(fn, "cls", None):
        parts = N.member_parts(fn.data, u)
        if parts and len(parts) == 2 and parts[0] == "this":
            attr = parts[1] + SENT
            return f"this.{attr}", attr, ("f", attr)
        return None
    if u.type == "identifier":
        name = N.text(fn.data, u)
        local = fn.node is not None and name in getattr(fn, "locals", ())  # the module's body: its own variables
        if name in fn.param_names or local or name not in _module_names(fn.mod):
            return None
        return name + SENT, name + SENT, ("g", name + SENT)
    return None


def _module_names(mod) -> frozenset:
    got = mod.__dict__.get("_declared_names")
    if got is None:
        names = set()
        for s in mod.body_statements:
            if s.type in ("lexical_declaration", "variable_declaration"):
                for d in s.named_children:
                    name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                    if name is not None and name.type == "identifier":
                        names.add(N.text(mod.data, name))
        got = mod.__dict__["_declared_names"] = frozenset(names)
    return got


def note_sent(fn, c) -> None:
    """A request of an HTTP client whose errors carry it (errorconfigs.note_request): what its
    arguments carry is kept as what the client's requests send."""
    if c.recv_node is None:
        return
    key = _client_key(fn, c.recv_node)
    t = union(*c.taints, c.star)
    if key is None or not t:
        return
    from .errorconfigs import CARRIED

    env_key, name, label = key
    fn.env[env_key] = union(fn.env.get(env_key) or {}, mark(t, clean=CARRIED))
    if label[0] == "g":  # kept as the module's state (state.py module_stores)
        fn.global_stores = getattr(fn, "global_stores", set()) | {name}


def sent_state(label) -> bool:
    """Whether ``label`` reads what a client's requests send (a log sink keeps it: bound to those
    secrets when linked)."""
    return label[0] in ("f", "g") and len(label) == 2 and str(label[1]).endswith(SENT)


def hook_error(fn, method: Optional[str], recv_node, callback, i: int) -> Optional[Taint]:
    """What the parameter of ``callback`` holds when it is the ``i``-th argument of an error hook
    of a client (``<client>.interceptors.response.use(ok, callback)``): the secrets its requests
    send, carried by the error; None when the call is no error hook."""
    if recv_node is None or i != 1 or not method:
        return None
    client = _hooked_client(fn, method, recv_node)
    if client is None:
        return None
    from .errorconfigs import CARRIED, client_secret

    found = client_secret(fn, callback, client)  # the credential its construction names
    key = _client_key(fn, client)
    if key is not None:
        env_key, _, label = key
        what = N.text(fn.data, N.unwrap(client))
        found = union(found, fn.env.get(env_key) or {}, {label: Info((fn.step(
            callback, f"the error of every request {what} makes carries that request, its credential included"),))})
    return mark(found, clean=CARRIED) if found else None


def _hooked_client(fn, method: str, recv_node):
    """The client expression of ``<client>.interceptors.response`` when ``method`` completes one
    of the models' error hooks."""
    for hook in fn.M.request_errors[4]:
        *props, last = hook.split(".")
        if last != method:
            continue
        node = N.unwrap(recv_node)
        for prop in reversed(props):
            if node is None or node.type != "member_expression" or \
                    N.text(fn.data, node.child_by_field_name("property")) != prop:
                node = None
                break
            node = N.unwrap(node.child_by_field_name("object"))
        if node is not None:
            return node
    return None


__all__ = ["SENT", "hook_error", "note_sent", "sent_state"]
