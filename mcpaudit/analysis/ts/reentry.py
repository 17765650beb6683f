"""A nested function analysed from inside its own analysis is not analysed again.

A handler's registration can be reached again while the handler itself is being analysed: a
registration call (``registrars.registrar_site``) inside a project call that the handler's body
inlines (``calls.inline``) registers the same handler, whose analysis inlines that call again, and
so on without end; the file was then skipped at the recursion limit ("nested too deeply"), with
every finding of it lost. :func:`entered` lets :meth:`TsModule.analyze_nested` analyse each
function node once on the current path.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


@contextmanager
def entered(mod, node) -> Iterator[bool]:
    """True when ``node`` (a function of module ``mod``) is not being analysed already on this
    path; it counts as being analysed until the block ends."""
    active = mod.__dict__.setdefault("_nested_active", set())
    key = (node.start_byte, node.end_byte)
    if key in active:
        yield False
        return
    active.add(key)
    try:
        yield True
    finally:
        active.discard(key)
