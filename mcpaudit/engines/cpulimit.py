"""Per-file limits counted in CPU time, so a scan's findings do not depend on the machine's load.

A file's analysis is stopped when *it* has used ``parse_timeout`` seconds of CPU, not when that
many seconds have passed: on a machine loaded twenty times over (CI runners, a laptop building
something), a file that takes 5 s of CPU takes a minute of wall time, and a wall-clock limit
would drop its findings on one run and keep them on the next. The whole-scan deadline
(``--scan-timeout``) stays wall-clock: it is the user's explicit bound on how long they wait.

Two layers, both on CPU time:

* :func:`cpu_limit`, in the process that analyses (a worker, or the main thread for the first
  pass): ``ITIMER_PROF`` counts the process's CPU time and raises :class:`CpuLimit` at the limit.
  The timer counts every thread of the process; when it fires early because another thread used
  CPU, the handler re-arms it for what *this* thread (``time.thread_time()``) has left.
* :class:`Watch`, in the parent: a native parse that never returns to the interpreter never sees
  the signal, so the parent reads each worker's CPU time (``/proc/<pid>/stat``) and stops one that
  is ``hard`` seconds of CPU into a file; a worker whose CPU time does not move for
  :data:`STALL_SECONDS` of wall time (blocked, stopped) is stopped too. Where a worker's CPU time
  cannot be read (no ``/proc``), the parent falls back to wall time since the file started.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Dict, Iterator, Optional, Tuple

#: A worker whose CPU time has not moved for this long (wall seconds) is making no progress.
STALL_SECONDS = 120.0

#: State slots per worker in the shared array: file index, wall start, CPU start, pid.
SLOT_WIDTH = 4

#: The per-file limit (``parse_timeout``) is the allowance of a file of up to this many lines; a
#: longer file gets the same allowance per line. The limit is there to stop a pathological input,
#: not a long one: a 29.7k-line module, analysed at the engine's ordinary rate, took 25 s of CPU and
#: lost every finding to a flat 20 s. Lines, not bytes: a minified or generated one-line file of
#: megabytes keeps the flat limit.
LIMIT_LINES = 10_000


def file_limit(seconds: Optional[float], lines: int) -> Optional[float]:
    """The CPU limit of a file of ``lines`` lines under a per-file limit of ``seconds``:
    ``seconds``, scaled up past :data:`LIMIT_LINES`."""
    if not seconds or seconds <= 0:
        return seconds
    return max(seconds, seconds * lines / LIMIT_LINES)


def lines_of(path: str) -> int:
    """The number of lines of the file at ``path`` (0 when it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            return fh.read().count(b"\n") + 1
    except OSError:
        return 0


class CpuLimit(BaseException):
    """The analysis of one file used up its CPU time. A ``BaseException``, so that no
    ``except Exception`` in the analysis swallows it (a function left out on one run and not the
    next would make the result depend on the load again)."""


def limit_reason(seconds: float, how: str = "") -> str:
    """The skip reason of a file stopped at its per-file limit (``how``: by whom, after what)."""
    return f"analysis took longer than the {seconds:.3g}s per-file limit (CPU time{', ' + how if how else ''})"


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def cpu_limit(seconds: Optional[float]) -> Iterator[bool]:
    """Within the body, raise :class:`CpuLimit` once this thread has used ``seconds`` of CPU.
    Yields whether the limit is enforced (only on the main thread, where the signal is handled;
    not where ``setitimer`` or ``SIGPROF`` is missing)."""
    if not (seconds and seconds > 0 and hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF")
            and _in_main_thread()):
        yield False
        return
    start = time.thread_time()

    def fired(signum, frame):  # pragma: no cover - fires only on slow inputs
        left = seconds - (time.thread_time() - start)
        if left <= 0.005:
            raise CpuLimit()
        # other threads of the process used that CPU: this one still has ``left``
        signal.setitimer(signal.ITIMER_PROF, left)

    old = signal.signal(signal.SIGPROF, fired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def within_cpu(work, seconds: Optional[float]):
    """``work()``, or None when it uses more than ``seconds`` of CPU."""
    try:
        with cpu_limit(seconds):
            return work()
    except CpuLimit:
        return None


def own_cpu() -> float:
    """This process's CPU time so far (user + system), as ``/proc/<pid>/stat`` counts it."""
    t = os.times()
    return t.user + t.system


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") and "SC_CLK_TCK" in os.sysconf_names else 100


def process_cpu(pid: int) -> Optional[float]:
    """Another process's CPU time so far, or None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
        fields = stat[stat.rindex(b")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, ValueError, IndexError):
        return None


def mark_start(state, slot: int, index: int) -> None:
    """Record in a worker's slot that it starts on file ``index``."""
    base = SLOT_WIDTH * slot
    state[base] = index
    state[base + 2] = own_cpu()
    state[base + 3] = os.getpid()
    state[base + 1] = time.monotonic()  # last: a slot with a start time is complete


def mark_done(state, slot: int) -> None:
    state[SLOT_WIDTH * slot + 1] = 0.0


class Watch:
    """The parent's view of its workers' slots: which file each is on, and whether one has
    overrun its CPU limit (``hard`` CPU seconds into the file) or stalled."""

    def __init__(self, state, hard: Optional[float], hard_of=None):
        self.state = state
        self.hard = hard
        self.hard_of = hard_of  # file index -> its own ``hard`` (a large file's larger limit)
        self.seen: Dict[Tuple[int, float], Tuple[float, float]] = {}  # (slot, start) -> (cpu, since)

    def slots(self) -> int:
        return len(self.state) // SLOT_WIDTH

    def busy(self, slot: int) -> Optional[int]:
        """The file index the worker in ``slot`` is on, or None."""
        base = SLOT_WIDTH * slot
        return int(self.state[base]) if self.state[base + 1] else None

    def overrun(self, slot: int, now: float) -> Optional[str]:
        """Why the worker in ``slot`` must be stopped (its file's skip reason suffix), or None."""
        base = SLOT_WIDTH * slot
        t0 = self.state[base + 1]
        if not t0 or self.hard is None:
            return None
        hard = self.hard_of(int(self.state[base])) if self.hard_of is not None else self.hard
        cpu0, pid = self.state[base + 2], int(self.state[base + 3])
        cpu = process_cpu(pid) if pid > 0 else None
        if self.state[base + 1] != t0:
            return None  # it moved on meanwhile
        if cpu is None:  # no way to read its CPU time here: wall time since the file started
            return f"its worker was stopped after {now - t0:.0f}s" if now - t0 > hard else None
        used = cpu - cpu0
        if used > hard:
            return f"its worker was stopped after {used:.0f}s of CPU"
        last, since = self.seen.get((slot, t0), (None, now))
        if last is None or cpu - last > 0.01:
            self.seen[(slot, t0)] = (cpu, now)
        elif now - since > STALL_SECONDS:
            return f"its worker made no progress for {now - since:.0f}s and was stopped"
        return None


__all__ = ["LIMIT_LINES", "STALL_SECONDS", "SLOT_WIDTH", "CpuLimit", "Watch", "cpu_limit", "file_limit",
           "limit_reason", "lines_of", "mark_done",
           "mark_start", "own_cpu", "process_cpu", "within_cpu"]
