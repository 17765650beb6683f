"""Per-file limits count CPU time, not wall time (engines/cpulimit.py): a scan's findings must
not depend on the machine's load. These tests do not depend on wall time either: a sleeping
body uses no CPU and is never stopped; a spinning one is, at its CPU limit."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from mcpaudit.engines import cpulimit
from mcpaudit.engines.cpulimit import (LIMIT_LINES, CpuLimit, Watch, cpu_limit, file_limit, limit_reason, lines_of,
                                      mark_done, mark_start, within_cpu)
from mcpaudit.engines.cst import FileResult, guarded


def _spin():
    x = 0
    while True:
        x += 1


def _spin_for(seconds):
    t0 = time.thread_time()
    while time.thread_time() - t0 < seconds:
        pass


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


def test_a_long_file_gets_the_same_allowance_per_line(tmp_path):
    # up to LIMIT_LINES the configured limit; past it, proportionally more (a 29.7k-line module
    # analysed at the ordinary rate must not lose every finding to a flat limit); a one-line
    # minified file of megabytes keeps the flat limit
    assert file_limit(20, 1) == 20 and file_limit(20, LIMIT_LINES) == 20
    assert file_limit(20, 29_738) == 20 * 29_738 / LIMIT_LINES  # about 59 s
    assert file_limit(0, 10 ** 6) == 0 and file_limit(None, 10 ** 6) is None  # no limit stays none
    # guarded() applies it by the file's lines, and says the limit that fired
    res = guarded(_spin, "big.py", None, 2 * LIMIT_LINES, 0.15, "cst")
    assert res.skipped == "analysis took longer than the 0.3s per-file limit (CPU time)"
    t0 = time.thread_time()
    assert guarded(lambda: (_spin_for(0.2), "done")[1], "big.py", None, 2 * LIMIT_LINES, 0.15, "cst") == "done"
    assert time.thread_time() - t0 >= 0.2  # it ran past the flat 0.15 s and was not stopped
    assert guarded(_spin, "app.min.py", None, 1, 0.15, "cst").skipped == limit_reason(0.15)
    # the parent counts a file's lines the same way (its stop has slack on top)
    (tmp_path / "big.py").write_text("x\n" * (3 * LIMIT_LINES))
    assert lines_of(str(tmp_path / "big.py")) == 3 * LIMIT_LINES + 1 and lines_of(str(tmp_path / "none.py")) == 0


def test_the_parent_gives_each_file_its_own_hard_limit(monkeypatch):
    state = [0.0] * cpulimit.SLOT_WIDTH
    mark_start(state, 0, 7)
    monkeypatch.setattr(cpulimit, "process_cpu", lambda pid: state[2] + 1.0)  # one CPU second in
    assert Watch(state, 0.5).overrun(0, time.monotonic()).startswith("its worker was stopped after 1s")
    # file 7 is long: its own limit (2 s) is not reached yet
    assert Watch(state, 0.5, lambda i: 2.0 if i == 7 else 0.5).overrun(0, time.monotonic()) is None


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
