"""Run one command and measure its whole process tree; print the measurement as JSON.

    python benchmarks/_measure.py SPEC.json

SPEC: {"argv": [...], "cwd": str|null, "env_extra": {...}, "stdout": path, "stderr": path,
       "timeout": seconds}      (the command inherits this process's environment plus env_extra)

Why a separate wrapper process: ``os.wait4`` on the command (or ``RUSAGE_CHILDREN`` in the
benchmark itself) only counts descendants that were *waited for*. A process that is orphaned
is re-parented to init and its CPU time is lost. That is exactly what happens to Python's
multiprocessing forkserver (the cst engine's worker pool): the scanner exits without waiting for
it, so a plain ``wait4`` reports a fraction of the CPU actually spent. This wrapper makes itself a
*child subreaper* (Linux ``prctl(PR_SET_CHILD_SUBREAPER)``), so orphans are re-parented to it,
and reaps every descendant before reading ``getrusage(RUSAGE_CHILDREN)``: user+sys then covers
the whole tree, and the wrapper's own interpreter is not counted.

``ru_maxrss`` of ``RUSAGE_CHILDREN`` is the peak resident set size of the *largest single
process* in the tree, not the sum over processes that ran at the same time.

Wall time is from just before the command starts until the command itself exits (stragglers
reaped afterwards are timed separately in ``reap_s``).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from typing import Dict, List

PR_SET_CHILD_SUBREAPER = 36
REAP_GRACE_S = 30.0


def _become_subreaper() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except Exception:
        return False


def _children(pid: int) -> List[int]:
    out = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return out
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out.append(int(name))
    return out


def measure(spec: Dict) -> Dict:
    subreaper = _become_subreaper()
    timed_out = False
    env = {**os.environ, **(spec.get("env_extra") or {})}
    with open(spec["stdout"], "wb") as out, open(spec["stderr"], "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(spec["argv"], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                cwd=spec.get("cwd"), env=env, start_new_session=True)
        try:
            code = proc.wait(timeout=spec.get("timeout") or None)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            code = proc.wait()
        t1 = time.perf_counter()
        # Reap re-parented orphans (the forkserver and anything it left behind).
        deadline = time.monotonic() + REAP_GRACE_S
        killed = 0
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid:
                continue
            if time.monotonic() > deadline:
                for child in _children(os.getpid()):
                    try:
                        os.kill(child, signal.SIGKILL)
                        killed += 1
                    except OSError:
                        pass
                deadline = time.monotonic() + 5
            time.sleep(0.005)
        t2 = time.perf_counter()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss_kib = ru.ru_maxrss if sys.platform != "darwin" else ru.ru_maxrss // 1024
    return {
        "wall_s": t1 - t0,
        "reap_s": t2 - t1,
        "user_s": ru.ru_utime,
        "sys_s": ru.ru_stime,
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "max_rss_mib": rss_kib / 1024,
        "exit_code": code,
        "timed_out": timed_out,
        "stragglers_killed": killed,
        "whole_tree": subreaper,
    }


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as fh:
        spec = json.load(fh)
    print(json.dumps(measure(spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
