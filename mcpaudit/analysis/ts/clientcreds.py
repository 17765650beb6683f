"""A request to the caller's whole URL through a client that keeps the server's login (issue 14,
ts57d): the client's credential goes to the host the caller names.

    // dav-client.js: made once at start-up
    this.calDavClient = new DAVClient({ serverUrl, credentials: { username, password } });
    // a tool
    const client = davManager.getCalDavClient();
    await client.deleteCalendarObject({ calendarObject: { url: args.event_url } });

    const api = axios.create({ baseURL, headers: { Authorization: `Bearer ${process.env.TOKEN}` } });
    await api.get(args.url);          // an absolute URL overrides baseURL; the header goes along

A fetch tool's declared purpose covers the caller's URL, not the operator's credential that a
stored client adds to every request (sentcreds.py: the same rule for a request's own headers).
Some clients send an absolute URL they are given as is, with the login they were built with:
tsdav's DAVClient and Octokit (``sdk-clients: absolute-urls`` in the models) and axios instances
(``request-credentials: absolute-url-clients``). When such a client is seen built with a
credential (an option that carries one, default headers set later, an interceptor, a key method;
for an SDK client also one built where the scan does not see, which keeps its key,
sdkclients.py) and the URL is not under a host the code fixes (nor the call given an option that
replaces the stored login: ``replaced-by``, tsdav's own ``headers``), :func:`carried_credential` names
what is sent; the sink's ``sent_secret`` makes it a default ``tool-ssrf`` whatever the tool
declares. A client built from the caller's own values (its token) carries the caller's
credential, and a TLS client certificate (``cert``, ``key``, ``pfx``) is presented, not sent:
neither counts; a client that holds no credential leaves the fetch the tool's capability.
"""

from __future__ import annotations

import re

from ..narrowing import fixed_host_prefix
from . import nodes as N
from .reqpaths import built_as

#: what sdkclients / reqpaths say of a client whose construction the scan does not see
_UNSEEN = "the client's own settings"
#: TLS options: the client's certificate is presented to the host, its key not sent
_TLS = frozenset({"cert", "key", "pfx", "ca"})


def carried_credential(fa, c, sdk, cred: str, url_node, prefix) -> str:
    """The name of the stored credential the request ``c`` carries to the caller's host ("" when
    none): ``cred`` is what :func:`~.sdkclients.sdk_credential` or ``ts_credential`` read of the
    client (``sdk``: its vendor entry, or None), ``prefix`` the constant text of its URL
    ``url_node``. A URL built from a value before the caller's (```${BASE}/items/${id}```: a base
    of another module, a field) may be under a fixed host: left to the path-fill reading."""
    if not cred or not _callers_url(fa, c, url_node, prefix):
        return ""
    recv = N.text(fa.data, N.unwrap(c.recv_node))
    if sdk is not None:
        if not sdk.absolute_urls or any(N.has_prop(fa.data, N.unwrap(a), o) for a in c.args[:1] for o in sdk.replaced_by):
            return ""  # tsdav's `deleteObject({ url, headers })`: its own headers, not the login
        if sdk.stored_as:
            return f"{recv}.{sdk.stored_as}"
    elif not _of_client(cred) or (fa.type_of(c.recv_node) or "").replace("()", "") not in _absolute(fa):
        return ""  # the request's own options: their secrets are read as sent taint (sentcreds.py)
    return _named(recv, cred)


def _callers_url(fa, c, url_node, prefix) -> bool:
    """Whether the request ``c`` goes to the caller's whole URL on a client of the server's."""
    if c.recv_node is None or prefix and fixed_host_prefix(prefix):
        return False
    u = N.unwrap(url_node) if url_node is not None else None
    if not prefix and u is not None and u.type in ("template_string", "binary_expression"):
        return False
    return not _callers_values(fa, c)  # a client made here with values handed in: the caller's own token, maybe


def pending_credential(fa, c, sdk, cred: str, url_node, prefix):
    """(origin, receiver) of a request to the caller's whole URL through a client another
    module builds or a project function returns (``import { api }``, ``createClient()``), whose
    construction this module does not see: the linker names its credential when the origin
    kept one (exportedclients.py); else None."""
    from .exportedclients import imported_origin
    from .returnedclients import client_origin

    if sdk is not None or cred not in (_UNSEEN, "") or not _callers_url(fa, c, url_node, prefix):
        return None
    origin = client_origin(fa, c.recv_node) or imported_origin(fa, c.recv_node)
    if not origin or _given_values(fa, c.recv_node):
        return None
    return origin, N.text(fa.data, N.unwrap(c.recv_node))


def _given_values(fa, recv_node) -> bool:
    """Whether the project function that made the client was handed a value other than a
    constant or the environment (``createUserClient(token)``): the caller's own token, maybe."""
    u = N.unwrap(recv_node)
    if u is not None and u.type in ("identifier", "member_expression"):
        u = built_as(fa, N.text(fa.data, u), "_client_ctors", kinds=("call_expression", "new_expression"))
    args = u.child_by_field_name("arguments") if u is not None and u.type in ("call_expression", "new_expression") else None
    return any(fa.const_of(a) is None and not N.text(fa.data, a).startswith("process.env")
               for a in (args.named_children if args is not None else ()) if a.type != "comment")


def _callers_values(fa, c) -> bool:
    """Whether the client is built in this module from the caller's values or a function's
    parameters (``axios.create({ headers: { Authorization: `Bearer ${token}` } })`` in a
    handler): whose credential that is, the scan does not know here. A client that is itself a
    parameter, or a getter's result, holds only what the server gave it."""
    if not any(label[0] in ("src", "p", "pf") for label in (c.recv or {})):
        return False
    u = N.unwrap(c.recv_node)
    name = N.text(fa.data, u) if u is not None and u.type in ("identifier", "member_expression") else ""
    return not name or built_as(fa, name, "_client_ctors", kinds=("call_expression", "new_expression")) is not None


def _of_client(cred: str) -> bool:
    """Whether ``ts_credential`` found the credential in the client as built (its options,
    default headers, an interceptor), not in the request's own options or an unseen build."""
    return cred != _UNSEEN and (cred.startswith("the client's") or "interceptor" in cred)


def _absolute(fa) -> frozenset:
    return getattr(fa.M, "absolute_url_clients", frozenset())


def _named(recv: str, cred: str) -> str:
    """A short name for what ``cred`` (a reader's phrase) says the client ``recv`` holds."""
    opt = re.search(r"'([\w$-]+)' option", cred)
    if opt:
        return "" if opt.group(1) in _TLS else f"{recv}.{opt.group(1)}"
    method = re.match(r"the key ([\w$.]+\(\)) gives", cred)
    if method:
        return method.group(1)
    if "default headers" in cred:
        return f"{recv}.defaults.headers"
    if "interceptor" in cred:
        return f"{recv}.interceptors"
    return f"the key {recv} was built with"


__all__ = ["carried_credential", "pending_credential"]
