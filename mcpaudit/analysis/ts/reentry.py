"""A nested function analysed from inside its own analysis is not analysed again.

A handler's registration can be reached again while the handler itself is being analysed: a
registration call (``registrars.registrar_site``) inside a project call that the handler's body
inlines (``calls.inline``) registers the same handler, whose analysis inlines that call again, and
so on without end; the file was then skipped at the recursion limit ("nested too deeply"), with
every finding of it lost. :func:`entered` lets :meth:`TsModule.analyze_nested` analyse each
function node once on the current path; a registration reached again inside the analysis of its
own handler names the analysis already running and is not kept a second time.

The usual trigger is a helper evaluated in place (``calls.inline``) that registers the handler
calling it; the handler's analysis does not evaluate in place again the helpers its enclosing
functions were evaluating (``TsFunction.outer_inlining``), so the cycle ends after one turn.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional, Tuple


@contextmanager
def entered(mod, node, qual: str = "") -> Iterator[Optional[str]]:
    """None when ``node`` (a function of module ``mod``) is not being analysed already on this
    path: it counts as being analysed, under the name ``qual``, until the block ends. Otherwise the
    name of the analysis already running, which a registration reached again points at."""
    active = mod.__dict__.setdefault("_nested_active", {})
    key = (node.start_byte, node.end_byte)
    if key in active:
        yield active[key]
        return
    active[key] = qual
    try:
        yield None
    finally:
        active.pop(key, None)


def analyze_once(mod, node, qual: str, outer, context_index: Optional[int]) -> Tuple[str, bool]:
    """:meth:`TsModule.analyze_nested`: (the name a registration of ``node`` keeps, whether it was
    analysed now). A function already being analysed on this path is not analysed inside its own
    analysis: the name is that analysis's. (A node analysed again, as a loop's body is read twice,
    is kept under ``qual#<start>``; its registrations keep ``qual``, the first one's, so that the
    linker counts the registration once.)"""
    own = f"{qual}#{node.start_byte}" if qual in mod.functions else qual
    with entered(mod, node, qual) as running:
        if running is not None:
            return running, False
        mod._analyze(node, own, outer.cls, outer, context_index)
    return qual, True
