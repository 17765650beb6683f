"""Vendor SDK clients whose generic request method is an HTTP sink (issue 14): the host the
request goes to and the credential it carries.

A vendor SDK's escape hatch for endpoints it does not wrap (``@sendgrid/client``'s
``client.request({ method, url })``, ``octokit.request("GET /repos/...")``, Notion's
``request({ path })``, HubSpot's ``apiRequest({ path })``, Stripe's ``rawRequest(method, path)``)
sends to the vendor's API host with the key the client was given. The models name, per client
class (``sdk-clients`` in ``rules/models/typescript/http.yaml``), that host and how the key is
given, so a caller's value pasted into the path is the path fill of ``reqcreds.py`` under a
fixed host with the server's credential:

* :func:`sdk_path_host` marks a value placed after a path (``/v3/templates/${id}``) with the
  vendor's host (the text names none: the SDK adds it);
* :func:`sdk_credential` reads the key: a credential method called on the client in the module
  (``client.setApiKey(key)``), else the client's construction in the module or class - an option
  that carries a key (``new Octokit({ auth })``) or a positional argument (``new Stripe(key)``);
  a construction read that gives neither carries none; a client built where the scan does not
  see (a parameter, another module, the SDK's default export, a getter or factory of the project
  that hands one out: ``const client = manager.getCalDavClient()``) keeps its key.
"""

from __future__ import annotations

import re
from typing import Optional

from ..reqcreds import host_mark
from ..taintvalue import Taint, mark
from ..urlpath import in_url_path
from . import nodes as N
from .reqpaths import _class_node, _constructor

_NEW = ("new_expression", "call_expression")


def sdk_client(fa, model):
    """The ``sdk-clients`` entry of the row's receiver class (None for any other row)."""
    return fa.M.sdk_clients.get(model.receiver) if model.receiver else None


def sdk_path_host(sdk, t: Taint, prefix: Optional[str]) -> Taint:
    """``t`` marked with the vendor's host when the text before the value puts it in a path the
    SDK resolves under that host (``/v3/templates/``, ``GET /repos/``)."""
    if not t or not prefix or not in_url_path(prefix) or host_mark(prefix):
        return t
    return mark(t, clean=host_mark(f"https://{sdk.host}/"))


def _construction(fa, ctor, receiver: Optional[str]) -> bool:
    """Whether ``ctor`` (the value a client name is given) is the SDK's construction of the
    client: ``new X(...)``, or a call of one of its receiver class's constructors or factories
    (``await createDAVClient({...})``, ``twilio(sid, token)``). A call of anything else
    (``manager.getCalDavClient()``, ``getClient()`` of the project) hands out a client built
    where the scan does not see, which keeps its key."""
    if ctor.type != "call_expression":
        return True
    rec = fa.M.receivers.get(receiver) if receiver else None
    if rec is None:
        return True
    d = (fa.dotted(ctor.child_by_field_name("function")) or "").replace("()", "")
    return d in rec.constructors or d in {f.replace("()", "") for f in rec.factories}


def sdk_credential(fa, recv, sdk, receiver: Optional[str] = None) -> str:
    """The credential the SDK client ``recv`` (of receiver class ``receiver``) carries ("" when
    its construction is read and gives none)."""
    u = N.unwrap(recv)
    if u is None or u.type not in ("identifier", "member_expression"):
        return "the client's own settings"
    name = N.text(fa.data, u)
    last = name.rsplit(".", 1)[-1]
    for method in sorted(sdk.credential_methods):
        if re.search(rb"\b" + re.escape(last.encode()) + rb"\s*\.\s*" + re.escape(method.encode()) + rb"\s*\(", fa.data):
            return f"the key {last}.{method}() gives the client"
    cls = fa.cls.split(".")[-1] if name.startswith("this.") and getattr(fa, "cls", None) else None
    ctor = _constructor(fa, _class_node(fa, cls) or fa.mod.tree.root_node, last, _NEW)
    if ctor is None or not _construction(fa, ctor, receiver):
        return "the client's own settings"
    args = [a for a in (ctor.child_by_field_name("arguments").named_children
                        if ctor.child_by_field_name("arguments") is not None else ()) if a.type != "comment"]
    for a in args:
        obj = N.unwrap(a)
        if obj is None or obj.type != "object":
            return "the key given to the client's constructor"
        if any(c.type == "spread_element" for c in obj.named_children):
            return "the client's constructor options"
        props = N.object_props(fa.data, obj)
        found = sorted(set(props) & (sdk.credential_options | fa.M.request_credential_keywords))
        if found:
            return f"the client's '{found[0]}' option"
    return ""


__all__ = ["sdk_client", "sdk_credential", "sdk_path_host"]
