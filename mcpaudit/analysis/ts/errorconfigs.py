"""The error of an HTTP client that carries the request it failed on: axios's ``AxiosError``
holds ``config`` (its ``headers`` with the ``Authorization`` the code set) and ``request``; got's
``RequestError`` holds ``options``; ky's ``HTTPError`` holds ``request`` and ``options``
(``request-errors`` in the http models). A ``catch (error)`` around a request that sent a
credential of the server's binds ``error`` to that credential: logging the whole error writes
it (``console.log("API error:", error)``). Its text, status and response body
(``error.message``, ``error.response.data``: the service's answer) are the error's own fields
(``safe-fields``), which carry no credential.

Rethrown as it is (``throw error``), the error reaches the MCP caller as its message only (the
SDKs and frameworks turn a thrown error into its text): not a secret returned (:func:`rethrown`).

Functions of the interpreter (``fn``), which keeps ``credential_requests``: (call node, library,
the secret the request sent), in the order the requests were made.
"""

from __future__ import annotations

from typing import Optional

from ..taintvalue import EMPTY, Info, Taint, add_step, mark as mark_taint, union
from . import hookerrors
from . import nodes as N
from .errorcallees import called_requests


def note_request(fn, c) -> None:
    """A request of a library whose errors carry it, with a secret of the server's in its
    arguments (a header, an auth option, the body: the error's config holds them all)."""
    lib = request_library(fn, c.fq, c.recv_node)
    if lib is None:
        return
    hookerrors.note_sent(fn, c)  # what every request of the client sends: its error hooks see it
    secret: Taint = {k: v for t in c.taints for k, v in t.items() if k[0] == "s"}
    if not secret and c.recv_node is not None:
        secret = client_secret(fn, c.node, c.recv_node)  # this.api.get(path): the instance's headers
    if secret:
        fn.__dict__.setdefault("credential_requests", []).append((c.node, lib, secret))


def request_library(fn, name: Optional[str], recv) -> Optional[str]:
    """The HTTP library (one whose errors carry the request) a call's dotted ``name`` starts
    with, or that the receiver ``recv`` is a client of; None when neither."""
    libraries = fn.M.request_errors[0]
    lib = (name or "").split(".")[0]
    if lib not in libraries and recv is not None:
        lib = (fn.type_of(recv) or "").split(".")[0]
    return lib if lib in libraries else None


def client_secret(fn, node, recv_node) -> Taint:
    """The credential a client instance sends with every request, read where the module builds
    it (``this.api = axios.create({ headers: { Authorization }, auth })``): its config, which the
    error of any request of the client carries; nothing when its construction names none."""
    from .reqpaths import _client_credential

    found = _client_credential(fn, recv_node, fn.M)
    if not found or not found.startswith("the client's '"):
        return EMPTY
    recv = N.text(fn.data, N.unwrap(recv_node))
    what = f"{recv}'s {found[len('the client') + 3:].replace(' option', '').strip(chr(39))}"
    return {("s", what): Info((fn.step(node, f"the request {recv} makes sends {found}"),))}


def mark(fn) -> int:
    """Where the requests of a try block start."""
    return len(fn.__dict__.get("credential_requests", ()))


def caught(fn, since: int, param, body=None) -> Taint:
    """What the catch parameter ``param`` holds: the credentials of the requests made since
    ``since`` (the try block's ``body``), and of those the functions it calls make
    (errorcallees.py), marked as carried by the error (its own fields hold none of them:
    :func:`own_field`), or nothing."""
    return _carried(fn, fn.__dict__.get("credential_requests", [])[since:] + called_requests(fn, body), param)


def rejected(fn, recv_node, callback) -> Taint:
    """What the parameter of a promise's rejection callback holds (``req.catch((err) => ...)``,
    ``req.then(ok, (err) => ...)``): the error the receiver's promise rejects with, as a catch
    clause's (:func:`caught`): the credentials of the requests made in the receiver, carried by
    the error - never the value the promise resolves with. A callback that does not throw
    handles them: their error reaches no catch around the call."""
    held = fn.__dict__.get("credential_requests", [])
    within = [recv_node.start_byte <= r[0].start_byte and r[0].end_byte <= recv_node.end_byte for r in held]
    out = _carried(fn, [r for r, w in zip(held, within) if w] + called_requests(fn, recv_node), callback)
    if any(within) and not N.nodes_under(callback, "throw_statement"):
        held[:] = [r for r, w in zip(held, within) if not w]
    return out


def _carried(fn, reqs, param) -> Taint:
    """The credentials of ``reqs`` as the error of the first one holds them, bound at ``param``."""
    if not reqs:
        return EMPTY
    node, lib, _ = reqs[0]
    line = node.start_point[0] + 1
    t = add_step(union(*[r[2] for r in reqs]),
                 fn.step(param, f"the {lib} error of the request on line {line} carries that request, its credential included"))
    return mark_taint(t, clean=CARRIED)


#: the mark of a secret held only as the request an HTTP client's error carries
CARRIED = frozenset({"~request-error"})


def request_field(fn, t: Taint, key: str) -> Taint:
    """``error.config``, ``error.config.url``, ``.headers``, ``.params`` of an error that carries a
    request: the request's parts (the models' ``request-errors.request-fields``), which hold what it
    sent, the secret a URL's query or a header carries included."""
    parts = fn.M.request_errors[5]
    if not t or key not in parts:
        return EMPTY
    # ... and of a parameter's error (logError(error) { error.config.url }): decided when linked,
    # where the caller's error carries a request or not (carried_part)
    return {k: v for k, v in t.items() if CARRIED <= v.clean or (k[0] == "pf" and len(k) == 3 and k[2] in parts)}


def carried_part(label, env) -> Optional[Taint]:
    """When linked, ``error.config.url`` read in a function the error was passed to (``logError
    (error)``: the label ``("pf", error, "config")``): the part of the caller's error that is a
    request it carries (request_field); None for any other property of a parameter."""
    from ...catalog import catalog

    if label[0] != "pf" or len(label) != 3 or label[2] not in catalog().typescript.request_errors[5] \
            or f"{label[1]}.{label[2]}" in env:
        return None
    carried = {k: v for k, v in (env.get(label[1]) or {}).items() if CARRIED <= v.clean}
    return carried or None


def rethrown(fn, node, t: Taint) -> Taint:
    """What a ``throw`` of ``node`` raises to the caller: an error rethrown whole (a name) reaches
    it as its message, without the request it carries."""
    if not t or node is None or node.type != "identifier":
        return t
    return {k: v for k, v in t.items() if not (k[0] == "s" and CARRIED <= v.clean)}


def own_field(fn, t: Taint, key: str) -> Taint:
    """``e.message`` of an error that carries a request (under any name it was given,
    ``const axiosError = error as {...}``): one of the error's own fields holds none of it."""
    if not t or key not in fn.M.request_errors[1]:
        return t
    return {k: v for k, v in t.items() if not (k[0] == "s" and CARRIED <= v.clean)}


def handled(fn, since: int, handler) -> None:
    """The requests of a try block whose catch does not throw are done with: an error of theirs
    never reaches the catch of a try around it."""
    if not N.nodes_under(handler, "throw_statement"):
        del fn.__dict__.get("credential_requests", [])[since:]


def track(fn, name: str, node) -> None:
    """``const axiosError = error as {...}``: ``name`` is another name of the error ``node`` names."""
    held = fn.__dict__.setdefault("error_aliases", {})
    u = N.unwrap(node) if node is not None else None
    if u is not None and u.type == "identifier":
        held[name] = N.text(fn.data, u)
    else:
        held.pop(name, None)


def narrow(fn, cond, truth: bool) -> None:
    """In the arm where the error is known to be no request error (``!axios.isAxiosError(e)``,
    ``e.isAxiosError`` false, ``!(e instanceof HTTPError)``), it carries no request: its carried
    secrets are dropped (from its other names too)."""
    c = N.unwrap(cond)
    while c is not None and c.type == "unary_expression" and N.text(fn.data, c).startswith("!") and c.named_children:
        c, truth = N.unwrap(c.named_children[-1]), not truth
    if truth or c is None:
        return
    checks = fn.M.request_errors[2]
    var = None
    if c.type == "call_expression":
        f = c.child_by_field_id(fn.F.function)
        args = N.args_of(c)
        if f is not None and N.text(fn.data, f).rsplit(".", 1)[-1] in checks and len(args) == 1:
            var = N.unwrap(args[0])
    elif c.type == "member_expression":
        prop = c.child_by_field_id(fn.F.property)
        if prop is not None and N.text(fn.data, prop) in checks:
            var = N.unwrap(c.child_by_field_id(fn.F.object))
    elif c.type == "binary_expression":
        op, right = c.child_by_field_id(fn.F.operator), c.child_by_field_id(fn.F.right)
        if op is not None and op.type == "instanceof" and right is not None and \
                N.text(fn.data, right).rsplit(".", 1)[-1] in checks:
            var = N.unwrap(c.child_by_field_id(fn.F.left))
    if var is None or var.type != "identifier":
        return
    name = N.text(fn.data, var)
    aliases = fn.__dict__.get("error_aliases", {})
    for n in {name, aliases.get(name)} - {None}:
        if fn.env.get(n):
            fn.env[n] = {k: v for k, v in fn.env[n].items() if not (k[0] == "s" and CARRIED <= v.clean)}


def as_text(fn, t: Taint) -> Taint:
    """``String(error)``, `` `${error}` ``, ``error.toString()`` of an error that carries a
    request: an Error's text is its name and message (``Error.prototype.toString``), the error's
    own fields, without the request it carries."""
    return own_field(fn, t, "message") if t else t
