"""The ts engine's per-file work started in a forked child while the cst engine runs
(:mod:`mcpaudit.engines.prefork`): the same findings as without it, taken from the child when it
ran, analysed in the scanning process when it did not."""

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

    return audit([tree], Config(cache=False, **cfg))


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


def _double(a, r, max_bytes, parse_timeout):
    return (r, max_bytes * 2)


def _fail(a, r, max_bytes, parse_timeout):
    raise RuntimeError("child fault")


@can_fork
def test_results_come_from_the_child_with_the_same_limits_only():
    pf = Prefork.start(_double, [("/a", "a"), ("/b", "b")], 10, 1.0)
    assert pf is not None
    analyze = pf.analyzer(lambda a, r, m, t: ("here", r))
    assert analyze("/a", "a", 10, 1.0) == ("a", 20)  # the child's
    assert analyze("/b", "b", 11, 1.0) == ("here", "b")  # other limits: analysed here
    assert analyze("/c", "c", 10, 1.0) == ("here", "c")  # not given to the child
    assert pf.details() == {"files": 2, "taken": 1}
    pf.close()


@can_fork
def test_a_failed_child_leaves_every_file_to_the_engine():
    pf = Prefork.start(_fail, [("/a", "a")], 10, 1.0)
    analyze = pf.analyzer(lambda a, r, m, t: ("here", r))
    assert analyze("/a", "a", 10, 1.0) == ("here", "a")
    assert pf.details()["taken"] == 0
    pf.close()


def _sleep(a, r, max_bytes, parse_timeout):
    import time

    time.sleep(60)


@can_fork
def test_close_stops_a_child_still_at_work():
    pf = Prefork.start(_sleep, [("/a", "a")], 10, 1.0)
    pid = pf._pid
    pf.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


def test_a_cached_summary_is_not_analysed_by_the_child(tmp_path):
    from mcpaudit.cache import Cache, content_hash
    from mcpaudit.engines import cst, ts

    src = tmp_path / "a.ts"
    src.write_text("export const x = 1;\n", encoding="utf-8")
    cache = Cache(tmp_path / "cache", "ts", ("ts", 1 << 20))
    fresh = ts._uncached_only(cache, cst.read_source, str(src), "a.ts", 1 << 20, 5.0)
    assert fresh is not None and fresh.path == "a.ts"
    cache.put(content_hash(src.read_bytes()), ("blob", None, 1, True))
    assert ts._uncached_only(cache, cst.read_source, str(src), "a.ts", 1 << 20, 5.0) is None
    assert cache.hits == cache.misses == 0  # looking is not counted


@can_fork
def test_a_tree_whose_modules_share_sink_constants_is_not_forked_and_keeps_its_finding(tree):
    """The child analyses each file alone; a module that imports another module's
    ``promisify(exec)`` constant needs that binding (the ts engine's pre-scan), so such a tree is
    analysed in the scanning process, with the imported constant's finding."""
    if threading.active_count() != 1:
        pytest.skip("the test process has other threads: the pipeline does not fork then")
    shutil.copytree(FIXTURE.parent / "sharedexec" / "src", tree / "src")
    forked = _audit(tree, jobs=2)
    alone = _audit(tree, jobs=1)
    assert "prefork" not in (forked.stats.engines or {}).get("ts", {})
    assert _keys(forked) == _keys(alone)
    f = next(f for f in forked.findings if f.tool == "git_log")
    assert (f.rule_id, f.location.path, f.engine) == ("tool-shell-injection", "src/tools/shell.ts", "ts")
    assert f.message == "tool 'git_log' passes parameter 'branch' to child_process.exec(): OS command injection"
