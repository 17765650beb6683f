"""A key the code has just generated, printed to standard output by code no tool reaches.

``export function outputApiKey() { const apiKey = generateApiKey(); console.log(apiKey);
console.log(`MCP_API_KEY=${apiKey}`) }``, called only from the CLI's ``--generate-key`` branch:
the value is made in the same function by a call that makes a new credential (the catalog's
``fresh-secrets.calls``: a project's ``generateApiKey()``, crypto's ``randomBytes``), and printed
to stdout (``fresh-secrets.stdout``: ``console.log``; a server's logs go to stderr) for the
operator to copy. That is the command's answer on its operator's terminal, not a held secret
written to a log that others read. The secret label of such a variable carries :data:`FRESH`;
the linker drops it at a stdout print outside every tool's reach (:func:`printed_fresh`). A
generated key printed by a tool, logged to stderr or to a logger, or a key read from the
environment and printed, stay findings.
"""

from __future__ import annotations

from typing import FrozenSet

from ..taintvalue import Taint
from . import nodes as N

#: in ``clean`` (cleans nothing): the secret label of a variable holding a freshly generated key
FRESH = "fresh-secret"


def note_declared(fa, name: str, value) -> None:
    """``const apiKey = generateApiKey()``: remember ``name`` as holding a fresh key (forget it
    when declared from anything else)."""
    held = fa.__dict__.setdefault("fresh_vars", set())
    v = N.unwrap(value) if value is not None else None
    calls = fa.M.fresh_secret_calls
    callee = v.child_by_field_name("function") if v is not None and v.type == "call_expression" else None
    last = N.last_name(fa.data, callee) if callee is not None else None
    if calls is not None and last and calls.search(last):
        held.add(name)
    else:
        held.discard(name)


def fresh_mark(fa, name: str) -> FrozenSet[str]:
    """The mark of the secret label of ``name``: :data:`FRESH` when it holds a fresh key."""
    return frozenset({FRESH}) if name in fa.__dict__.get("fresh_vars", ()) else frozenset()


def printed_fresh(linker, path: str, fn, sink, t: Taint) -> Taint:
    """``t`` without the fresh keys' secret labels when ``sink`` prints to stdout in a function
    no tool handler reached (the linker's handler pass, ts/unreached.py)."""
    if not any(k[0] == "s" and FRESH in i.clean for k, i in t.items()):
        return t
    from ...catalog import catalog

    printed = sink.sink.replace("()", "") in catalog().typescript.stdout_prints
    reached = linker.__dict__.get("_handler_pass") or (path, fn.qualname) in linker.__dict__.get("handler_reached", ())
    if not printed or reached:
        return t
    return {k: i for k, i in t.items() if not (k[0] == "s" and FRESH in i.clean)}
