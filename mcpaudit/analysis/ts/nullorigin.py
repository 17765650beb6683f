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

#: the construction of a Streamable HTTP transport with an options object
_BUILT = re.compile(rb"new\s+StreamableHTTPServerTransport\s*\(\s*\{")
#: an options object's session id generator (not ``undefined``)
_GENERATOR = re.compile(rb"\bsessionIdGenerator\s*:\s*(?!undefined\b)")
_STATELESS = re.compile(rb"\bsessionIdGenerator\s*:\s*undefined\b")
_SSE = re.compile(rb"\bSSEServerTransport\b")
#: CORS that lets a cross-origin page read response headers it names
_EXPOSED = re.compile(rb"(?i)access-control-expose-headers|\bexposedHeaders\b")


def session_hidden(data: bytes) -> bool:
    """Whether the module's only transports are stateful Streamable HTTP ones and it exposes no
    response header to cross-origin pages: a ``null``-origin page cannot read its session id."""
    return _stateful(data) and not _STATELESS.search(data) and not _SSE.search(data) \
        and not _EXPOSED.search(data)


def _stateful(data: bytes) -> bool:
    """A Streamable HTTP transport built with a session id generator: the options object read to
    its closing brace, past the braces of a callback written before the generator
    (``onsessioninitialized: (id) => { ... }, sessionIdGenerator: ...``: rev52t)."""
    for m in _BUILT.finditer(data):
        depth, i = 1, m.end()
        while i < len(data) and depth:
            depth += {0x7B: 1, 0x7D: -1}.get(data[i], 0)
            i += 1
        # the generator at the options object's own level: its text with nested objects cut out
        top, level = bytearray(), 1
        for b in data[m.end():i - 1]:
            level += {0x7B: 1, 0x7D: -1}.get(b, 0)
            top.append(b if level == 1 else 0x20)
        if _GENERATOR.search(bytes(top)):
            return True
    return False


def exposed_anywhere(project) -> bool:
    """Whether a TypeScript/JavaScript file of the project exposes response headers to
    cross-origin pages: a middleware of another module (``res.setHeader("Access-Control-Expose-
    Headers", "Mcp-Session-Id")``, ``cors({ exposedHeaders })``) exposes the session header of
    every route after it, so the module's own text does not settle it (rev51t)."""
    return any(not path.endswith(".py") and _EXPOSED.search(f.text.encode("utf-8", "replace"))
               for path, f in project.files.items())
