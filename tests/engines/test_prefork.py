"""The ts engine's whole run started in a forked child while the cst engine runs
(:mod:`mcpaudit.engines.prefork`): the same findings, statistics and cache as without it, taken
from the child when it ran, computed in the scanning process when it did not."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from mcpaudit.engines.prefork import Prefork

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "typescript" / "prefork"

can_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")


def _audit(tree: Path, **cfg):
    from mcpaudit.api import audit
    from mcpaudit.config import Config

    cfg.setdefault("cache", False)
    return audit([tree], Config(**cfg))


def _keys(result):
    return sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.engine, f.message)
                  for f in result.findings)


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    dest = tmp_path / "server"
    shutil.copytree(FIXTURE, dest)
    (dest / ".git").mkdir()
    return dest


@can_fork
def test_mixed_tree_takes_the_ts_results_from_the_child_and_reports_the_same(tree):
    if threading.active_count() != 1:
        pytest.skip("the test process has other threads: the pipeline does not fork then")
    forked = _audit(tree, jobs=2)
    alone = _audit(tree, jobs=1)  # one job: no child
    assert forked.stats.engines["ts"]["prefork"] == {"files": 1, "taken": 1}
    assert "prefork" not in (alone.stats.engines or {}).get("ts", {})
    assert _keys(forked) == _keys(alone)
    default = {(k[0], k[1], k[2], k[3], k[4]) for k in _keys(forked) if k[4] in ("cst", "ts")}
    assert default == {
        ("tool-shell-injection", "pytool/server.py", 11, "grep_logs", "cst"),
        ("tool-shell-injection", "server.ts", 10, "show_dir", "ts"),
    }
    ts = next(f for f in forked.findings if f.engine == "ts")
    assert ts.message == "tool 'show_dir' passes parameter 'dir' to child_process.exec(): OS command injection"
    # the safe twins (an argument vector, no shell) stay quiet in both languages
    assert not [f for f in forked.findings if f.tool in ("show_dir_safe", "grep_logs_safe")]


@can_fork
def test_a_typescript_only_tree_does_not_fork(tree):
    shutil.rmtree(tree / "pytool")
    result = _audit(tree, jobs=2)
    assert "prefork" not in (result.stats.engines or {}).get("ts", {})
    assert [(f.rule_id, f.location.line) for f in result.findings if f.engine == "ts"] == [
        ("tool-shell-injection", 10)]


def _double():
    return {"a": 20}


def _fail():
    raise RuntimeError("child fault")


@can_fork
def test_the_value_comes_from_the_child():
    pf = Prefork.start(_double, files=2)
    assert pf is not None
    assert pf.result() == {"a": 20}
    assert pf.result() == {"a": 20}  # kept: asked again, not read again
    assert pf.details() == {"files": 2, "taken": 0}  # taking is the engine's to count
    pf.close()


@can_fork
def test_a_failed_child_gives_no_value():
    pf = Prefork.start(_fail)
    assert pf.result() is None
    pf.close()


def _sleep():
    import time

    time.sleep(60)


@can_fork
def test_close_stops_a_child_still_at_work():
    pf = Prefork.start(_sleep)
    pid = pf._pid
    pf.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped
    assert pf.result() is None


@can_fork
def test_the_child_fills_the_cache_and_its_counts_reach_the_statistics(tree, tmp_path):
    """The child writes the ts engine's cache entries itself and hands back its hits and misses:
    a cold and a warm scan give the statistics and findings of the one-job scans."""
    if threading.active_count() != 1:
        pytest.skip("the test process has other threads: the pipeline does not fork then")
    py = tree / "pytool" / "server.py"
    text = py.read_text(encoding="utf-8")
    runs = {}
    for jobs in (2, 1):
        cache = tmp_path / f"cache{jobs}"
        py.write_text(text, encoding="utf-8")
        cold = _audit(tree, jobs=jobs, cache=True, cache_dir=cache)
        py.write_text(text + "# changed: the whole-scan result is not reused\n", encoding="utf-8")
        runs[jobs] = [cold, _audit(tree, jobs=jobs, cache=True, cache_dir=cache)]
    (cold, warm), (cold1, warm1) = runs[2], runs[1]
    assert cold.stats.engines["ts"]["prefork"] == {"files": 1, "taken": 1}
    assert cold.stats.cache["ts"] == cold1.stats.cache["ts"]
    assert cold.stats.cache["ts"]["misses"] >= 1
    assert warm.stats.cache["ts"] == warm1.stats.cache["ts"]
    assert warm.stats.cache["ts"]["hits"] >= 1
    assert _keys(cold) == _keys(warm) == _keys(cold1) == _keys(warm1)


@can_fork
def test_a_tree_whose_modules_share_sink_constants_keeps_its_finding_in_the_child(tree):
    """A module that imports another module's ``promisify(exec)`` constant needs that binding
    (the ts engine's pre-scan): the child runs the whole engine, pre-scan included, so the
    imported constant's finding is there (the per-file child of the first version had to leave
    such a tree to the scanning process)."""
    if threading.active_count() != 1:
        pytest.skip("the test process has other threads: the pipeline does not fork then")
    shutil.copytree(FIXTURE.parent / "sharedexec" / "src", tree / "src")
    forked = _audit(tree, jobs=2)
    alone = _audit(tree, jobs=1)
    assert forked.stats.engines["ts"]["prefork"] == {"files": 4, "taken": 4}  # server.ts and src/ (3)
    assert _keys(forked) == _keys(alone)
    f = next(f for f in forked.findings if f.tool == "git_log")
    assert (f.rule_id, f.location.path, f.engine) == ("tool-shell-injection", "src/tools/shell.ts", "ts")
    assert f.message == "tool 'git_log' passes parameter 'branch' to child_process.exec(): OS command injection"


@can_fork
def test_a_child_without_a_value_leaves_the_run_to_the_scanning_process(tree, monkeypatch):
    if threading.active_count() != 1:
        pytest.skip("the test process has other threads: the pipeline does not fork then")
    alone = _audit(tree, jobs=1)
    monkeypatch.setattr(Prefork, "result", lambda self: (self.close(), None)[1])
    fallen = _audit(tree, jobs=2)
    assert fallen.stats.engines["ts"]["prefork"] == {"files": 1, "taken": 0}
    assert _keys(fallen) == _keys(alone)
    assert ("tool-shell-injection", "server.ts", 10) in {(k[0], k[1], k[2]) for k in _keys(fallen)}
