"""Serverless HTTP functions: a module under an ``api/`` folder (Vercel's ``api/``, Next.js's
``pages/api/``, Netlify's functions) whose default export is a ``(req, res)`` handler.

The platform deploys each such file as an HTTP endpoint on the public internet: whatever the
request carries (``req.body``, ``req.query``) is caller input, as for an express route. Many MCP
servers ship one beside their stdio server, answering JSON-RPC itself (``const { method, params }
= req.body``; ``tools/call`` switched on ``params.name`` with ``params.arguments`` given to the
tool functions), so its flows are those of the tools, reached by anyone who knows the URL. The
function is a handler of kind ``http_route`` (routes.py) named ``"ANY /api/<file>"``; routes.py
counts it as an open app (it is deployed to be reached), unless the project authenticates. One
that answers ``tools/call`` itself is also a site serving MCP over HTTP (``mod.http``), on the
platform's public address, for http-transport-no-auth.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, List, Optional

from . import nodes as N
from .records import TsRegistration

if TYPE_CHECKING:  # pragma: no cover
    from .module import TsModule

FRAMEWORK = "serverless"
#: a folder whose files a platform serves as HTTP functions
_FOLDER = re.compile(r"(^|/)(api|netlify/functions)/")


def serverless_registrations(mod: "TsModule") -> List[TsRegistration]:
    """The registration of the module's default-exported ``(req, res)`` function, when the
    module lies under a serverless folder (else nothing)."""
    from .routes import KIND

    path = mod.path
    m = _FOLDER.search(path)
    if m is None or "/test" in path or path.endswith(".d.ts"):
        return []
    qual = _default_function(mod)
    if qual is None:
        return []
    fn = mod.functions.get(qual)
    if fn is None or len([p for p in fn.params if p.kind != "field"]) < 2:
        return []
    route = "/" + posixpath.splitext(path[m.start(2):])[0]
    if route.endswith("/index"):
        route = route[: -len("/index")]
    if b"tools/call" in mod.data:
        # it answers MCP's JSON-RPC itself: an MCP server over HTTP, on the platform's public
        # address (http-transport-no-auth reads it with the project's authentication)
        mod.http.append({"kind": FRAMEWORK, "pos": tuple(fn.pos), "owner": "", "host": "0.0.0.0", "host_default": False,
                         "detail": f"the serverless function {route} (answering JSON-RPC tools/call itself)"})
    return [TsRegistration(kind=KIND, framework=FRAMEWORK, pos=tuple(fn.pos[:2]) if fn.pos else (1, 0),
                           name=f"s:ANY {route}", handler="f:" + qual, inputs=(0,))]


def _default_function(mod: "TsModule") -> Optional[str]:
    """The qualname of the function the module exports as default (declared, or inline)."""
    target = mod.exports.get("default")
    if not target or target not in mod.functions:
        return None
    node = next((n for n, q, c in mod._pending if q == target and c is None), None)
    return target if node is not None and N.unwrap(node).type in N.FUNCTIONS else None


__all__ = ["FRAMEWORK", "serverless_registrations"]
