"""A path contained where it exists, and only by its parent folder's realpath where it does not.

A server that checks ``realpath(p)`` against its root when ``p`` exists, and falls back to its
parent folder's realpath (or to nothing more) when ``realpath`` fails with ENOENT, contains every
read, listing, delete and rename of an existing entry: a missing path cannot be read, and a
symlink at it is removed or renamed itself. A write that creates the path does not stop there: it
opens the path with O_CREAT, following a symlink there even when the symlink's target is missing
(a dangling link inside the root that points outside), and a recursive ``mkdir`` creates every
missing folder above it; that was CVE-2025-53109's shape. The engine marks such a path clean for
the path family together with :data:`~.taintvalue.DANGLING`; a sink that creates its path
(models: ``creates``) takes the mark back and reports why.
"""

from __future__ import annotations

from .summary import SinkRec
from .taintvalue import ALL, DANGLING, Info

#: the weak reason a creating write reports
WHY = ("realpath checked only where the path exists: where it does not (ENOENT), at most its parent "
       "folder's realpath is, and a write follows a dangling symlink inside the allowed root to a target "
       "outside it (CVE-2025-53109)")


def exposed(info: Info, family: str, sink: SinkRec) -> Info:
    """``info`` as ``sink`` sees it: no longer clean when the sink creates a path that was
    contained only where it exists."""
    if family != "path" or not sink.creates or DANGLING not in info.clean or "path" not in info.clean \
            or ALL in info.clean:
        return info
    return info.replace(clean=info.clean - {"path", "~real"}, weak=WHY, checked=True)
