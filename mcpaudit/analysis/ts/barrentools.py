"""An open HTTP transport in front of tools that reach nothing worth protecting (issue 14, ts30b).

A chart server whose every tool builds a spec and posts it to a public rendering service, with no
credential of its own: no tool reads or writes a file, runs a command or code, or queries a
database, and no module reads a secret from the environment (a token, a key, a password, a
connection string), and no code names a credential at all (an Authorization header, an API key, a
token, a password: a key read from the arguments or a file). An unauthenticated caller of such a server gains nothing it could not get
from the public service directly, so ``http-transport-no-auth`` reports it at low confidence,
saying why. The rule keeps its confidence wherever a tool reaches a file, a shell, code or a
query, or the server holds a secret its requests could carry.

What the tools can do is the linker's effects (claims.py: every sink reached, tainted or not);
only TypeScript/JavaScript projects are judged here, and only when they register tools.
"""

from __future__ import annotations

import re
from typing import Optional

#: the effects a tool may have and still hold nothing: requests (their credentials are judged
#: from the environment below)
_HARMLESS = frozenset({"request"})
_SECRET_ENV = re.compile(
    r"""process\.env(?:\.|\[\s*["'`])([A-Z0-9_]*(?:TOKEN|KEY|SECRET|PASSWORD|PASSWD|PASS|CREDENTIAL|AUTH|COOKIE|SESSION|"""
    r"""DSN|DATABASE|_URI|CONN)[A-Z0-9_]*)""")
#: any word of a credential in the code (a header set, a key read from arguments or a file): the
#: server may hold one its requests carry
_CREDENTIAL = re.compile(r"(?i)authorization|bearer|api[-_]?key|access[-_]?key|token|password|passwd|secret|"
                         r"credential|cookie|private[-_]?key")
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
    for path, src in project.files.items():
        if path.endswith(_TS) and (_CREDENTIAL.search(src.text) or _SECRET_ENV.search(src.text)):
            return None  # (test code too: a test that sets a token shows the server takes one)
    return ("; its tools reach no file, command, code or database and "
            "the server reads no secret from its environment (they only send requests): an unauthenticated caller gains "
            "what the services the tools call give anyone")


__all__ = ["barren_words"]
