"""The ts engine's per-file analysis shared between its forked child and the scanning process.

On a small mixed tree the ts engine's whole run goes to a forked child (:mod:`.prefork`) while the
cst engine runs in the scanning process. The child was the critical path: on
modelcontextprotocol/servers ``src/`` it took ~0.57 s of CPU, the cst engine ~0.32 s, after which
the scanning process only waited. Now the files the child analyses are handed out through a queue
both processes take from: a pipe filled, before the fork, with the index of every file (4 bytes
each; the write end closed, so an empty queue reads as its end). A read of one record is atomic
among readers (the kernel holds the pipe's lock for the whole read), so each file is claimed by
exactly one process. The child takes files from the start of the engine stage; the scanning
process takes the rest once its own engine is done, sends what it analysed back through a second
pipe (pickled, in one message) and closes it. The child, its queue empty, adds those results (it
waits for them only when the scanning process claimed any), analyses itself any the scanning
process failed to send, and links everything in the files' order as before.

Each file is analysed by the same function on the same bytes and the same names from other
modules (:func:`~mcpaudit.engines.ts.shared_sinks`, computed once before the fork), through the
same cache, whichever process claims it: the results, and so the findings, are those of one
process doing all of it (``tests/engines/test_ts_speed26c.py`` compares both ways).
"""

from __future__ import annotations

import os
import pickle
import struct
from typing import Callable, Dict, List, Optional, Sequence, Tuple

_RECORD = struct.Struct("<I")
#: at most this many files are queued (their records must fit a pipe's buffer on every platform,
#: since the queue is written before anyone reads it); a bigger run is not shared
MAX_FILES = 1024
#: a tree without Python (the scanning process shares at once) of at most this many bytes of
#: TypeScript is analysed in the scanning process alone: the fork, the child's start and the
#: pickled results cost about as much as analysing ~15 KB (~2 microseconds a byte)
MIN_SHARED_BYTES = 32 * 1024


def claim_order(files: Sequence[Tuple[str, str]]) -> List[int]:
    """The order the files are claimed in: the largest first (by size on disk; a file that cannot
    be stat'ed counts as empty), ties in the run's order. Whichever process empties the queue
    first waits for the other's last file, before the child can link (the child) or while the
    child links (the scanning process): with the small files last, that wait is one small file's
    analysis, not a large one's (on modelcontextprotocol/servers ``src/`` the child used to wait
    0.05-0.2 s, at load, for the scanning process's last file). Each file's result is put back
    by its index, so the order changes nothing else."""
    sizes = []
    for i, (a, _r) in enumerate(files):
        try:
            size = os.stat(a).st_size
        except OSError:
            size = 0
        sizes.append((-size, i))
    return [i for _s, i in sorted(sizes)]


class Share:
    """The queue of a run's files (``files``: (absolute, root-relative) pairs, in the engine's
    order) and the pipe the scanning process's results go back through."""

    def __init__(self, files: Sequence[Tuple[str, str]], bindings: Optional[Dict[str, str]]):
        self.files = list(files)
        self.bindings = bindings  # the names every module gets from others (shared sinks, workspaces)
        self.helped = 0  # files the scanning process analysed
        self._queue: Optional[int] = None
        self._back_r: Optional[int] = None
        self._back_w: Optional[int] = None

    @classmethod
    def open(cls, files: Sequence[Tuple[str, str]], bindings: Optional[Dict[str, str]]) -> Optional["Share"]:
        """A share of ``files`` with its pipes, or None (too many files, no pipes)."""
        share = cls(files, bindings)
        if not share.files or len(share.files) > MAX_FILES:
            return None
        try:
            r, w = os.pipe()
            share._queue = r
            try:
                os.write(w, b"".join(_RECORD.pack(i) for i in claim_order(share.files)))
            finally:
                os.close(w)
            share._back_r, share._back_w = os.pipe()
        except OSError:
            share.close()
            return None
        return share

    def in_child(self) -> None:
        """In the child, first: its copy of the back pipe's write end closed (or the child would
        never see the end of what the scanning process sends)."""
        self._close("_back_w")

    def in_parent(self) -> None:
        """In the scanning process, once the child is forked."""
        self._close("_back_r")

    def claim(self) -> Optional[int]:
        """The index of the next unclaimed file, or None when every file is claimed."""
        if self._queue is None:
            return None
        try:
            data = os.read(self._queue, _RECORD.size)
        except OSError:
            return None
        return _RECORD.unpack(data)[0] if len(data) == _RECORD.size else None

    def work(self, analyze: Callable[[str, str], object]) -> Dict[int, object]:
        """Claim files and analyse them until the queue is empty: index -> result."""
        done: Dict[int, object] = {}
        while True:
            i = self.claim()
            if i is None:
                return done
            done[i] = analyze(*self.files[i])

    def help(self, analyze: Callable[[str, str], object]) -> None:
        """The scanning process's part: what is left in the queue, sent back to the child."""
        done: Dict[int, object] = {}
        try:
            done = self.work(analyze)
            self.helped = len(done)
            if done and self._back_w is not None:
                data = memoryview(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
                while data:
                    data = data[os.write(self._back_w, data):]
        except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
            pass  # the child analyses what it does not get
        finally:
            self.close()

    def results(self, analyze: Callable[[str, str], object]) -> List[object]:
        """The child's part: every file's result, in order (its own, the scanning process's, and
        any the scanning process claimed but did not send, analysed here)."""
        done = self.work(analyze)
        if len(done) < len(self.files):
            done.update((i, res) for i, res in self._received().items() if i not in done)
        for i, (a, r) in enumerate(self.files):
            if i not in done:
                done[i] = analyze(a, r)
        self.close()
        return [done[i] for i in range(len(self.files))]

    def _received(self) -> Dict[int, object]:
        chunks = []
        try:
            while self._back_r is not None:
                chunk = os.read(self._back_r, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            got = pickle.loads(b"".join(chunks)) if chunks else {}
        except Exception:  # a torn message: what is missing is analysed here
            return {}
        return got if isinstance(got, dict) else {}

    def close(self) -> None:
        for name in ("_queue", "_back_r", "_back_w"):
            self._close(name)

    def _close(self, name: str) -> None:
        fd = getattr(self, name)
        if fd is not None:
            setattr(self, name, None)
            try:
                os.close(fd)
            except OSError:
                pass


__all__ = ["Share", "MAX_FILES", "MIN_SHARED_BYTES", "claim_order"]
