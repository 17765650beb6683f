"""Whether a page admitted with ``Origin: null`` can go past ``initialize`` on a stateful
Streamable HTTP transport, read from a TypeScript/JavaScript module.

An Origin check that admits the opaque origin ``null`` (a sandboxed iframe on any web page sends
it) lets such a page POST to the server. On a Streamable HTTP transport built with a
``sessionIdGenerator`` (stateful), every request after ``initialize`` must carry the
``Mcp-Session-Id`` the server answered with, in a response header. A cross-origin page reads a
response header only when CORS exposes it (``Access-Control-Expose-Headers`` naming it or
``*``, the ``cors`` package's ``exposedHeaders``); without that the page cannot learn its
session and no tool call follows. A stateless transport (``sessionIdGenerator: undefined``) and
an SSE transport (the session id travels in the event stream's body) stay open to it.
"""

from __future__ import annotations

import re

#: a Streamable HTTP transport built with a session id generator (not ``undefined``)
_STATEFUL = re.compile(rb"new\s+StreamableHTTPServerTransport\s*\(\s*\{[^}]*?\bsessionIdGenerator\s*:\s*(?!undefined\b)", re.S)
_STATELESS = re.compile(rb"\bsessionIdGenerator\s*:\s*undefined\b")
_SSE = re.compile(rb"\bSSEServerTransport\b")
#: CORS that lets a cross-origin page read response headers it names
_EXPOSED = re.compile(rb"(?i)access-control-expose-headers|\bexposedHeaders\b")


def session_hidden(data: bytes) -> bool:
    """Whether the module's only transports are stateful Streamable HTTP ones and it exposes no
    response header to cross-origin pages: a ``null``-origin page cannot read its session id."""
    return bool(_STATEFUL.search(data)) and not _STATELESS.search(data) and not _SSE.search(data) \
        and not _EXPOSED.search(data)


def exposed_anywhere(project) -> bool:
    """Whether a TypeScript/JavaScript file of the project exposes response headers to
    cross-origin pages: a middleware of another module (``res.setHeader("Access-Control-Expose-
    Headers", "Mcp-Session-Id")``, ``cors({ exposedHeaders })``) exposes the session header of
    every route after it, so the module's own text does not settle it (rev51t)."""
    return any(not path.endswith(".py") and _EXPOSED.search(f.text.encode("utf-8", "replace"))
               for path, f in project.files.items())
