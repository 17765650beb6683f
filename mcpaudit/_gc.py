"""Pausing Python's cyclic garbage collector around allocation-heavy phases.

A libcst parse builds a tree of about 18 nodes per source line, an ``ast`` parse about 8, and
the trees live until the file is summarised. The cyclic collector runs every 700 allocations and
walks the survivors again and again although they hold no reference cycles (they are freed by
reference counting as soon as the phase drops them). Pausing it saved about 30 % of the posture
pass and a few per cent of each file's analysis (measured on the generated 100k-line benchmark
corpus). Cyclic garbage made while paused is collected after the pause ends.

``paused()`` nests and is safe to use from several threads: the collector is turned back on when
the outermost pause ends, and only if it was on when that pause began.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


_frozen = False


def freeze_alive() -> None:
    """``gc.freeze()``: every object alive now is left out of every later collection until
    :func:`thaw`. After the first pass, the ``ast`` trees the posture facts reuse (about a million
    objects on a 100k-line tree, none in a cycle: freed by reference counting all the same) were
    walked by one collection of each generation while the deep analysis ran, 1-1.5 s each,
    finding nothing. Whoever freezes must make sure :func:`thaw` follows (the scan pipeline
    does, once the posture pass has dropped the trees)."""
    global _frozen
    with _lock:
        gc.freeze()
        _frozen = True


def thaw() -> None:
    """Undo :func:`freeze_alive` (nothing when nothing is frozen)."""
    global _frozen
    with _lock:
        if _frozen:
            gc.unfreeze()
            _frozen = False


def refreeze() -> None:
    """``gc.freeze()`` again while :func:`freeze_alive` holds (what was made since joins what it
    froze until :func:`thaw`); nothing otherwise."""
    with _lock:
        if _frozen:
            gc.freeze()


_starting = False


def pause_start() -> None:
    """The collector off for a command line's start-up: the imports, the catalog and the tables
    loaded before the engines run make only objects that live as long as the process (modules,
    classes, functions, rows), and the collections that ran among them found nothing to free
    (~135 young and ~12 middle collections and one full one before the scan of
    modelcontextprotocol/servers ``src/`` starts, ~0.04 s of CPU, before the ts child is forked).
    :func:`end_start` must follow (the pipeline calls it before it forks or starts an engine);
    nothing when the collector is off already or a pause holds it."""
    global _starting
    with _lock:
        if _starting or _depth or not gc.isenabled():
            return
        gc.disable()
        _starting = True


def end_start() -> None:
    """Undo :func:`pause_start`: what is alive now is frozen (``gc.freeze()``: no collection walks
    the start-up's objects again, in this process or a child forked from it) and the collector is
    back on (at the end of the pause in progress, if one is). Nothing when no start-up is paused.
    This is the ``gc`` documentation's idiom for a process that forks: off early, frozen just
    before ``fork()``."""
    global _starting, _was_enabled
    with _lock:
        if not _starting:
            return
        _starting = False
        gc.freeze()
        if _depth:
            _was_enabled = True  # the outermost pause turns it back on when it ends
        else:
            gc.enable()


__all__ = ["end_start", "freeze_alive", "pause_start", "paused", "refreeze", "thaw"]
