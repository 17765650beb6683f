"""The cst engine's first pass on both cores: part of its files digested in a forked child.

The first pass (:mod:`mcpaudit.firstpass`: an ``ast.parse`` and a digest of every Python file)
runs in the scanning process before any worker starts: on the generated 100k-line corpus ~3.3 s
of CPU, a third of it the parse and two thirds the digest, with the other core left to bandit.
Here, at the start of the engine stage (before the pipeline starts a thread: :mod:`.prefork`
forks only then), a child made with ``fork()`` takes the last files of the run, about half of
its bytes (:data:`SHARE`), and digests them exactly as the first pass would (the same
:func:`~mcpaudit.firstpass.digest` under the same per-file CPU limit), skipping the files whose
digest the cache holds; it sends back, pickled, each file's content hash, digest and whether the
limit held. The scanning process digests its own part meanwhile, then takes the child's
digests; the ``ast`` trees it keeps (for the posture index, the reach and the semgrep gate) it
makes itself: ``ast.parse(text, filename=path)``, the call the digest made, for each file whose
digest says it parsed, so each tree is what the one-process first pass kept. A file whose bytes
differ from what the child read, or that the child did not send (a cached digest, a failed
child), goes through the first pass here as before. So the digests, the trees and everything
after them are those of one process doing all of it; the parse of the child's part is done twice
(~0.3 s of CPU on the corpus), for ~1 s less on the scanning process's serial path.

Not below :data:`MIN_BYTES` of non-test Python (the fork and the pickled digests cost about what
~30 KB of first pass costs), not with one job, not with the first pass off.
"""

from __future__ import annotations

import ast
import os
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

from ..sources import is_test_path

#: The share of the run's non-test bytes the child digests. The scanning process parses the
#: child's files again for their trees (a third of the first pass's cost per byte), the child
#: pickles its digests: on the generated 100k corpus the child took 1.9 s of CPU, the scanning
#: process 2.0 s (0.55: 2.0 and 1.85 s, the scanning process then waits for the child).
SHARE = 0.5
#: At least this many bytes of non-test Python before a child is forked.
MIN_BYTES = 512 * 1024

Item = Tuple[str, str, Any, bool]  # (path, content hash, digest, the CPU limit held)


class FirstShare:
    """The child digesting the files ``theirs`` (root-relative paths); :meth:`take` gives its
    items (waiting for it). The pipeline's ``meanwhile`` (set on every early start of an engine
    on its thread) is not used: the scanning process's own part is its work meanwhile."""

    def __init__(self, child, theirs: FrozenSet[str]):
        self.child = child
        self.theirs = theirs
        self.meanwhile = None
        self.took = 0  # files whose digests were taken from the child

    def take(self) -> List[Item]:
        got = self.child.result()
        return got if isinstance(got, list) else []

    def close(self) -> None:
        self.child.close()


def start(files: Sequence[Tuple[str, str]], *, jobs: int, max_bytes: int, parse_timeout: float,
          cache) -> Optional[FirstShare]:
    """A child digesting the last :data:`SHARE` of ``files``' non-test bytes, or None (too few
    bytes, one job, no fork here)."""
    from .prefork import Prefork

    if (jobs or os.cpu_count() or 1) <= 1:
        return None
    sizes = []
    for a, r in files:
        try:
            sizes.append(0 if is_test_path(r) else min(os.stat(a).st_size, max_bytes))
        except OSError:
            sizes.append(0)
    total = sum(sizes)
    if total < MIN_BYTES:
        return None
    theirs: List[Tuple[str, str]] = []
    taken = 0
    for (a, r), n in zip(reversed(files), reversed(sizes)):
        if taken >= total * SHARE:
            break
        if n:
            theirs.append((a, r))
            taken += n
    theirs.reverse()
    child = Prefork.start(lambda: digests_of(theirs, max_bytes, parse_timeout, cache), files=len(theirs))
    return FirstShare(child, frozenset(r for _a, r in theirs)) if child is not None else None


def digests_of(files: Sequence[Tuple[str, str]], max_bytes: int, parse_timeout: float, cache) -> List[Item]:
    """What the first pass makes of each of ``files`` whose digest the cache lacks (the child's
    work): read, decoded, digested under the per-file CPU limit (without a parse when it runs
    out, as the first pass does). A file that cannot be read or decoded is left out."""
    from .. import firstpass as FP
    from .._gc import paused
    from ..cache import content_hash
    from .cpulimit import file_limit, within_cpu
    from .cst_firstpass import _read_sources

    out: List[Item] = []
    sources, _unreadable = _read_sources(files, max_bytes, content_hash)
    with paused():
        for r, (data, text, h) in sources.items():
            d = cache.get("fp:" + h, count=False) if cache is not None else None
            if d is not None and d.path == r:
                continue  # the scanning process takes it from the cache
            done = within_cpu(lambda: FP.digest(r, text, data), file_limit(parse_timeout, data.count(b"\n") + 1))
            if done is None:
                out.append((r, h, FP.digest(r, text, data, parse=False)[0], False))
            else:
                out.append((r, h, done[0], True))
    return out


def take(share: FirstShare, sources: Dict[str, Tuple[bytes, str, str]], cache,
         trees: Dict[str, object], saw=None) -> Dict[str, Any]:
    """The child's digests of the files it read as the scanning process did (same content hash),
    by path, each stored in the cache when the CPU limit held (as the first pass stores it), and
    the tree of each that parsed and is not test code into ``trees``; ``saw(path, bytes)`` for
    each (the pool's early start counts them)."""
    got: Dict[str, Any] = {}
    for r, h, d, held in share.take():
        mine = sources.get(r)
        if mine is None or mine[2] != h or r not in share.theirs:
            continue  # changed since the child read it: digested here
        data, text, _h = mine
        if saw is not None:
            saw(r, data)
        if held and cache is not None:
            cache.put("fp:" + h, d)
        if d.parsed and not is_test_path(r):
            try:
                trees[r] = ast.parse(text, filename=r)
            except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
                continue  # (parsed in the child) digested here, with the first pass's own outcome
        got[r] = d
    share.took = len(got)
    return got


__all__ = ["FirstShare", "MIN_BYTES", "SHARE", "digests_of", "start", "take"]
