"""A later engine's per-file analysis, done at once in a forked child while the first one runs.

The engines that run on the pipeline's own thread (cst, then ts) run one after the other. On a
small mixed tree both analyse their files in the scanning process (starting a worker pool costs
more than the work: :mod:`.smallwork`), so the second core only ever sees the bandit process: on
modelcontextprotocol/servers ``src/`` the cst engine took 0.57 s of CPU and the ts engine 0.46 s,
one after the other, on one core. Here the ts engine's per-file work (read, parse, summarise: the
part its worker processes would do) starts at the beginning of the engine stage in a child made
with ``fork()``: the child has every module the scanning process imported (no second start-up,
which is what made a worker pool too dear), analyses the files with the same function, the same
limits and the same recursion limit as the in-process path, and sends the pickled results back
through a pipe, as a worker process does. The engine then takes each file's result from there
instead of analysing it again; a file the child has no result for (it failed, was killed, or the
engine asks for a file it did not do) is analysed in the scanning process as before. So the
results are those of the in-process path, computed elsewhere.

The fork happens only while the scanning process has a single thread (forking a threaded process
can copy a lock held by another thread), only on platforms with ``fork``, and never with one job
(``-j 1`` asks for one core). The child never returns into the caller: it leaves with
``os._exit``, so no ``atexit`` handler, buffered output or ``finally`` of the parent runs twice.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from typing import Any, Callable, Dict, Optional, Sequence, Tuple

Analyze = Callable[[str, str, int, float], Any]


class Prefork:
    """The results of ``func(abspath, relpath, max_bytes, parse_timeout)`` for some files,
    computed in a forked child. :meth:`start` forks; :meth:`analyzer` wraps the engine's own
    per-file function so that it returns the child's result when there is one; :meth:`close`
    stops and reaps the child when its results were not (all) taken."""

    def __init__(self, pid: int, fd: int, limits: Tuple[int, float], files: int = 0):
        self.files = files  # files given to the child
        self.taken = 0  # results the engine took from it
        self._pid: Optional[int] = pid
        self._fd: Optional[int] = fd
        self._limits = limits
        self._results: Optional[Dict[str, Any]] = None

    @classmethod
    def start(cls, func: Analyze, files: Sequence[Tuple[str, str]], max_bytes: int,
              parse_timeout: float) -> Optional["Prefork"]:
        """Fork a child that analyses ``files`` ((absolute, root-relative) pairs), or None when
        forking is not possible or not safe here."""
        if not files or not hasattr(os, "fork") or sys.platform == "win32" or threading.active_count() != 1:
            return None
        try:
            r, w = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return None
        if pid == 0:  # pragma: no cover - the child (its work is checked through its results)
            _child(r, w, func, files, max_bytes, parse_timeout)
        os.close(w)
        return cls(pid, r, (max_bytes, parse_timeout), len(files))

    def results(self) -> Dict[str, Any]:
        """The child's results by relative path (waiting for it); empty when it failed."""
        if self._results is not None:
            return self._results
        chunks = []
        try:
            while True:
                chunk = os.read(self._fd, 1 << 20) if self._fd is not None else b""
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            chunks = []
        status = self._reap()
        self._results = {}
        if status == 0 and chunks:
            try:
                loaded = pickle.loads(b"".join(chunks))
                if isinstance(loaded, dict):
                    self._results = loaded
            except Exception:  # a torn or odd message: the engine analyses the files itself
                self._results = {}
        return self._results

    def analyzer(self, fallback: Analyze) -> Analyze:
        """``fallback`` that first looks for the child's result of the same file, computed with
        the same limits."""
        def analyze(abspath: str, relpath: str, max_bytes: int, parse_timeout: float):
            if (max_bytes, parse_timeout) == self._limits:
                hit = self.results().pop(relpath, None)
                if hit is not None:
                    self.taken += 1
                    return hit
            return fallback(abspath, relpath, max_bytes, parse_timeout)

        return analyze

    def details(self) -> Dict[str, int]:
        """For the scan statistics (``stats.engines.<engine>.prefork``)."""
        return {"files": self.files, "taken": self.taken}

    def close(self) -> None:
        """Stop the child if it is still running, reap it, and drop what is left."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass
        self._reap()
        self._results = {}

    def _reap(self) -> Optional[int]:
        status = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._pid is not None:
            try:
                _pid, raw = os.waitpid(self._pid, 0)
                status = os.waitstatus_to_exitcode(raw)
            except OSError:
                status = None
            self._pid = None
        return status


def _child(r: int, w: int, func: Analyze, files: Sequence[Tuple[str, str]], max_bytes: int,
           parse_timeout: float) -> None:  # pragma: no cover - runs in the forked child
    code = 1
    try:
        os.close(r)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # ^C stops the child with the scan
        # the recursion limit of the in-process path (mcpaudit.engines.cst._analyze_uncached)
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))
        out = {rel: func(a, rel, max_bytes, parse_timeout) for a, rel in files}
        data = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(w, view):]
        code = 0
    except BaseException:
        code = 1
    finally:
        os._exit(code)


__all__ = ["Prefork"]
