"""The ts engine's per-file analysis shared between its forked child and the scanning process
(:mod:`mcpaudit.engines.tsshare`): every file analysed once, by whichever process claims it, and
the findings, statistics of the cache and messages of a scan in one process."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from mcpaudit.engines import tsshare
from mcpaudit.models import Confidence
from mcpaudit.engines.prefork import Prefork
from mcpaudit.engines.tsshare import Share
from test_prefork import _audit, _keys, can_fork  # the same scan and report keys

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FIXTURE = FIXTURES / "speed26c" / "ts"

def _single_thread():
    if threading.active_count() != 1:
        pytest.skip("the test process has other threads: the pipeline does not fork then")


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    dest = tmp_path / "server"
    shutil.copytree(FIXTURE, dest)
    (dest / ".git").mkdir()
    return dest


EXPECTED = [
    ("tool-shell-injection", "src/tools/archive.ts", 9, "pack_folder", "ts",
     "tool 'pack_folder' passes parameter 'folder' to child_process.exec(): OS command injection"),
    ("tool-shell-injection", "src/tools/search.ts", 8, "find_text", "ts",
     "tool 'find_text' passes parameter 'pattern' to child_process.exec(): OS command injection"),
]


@can_fork
def test_a_mixed_tree_shares_the_ts_files_and_reports_what_one_process_reports(tree):
    _single_thread()
    shared = _audit(tree, jobs=2)
    alone = _audit(tree, jobs=1)  # one job: no child, no share
    ts = shared.stats.engines["ts"]
    assert ts["prefork"] == {"files": 4, "taken": 4}
    assert ts["shared"]["files"] == 4 and 0 <= ts["shared"]["here"] <= 4
    assert "shared" not in (alone.stats.engines or {}).get("ts", {})
    assert _keys(shared) == _keys(alone)
    # the imported promisify(exec) constant (names computed before the fork) reaches both tools
    assert [k for k in _keys(shared) if k[4] == "ts"] == EXPECTED
    assert not [f for f in shared.findings if f.tool and f.tool.endswith("_safe")]  # the safe twins


@can_fork
def test_a_tree_without_python_shares_at_once(tree, monkeypatch):
    _single_thread()
    shutil.rmtree(tree / "pytool")
    monkeypatch.setattr(tsshare, "MIN_SHARED_BYTES", 0)
    shared = _audit(tree, jobs=2)
    alone = _audit(tree, jobs=1)
    assert shared.stats.engines["ts"]["prefork"] == {"files": 4, "taken": 4}
    assert shared.stats.engines["ts"]["shared"]["files"] == 4
    assert _keys(shared) == _keys(alone)
    assert [k for k in _keys(shared) if k[4] == "ts"] == EXPECTED


@can_fork
def test_a_small_tree_without_python_is_analysed_here(tree):
    shutil.rmtree(tree / "pytool")  # 2 KB of TypeScript: below MIN_SHARED_BYTES, no child
    result = _audit(tree, jobs=2)
    assert "prefork" not in (result.stats.engines or {}).get("ts", {})
    assert [k for k in _keys(result) if k[4] == "ts"] == EXPECTED


@can_fork
def test_the_shared_files_fill_the_cache_as_one_process_does(tree, tmp_path, monkeypatch):
    _single_thread()
    shutil.rmtree(tree / "pytool")
    monkeypatch.setattr(tsshare, "MIN_SHARED_BYTES", 0)
    index = tree / "src" / "index.ts"
    text = index.read_text(encoding="utf-8")
    runs = {}
    for jobs in (2, 1):
        index.write_text(text, encoding="utf-8")
        cold = _audit(tree, jobs=jobs, cache=True, cache_dir=tmp_path / f"c{jobs}")
        index.write_text(text + "// changed: the whole-scan result is not reused\n", encoding="utf-8")
        runs[jobs] = (cold, _audit(tree, jobs=jobs, cache=True, cache_dir=tmp_path / f"c{jobs}"))
    (cold, warm), (cold1, warm1) = runs[2], runs[1]
    assert cold.stats.engines["ts"]["shared"]["files"] == 4
    assert cold.stats.cache["ts"] == cold1.stats.cache["ts"]
    assert cold.stats.cache["ts"]["misses"] == 4
    assert warm.stats.cache["ts"] == warm1.stats.cache["ts"]
    assert _keys(cold) == _keys(warm) == _keys(cold1) == _keys(warm1)


def _fixture_slice(dest: Path, limit: int) -> Path:
    """The TypeScript fixtures' folders, in order, up to ``limit`` bytes of TS/JS: one tree."""
    total = 0
    for folder in sorted(p for p in (FIXTURES / "typescript").iterdir() if p.is_dir()):
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and f.suffix in (".ts", ".js"))
        if total + size > limit:
            continue
        shutil.copytree(folder, dest / folder.name)
        total += size
    (dest / ".git").mkdir()
    return dest


@can_fork
def test_both_ways_on_the_typescript_fixtures(tmp_path, monkeypatch):
    """Shared (both processes analyse) and in one process: the same report on the fixtures."""
    _single_thread()
    monkeypatch.setattr(tsshare, "MIN_SHARED_BYTES", 0)
    fixtures = _fixture_slice(tmp_path / "fixtures", 300 * 1024)
    shared = _audit(fixtures, jobs=2, min_confidence=Confidence.LOW, include_tests=True)
    alone = _audit(fixtures, jobs=1, min_confidence=Confidence.LOW, include_tests=True)
    assert shared.stats.engines["ts"]["shared"]["files"] > 50
    assert len(_keys(shared)) > 50
    assert _keys(shared) == _keys(alone)
    assert [(e.path, e.message) for e in shared.errors] == [(e.path, e.message) for e in alone.errors]


def _upper(a: str, r: str) -> str:
    return r.upper()


def _slow_upper(a: str, r: str) -> str:
    time.sleep(0.3)
    return r.upper()


def _files(n: int):
    return [(f"/x/m{i}.ts", f"m{i}.ts") for i in range(n)]


def _child_results(share: Share, analyze):
    def work():
        share.in_child()
        return share.results(analyze)
    return work


@can_fork
def test_each_file_is_analysed_by_one_process_and_merged_in_order():
    share = Share.open(_files(6), None)
    pf = Prefork.start(_child_results(share, _slow_upper))
    share.in_parent()
    share.help(_upper)
    assert pf.result() == [f"M{i}.TS" for i in range(6)]
    assert 1 <= share.helped <= 6
    pf.close()


@can_fork
def test_files_the_scanning_process_claimed_but_did_not_send_are_analysed_by_the_child():
    share = Share.open(_files(5), None)
    pf = Prefork.start(_child_results(share, _upper))
    share.in_parent()
    while share.claim() is not None:  # claimed, never analysed (a failure in the scanning process)
        pass
    share.close()
    assert pf.result() == [f"M{i}.TS" for i in range(5)]
    pf.close()


def test_too_many_files_or_none_are_not_shared():
    assert Share.open(_files(tsshare.MAX_FILES + 1), None) is None
    assert Share.open([], None) is None
    share = Share.open(_files(3), {"k": "v"})
    assert [share.claim() for _ in range(4)] == [0, 1, 2, None]
    share.close()
    assert share.claim() is None


@can_fork
def test_the_scanning_process_does_its_meanwhile_work_once_before_it_waits():
    """The posture pass's index of the TS files is made after this process took its share of
    the child's files (``Prefork.meanwhile``, run by ``result()``), not before."""
    calls = []
    pf = Prefork.start(lambda: 7)
    pf.meanwhile = lambda: calls.append(len(calls))
    assert pf.result() == 7
    assert pf.result() == 7
    assert calls == [0]
    pf.close()
