"""An open HTTP transport in front of tools that reach nothing worth protecting (issue 14, ts30b).

A chart server whose every tool builds a spec and posts it to a public rendering service, with no
credential of its own: no tool reads or writes a file, runs a command or code, or queries a
database, and no module reads a secret from the environment (a token, a key, a password, a
connection string), and no code names a credential at all (an Authorization header, an API key, a
token, a password: a key read from the arguments or a file), and every service its code names is
public (no loopback, LAN or single-label host: a Prometheus at ``http://localhost:9090`` or
``http://prometheus:9090`` is what the server opens to the network). An unauthenticated caller of such a server gains nothing it could not get
from the public service directly, so ``http-transport-no-auth`` reports it at low confidence,
saying why. The rule keeps its confidence wherever a tool reaches a file, a shell, code or a
query, or the server holds a secret its requests could carry.

What the tools can do is the linker's effects (claims.py: every sink reached, tainted or not);
only TypeScript/JavaScript projects are judged here, and only when they register tools.
"""

from __future__ import annotations

import re
from typing import Optional

from ...sources import is_test_path
from .heldcreds import caller_keys, names_held_credential

#: the effects a tool may have and still hold nothing: requests (their credentials are judged
#: from the environment below)
_HARMLESS = frozenset({"request"})
_SECRET_ENV = re.compile(
    r"""process\.env(?:\.|\[\s*["'`])([A-Z0-9_]*(?:TOKEN|KEY|SECRET|PASSWORD|PASSWD|PASS|CREDENTIAL|AUTH|COOKIE|SESSION|"""
    r"""DSN|DATABASE|_URI|CONN)[A-Z0-9_]*)""")
#: any word of a credential in the text (a header set, a key read from arguments or a file): the
#: server may hold one its requests carry, unless the code's own words (not its comments or CORS
#: settings, nor the callers' own keys passed as tool parameters) name none (heldcreds.py)
_CREDENTIAL = re.compile(r"(?i)authorization|bearer|api[-_]?key|access[-_]?key|token|password|passwd|secret|"
                         r"credential|cookie|private[-_]?key")
#: the hosts the code names; a private one (loopback, a LAN range, a name with no dot) is a service
#: an outside caller could not reach without the server: an open transport is then a way in
_URL_HOST = re.compile(r"""https?://([A-Za-z0-9.\-\[\]:]+)""")
_PRIVATE = re.compile(r"^(?:localhost|127\.|0\.0\.0\.0|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|\[?::1\]?|"
                      r"[^.]+$|.*\.(?:local|internal|lan|svc|cluster\.local)$)", re.I)
_TS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")


def barren_words(project) -> Optional[str]:
    """Why the project's tools reach nothing worth protecting, or None."""
    kinds = getattr(project, "tool_effect_kinds", None)
    tools = [t for t in project.tools if t.kind in ("tool", "call_tool")]
    if not kinds or not tools or not (set(kinds) <= _HARMLESS):
        # (no effect seen at all is no evidence: calls the analysis did not follow may do more)
        return None
    if not all(t.location.path.endswith(_TS) for t in tools):
        return None
    hosts = set()
    given = caller_keys(project)  # a signing tool's privateKey: the caller's own (heldcreds.py)
    for path, src in project.files.items():
        if path.endswith(_TS) and (_SECRET_ENV.search(src.text) or (
                _CREDENTIAL.search(src.text) and names_held_credential(path, src.text, given))):
            return None  # (test code too: a test that sets a token shows the server takes one)
        if path.endswith(_TS) and not is_test_path(path):
            hosts |= {h.split(":")[0] if not h.startswith("[") else h for h in _URL_HOST.findall(src.text)}
    if not hosts or any(_PRIVATE.match(h) for h in hosts):
        return None  # no service named, or a private one: the tools may reach what the caller cannot
    own = " (a key a tool takes as a parameter is the caller's own)" if any(not g.startswith("=") for g in given) else ""
    return ("; its tools reach no file, command, code or database and "
            f"the server reads no secret from its environment{own} (they only send requests): an unauthenticated caller gains "
            "what the services the tools call give anyone")


__all__ = ["barren_words"]
