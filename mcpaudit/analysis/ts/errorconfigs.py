"""The error of an HTTP client that carries the request it failed on: axios's ``AxiosError``
holds ``config`` (its ``headers`` with the ``Authorization`` the code set) and ``request``; got's
``RequestError`` holds ``options``; ky's ``HTTPError`` holds ``request`` and ``options``
(``request-errors`` in the http models). A ``catch (error)`` around a request that sent a
credential of the server's binds ``error`` to that credential: logging the whole error writes
it (``console.log("API error:", error)``). Its text, status and response body
(``error.message``, ``error.response.data``: the service's answer) are the error's own fields
(``safe-fields``), which carry no credential.

Functions of the interpreter (``fn``), which keeps ``credential_requests``: (call node, library,
the secret the request sent), in the order the requests were made.
"""

from __future__ import annotations

from ..taintvalue import EMPTY, Taint, add_step, union
from . import nodes as N


def note_request(fn, c) -> None:
    """A request of a library whose errors carry it, with a secret of the server's in its
    arguments (a header, an auth option, the body: the error's config holds them all)."""
    libraries = fn.M.request_errors[0]
    lib = (c.fq or "").split(".")[0]
    if lib not in libraries and c.recv_node is not None:
        lib = (fn.type_of(c.recv_node) or "").split(".")[0]
    if lib not in libraries:
        return
    secret: Taint = {k: v for t in c.taints for k, v in t.items() if k[0] == "s"}
    if secret:
        fn.__dict__.setdefault("credential_requests", []).append((c.node, lib, secret))


def mark(fn) -> int:
    """Where the requests of a try block start."""
    return len(fn.__dict__.get("credential_requests", ()))


def caught(fn, since: int, param) -> Taint:
    """What the catch parameter ``param`` holds: the credentials of the requests made since
    ``since`` (the try block's), or nothing; the error's own fields are bound empty."""
    reqs = fn.__dict__.get("credential_requests", [])[since:]
    if not reqs:
        return EMPTY
    name = N.text(fn.data, param)
    node, lib, _ = reqs[0]
    line = node.start_point[0] + 1
    t = add_step(union(*[r[2] for r in reqs]),
                 fn.step(param, f"the {lib} error of the request on line {line} carries that request, its credential included"))
    for field in fn.M.request_errors[1]:
        fn.env[f"{name}.{field}"] = EMPTY
    return t
