"""Writes no caller value reaches: the server's own bookkeeping, not a broken read-only claim.

A tool annotated ``readOnlyHint=True`` that rewrites the server's cache (``save_state()``
called with what the server itself computed, writing ``~/.app/state.json``) changes nothing its
caller chooses: neither the file nor what is written comes from the call. A read-only claim is
about the effects the caller can bring about, so such a write does not break it. A write is
the server's own when, on every way the tool reaches it, the function that holds it gets no
caller value: the handler takes no caller parameter, or each call on the way passes none
(constants, the server's own state, what other calls made of those). Where a caller value may
enter the function (a parameter, the return of a call given one), the write may carry it: kept.
Values another tool stored for later are not followed here (the second-order store is that
tool's effect). Python only: the TypeScript summaries name a handler's arguments otherwise.
"""

from __future__ import annotations

from typing import Set, Tuple

_MAX_DEPTH = 8


def _carries(fn, taint, seen: Set[int]) -> bool:
    """Whether ``taint`` (of a value in ``fn``) may hold a caller value."""
    for key in taint:
        kind = key[0] if isinstance(key, tuple) and key else None
        if kind in ("src", "p"):
            return True
        if kind == "c" and key[1] not in seen and key[1] in fn.calls:
            seen.add(key[1])
            if _call_carries(fn, fn.calls[key[1]], seen):
                return True
    return False


def _call_carries(fn, rec, seen: Set[int]) -> bool:
    values = [*rec.args, *rec.kwargs.values(), rec.star, rec.dstar]
    return any(v and _carries(fn, v, seen) for v in values)


def own_write_sinks(linker, path: str, handler) -> Set[Tuple[str, int]]:
    """(path, line) of the sinks ``handler`` reaches only through functions no caller value
    enters (see the module's text)."""
    free_at: Set[Tuple[str, int]] = set()
    bound_at: Set[Tuple[str, int]] = set()
    done: Set[Tuple[str, str, bool]] = set()

    def walk(p: str, fn, free: bool, depth: int) -> None:
        if (p, fn.qualname, free) in done:
            return
        done.add((p, fn.qualname, free))
        (free_at if free else bound_at).update((p, s.pos[0]) for s in fn.sinks)
        if depth >= _MAX_DEPTH:
            return
        for rec in fn.calls.values():
            callee_free = free or not _call_carries(fn, rec, set())
            for target in linker.resolve_all(p, fn, rec.target):
                walk(target[0], target[1], callee_free, depth + 1)

    free = not any(not prm.context and not prm.safe for prm in handler.params)
    walk(path, handler, free, 0)
    return free_at - bound_at


__all__ = ["own_write_sinks"]
