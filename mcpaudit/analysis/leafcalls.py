"""Leaf helpers followed past the linker's depth limit (ts30a).

The linker follows calls :data:`inter.MAX_DEPTH` deep; past that a call's result is what its
arguments carry (the fallback), unchanged. A deep flow (a tool handler, a dispatcher, a session
tracker, a client wrapper, a token service, a credential reader, a path builder) then loses what the
small helpers at its end do to the value: ``credentialPath(email)`` joins ``emailToSlug(email)``
(every path separator stripped) under a fixed folder, and the fallback keeps the separators. A
helper that reaches no sink cannot add a finding there, only say what it returns, so such helpers
(and the ones they call) are followed a few levels further (:func:`leaf_targets`). The TypeScript
linker's (``leaf_calls``); Python's stops at the limit as before (not measured on its ledger yet).
"""

from __future__ import annotations

#: how many levels past the depth limit a helper that reaches no sink is still followed
EXTRA = 3


def leaf_targets(linker, path: str, fn, rec, env, depth: int, limit: int) -> list:
    """The targets of call ``rec`` at ``depth``: past ``limit``, those that reach no sink."""
    if depth >= limit + (EXTRA if getattr(linker, "leaf_calls", False) else 0):
        return []
    targets = linker.resolve_in(path, fn, rec, env)
    return targets if depth < limit else [t for t in targets if not t[1].sinks]
