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

from typing import List, Optional, Tuple

from ..lazycst import cst

from .cstnodes import nodes_of, per_node


def _prepared_from(node, call, names=frozenset()) -> bool:
    """``node`` is the request ``call`` builds: ``call`` itself or a local of ``names`` bound to
    it, its ``.prepare()``, or a session's ``prepare_request(...)`` of it (requests' documented
    ``prepped = req.prepare()`` / ``session.prepare_request(req)``, rev54)."""
    if node is call or (isinstance(node, cst.Name) and node.value in names):
        return True
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
        return False
    method = node.func.attr.value
    if method == "prepare" and not node.args:
        return _prepared_from(node.func.value, call, names)
    if method == "prepare_request" and len(node.args) == 1 and node.args[0].keyword is None:
        return _prepared_from(node.args[0].value, call, names)
    return False


def _index(fn, senders) -> Tuple[List[Tuple[cst.CSTNode, List[str]]], List[Tuple[cst.CSTNode, cst.CSTNode]]]:
    """(value, names) of the function's assignments to plain names, and (argument, receiver) of
    its sender calls (``client.send(arg)``): one walk of the function for all its request calls
    (rev54; each request call walked it twice)."""
    assigns = [(node.value, [t.target.value for t in node.targets if isinstance(t.target, cst.Name)])
               for node in nodes_of(fn, cst.Assign)]
    sends = [(node.args[0].value, node.func.value) for node in nodes_of(fn, cst.Call)
             if isinstance(node.func, cst.Attribute) and node.func.attr.value in senders and node.args]
    return assigns, sends


def sender_receiver(matcher, call) -> Optional[cst.BaseExpression]:
    """The client that sends the request object ``call`` builds (the receiver of
    ``client.send(call)``, of ``client.send(call.prepare())`` or ``client.send(
    session.prepare_request(call))``, also through locals bound to any of these), or None when
    no sender method of the models is seen sending it."""
    senders = getattr(matcher.M, "request_senders", frozenset())
    scope = matcher.fn
    if not senders or scope is None:
        return None
    assigns, sends = per_node(matcher.mod, "_request_senders", scope, lambda fn: _index(fn, senders))
    names: set = set()
    for _ in range(3):  # req = Request(...); prepped = req.prepare(); session.send(prepped)
        more = {n for value, targets in assigns if _prepared_from(value, call, names) for n in targets} - names
        if not more:
            break
        names |= more
    for arg, recv in sends:
        if _prepared_from(arg, call, names):
            return recv
    return None


__all__ = ["sender_receiver"]
