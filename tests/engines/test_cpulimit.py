"""Per-file limits count CPU time, not wall time (engines/cpulimit.py): a scan's findings must
not depend on the machine's load. These tests do not depend on wall time either: a sleeping
body uses no CPU and is never stopped; a spinning one is, at its CPU limit."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from mcpaudit.engines import cpulimit
from mcpaudit.engines.cpulimit import CpuLimit, Watch, cpu_limit, limit_reason, mark_done, mark_start, within_cpu
from mcpaudit.engines.cst import FileResult, guarded


def _spin():
    x = 0
    while True:
        x += 1


def test_waiting_is_not_counted_only_cpu_is():
    # half a second of wall time, a few milliseconds of CPU: well within a 0.2 s CPU limit
    assert within_cpu(lambda: time.sleep(0.5) or "done", 0.2) == "done"


def test_a_spinning_body_is_stopped_at_its_cpu_limit():
    t0 = time.thread_time()
    assert within_cpu(_spin, 0.3) is None
    assert 0.25 <= time.thread_time() - t0 < 3  # (the timer stops within a few ms of the limit)
    with pytest.raises(CpuLimit):
        with cpu_limit(0.2):
            _spin()


def test_cpu_limit_is_no_exception_an_analysis_can_swallow():
    def swallowing():
        try:
            _spin()
        except Exception:  # an analysis's own guard must not eat the limit
            return "swallowed"
    assert within_cpu(swallowing, 0.2) is None


def test_guarded_names_the_limit_that_fired():
    res = guarded(_spin, "big.py", None, 1, 0.2, "cst")
    assert isinstance(res, FileResult) and res.skipped == "analysis took longer than the 0.2s per-file limit (CPU time)"
    assert limit_reason(20, "its worker was stopped after 35s of CPU") == (
        "analysis took longer than the 20s per-file limit (CPU time, its worker was stopped after 35s of CPU)")


def test_no_limit_off_the_main_thread_or_when_none_is_set():
    import threading
    out = []
    t = threading.Thread(target=lambda: out.append(within_cpu(lambda: "ran", 0.01)))
    t.start()
    t.join()
    assert out == ["ran"]
    assert within_cpu(lambda: "ran", 0) == "ran"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/<pid>/stat")
def test_the_parent_stops_a_worker_by_its_cpu_time_and_a_stalled_one(monkeypatch):
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        state = [0.0] * (2 * cpulimit.SLOT_WIDTH)
        for slot, proc in enumerate((spinner, sleeper)):
            mark_start(state, slot, 10 + slot)
            state[cpulimit.SLOT_WIDTH * slot + 2] = cpulimit.process_cpu(proc.pid) or 0.0
            state[cpulimit.SLOT_WIDTH * slot + 3] = proc.pid
        watch = Watch(state, 0.3)
        assert watch.busy(0) == 10 and watch.busy(1) == 11
        why = None
        while why is None:  # however long the machine takes to give it 0.3 s of CPU
            time.sleep(0.05)
            why = watch.overrun(0, time.monotonic())
        assert why.startswith("its worker was stopped after ") and why.endswith("s of CPU")
        # the sleeper uses no CPU: never over its limit; stopped only once it has made no
        # progress for STALL_SECONDS of wall time
        assert watch.overrun(1, time.monotonic()) is None
        monkeypatch.setattr(cpulimit, "STALL_SECONDS", 0.0)
        assert watch.overrun(1, time.monotonic() + 1).startswith("its worker made no progress for ")
        mark_done(state, 1)
        assert watch.busy(1) is None and watch.overrun(1, time.monotonic()) is None
    finally:
        for p in (spinner, sleeper):
            p.kill()
            p.wait()
