"""Request objects sent by a client's send method (issue 12, py53b).

``requests.Request("GET", url)`` and ``httpx.Request("GET", url)`` build a request; nothing is
sent until a client's send method is given it: ``session.send(req.prepare())``,
``client.send(req)``, or python-jenkins's ``Jenkins.jenkins_request(req)`` (which signs it with
the username and API token the client was built with). The request goes with that client's
settings, so the credential a path fill carries (reqcreds.py) is read from the sending client
as for a client method's own request. The methods are the ``request-credentials: senders`` of
``rules/models/python/http.yaml``.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from .cstnodes import nodes_of


def _prepared_from(node, call) -> bool:
    """``node`` is ``call`` or ``call.prepare()``."""
    if node is call:
        return True
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
        node.func.attr.value == "prepare" and node.func.value is call and not node.args


def sender_receiver(matcher, call) -> Optional[cst.BaseExpression]:
    """The client that sends the request object ``call`` builds (the receiver of
    ``client.send(call)``, of ``client.send(call.prepare())``, or of such a call given a local
    name bound to either), or None when no sender method of the models is seen sending it."""
    senders = getattr(matcher.M, "request_senders", frozenset())
    scope = matcher.fn
    if not senders or scope is None:
        return None
    names = set()
    for node in nodes_of(scope, cst.Assign):
        if _prepared_from(node.value, call):
            names.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))
    for node in nodes_of(scope, cst.Call):
        f = node.func
        if not (isinstance(f, cst.Attribute) and f.attr.value in senders and node.args):
            continue
        arg = node.args[0].value
        if _prepared_from(arg, call) or (isinstance(arg, cst.Name) and arg.value in names):
            return f.value
    return None


__all__ = ["sender_receiver"]
