"""A later engine's whole run, done at once in a forked child while the first one runs.

The engines that run on the pipeline's own thread (cst, then ts) run one after the other. On a
small mixed tree both analyse their files in the scanning process (starting a worker pool costs
more than the work: :mod:`.smallwork`), so the second core only ever sees the bandit process: on
modelcontextprotocol/servers ``src/`` the cst engine took 0.57 s of CPU and the ts engine 0.46 s,
one after the other, on one core. Here the ts engine's whole run (read, parse, summarise, link:
what it would do in the scanning process once the cst engine is done) starts at the beginning of
the engine stage in a child made with ``fork()``: the child has every module the scanning process
imported (no second start-up, which is what made a worker pool too dear), runs the engine with the
same targets, configuration, cache and deadline, and sends the pickled output back through a pipe,
as a worker process does. When the engine's turn comes it takes that output instead of running;
when the child has none (it failed or was killed) the engine runs in the scanning process as
before. So the results are those of the in-process run, computed elsewhere. (The first version
forked only the per-file work; the link step and the TypeScript linker's imports stayed in the
scanning process, about a third of the engine's time there.)

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
from typing import Any, Callable, Optional

_NOTHING = object()


class Prefork:
    """The value of ``work()`` computed in a forked child. :meth:`start` forks; :meth:`result`
    waits for the child and gives its value (None when it failed); :meth:`close` stops and reaps
    a child whose value was not taken."""

    def __init__(self, pid: int, fd: int, files: int = 0):
        self.files = files  # files the child's work covers (for the statistics)
        self.taken = 0  # files whose results the engine took from the child
        self.share: Any = None  # the per-file work shared with the scanning process (.tsshare)
        self.meanwhile: Optional[Callable[[], None]] = None  # this process's work while it waits
        self._pid: Optional[int] = pid
        self._fd: Optional[int] = fd
        self._value: Any = _NOTHING

    @classmethod
    def start(cls, work: Callable[[], Any], files: int = 0) -> Optional["Prefork"]:
        """Fork a child that computes ``work()``, or None when forking is not possible or not
        safe here."""
        if not hasattr(os, "fork") or sys.platform == "win32" or threading.active_count() != 1:
            return None
        try:
            r, w = os.pipe()
        except OSError:
            return None
        from .._gc import end_start

        end_start()  # the start-up's objects frozen before the fork, the collector on in both
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return None
        if pid == 0:  # pragma: no cover - the child (its work is checked through its results)
            _child(r, w, work)
        os.close(w)
        return cls(pid, r, files)

    def result(self) -> Any:
        """The child's value (waiting for it), or None when it failed or sent nothing readable.
        ``meanwhile`` (once) first."""
        if self.meanwhile is not None:
            work, self.meanwhile = self.meanwhile, None
            work()
        if self._value is not _NOTHING:
            return self._value
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
        self._value = None
        if status == 0 and chunks:
            try:
                self._value = pickle.loads(b"".join(chunks))
            except Exception:  # a torn or odd message: the engine runs itself
                self._value = None
        return self._value

    def details(self) -> dict:
        """For the scan statistics (``stats.engines.<engine>.prefork``)."""
        return {"files": self.files, "taken": self.taken}

    def close(self) -> None:
        """Stop the child if it is still running, reap it, and drop its value."""
        if self.share is not None:
            self.share.close()
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass
        self._reap()
        self._value = None

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


def _child(r: int, w: int, work: Callable[[], Any]) -> None:  # pragma: no cover - the forked child
    code = 1
    try:
        os.close(r)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # ^C stops the child with the scan
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(w, view):]
        code = 0
        os.close(w)  # the parent has the result: the patterns this child compiled are kept after it
        _keep_patterns()
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _keep_patterns() -> None:  # pragma: no cover - the forked child
    try:
        from .. import regexcache

        regexcache.save_child()
    except Exception:  # only speed is lost
        pass


__all__ = ["Prefork"]
