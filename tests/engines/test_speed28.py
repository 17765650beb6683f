"""speed28: the cst engine's first pass on both cores (:mod:`mcpaudit.engines.firstshare`: a forked
child digests part of the files, the scanning process parses their trees again) and the external
engines' processes at a lower priority (:func:`mcpaudit.engines._subprocess.give_way`). Neither
changes a result: the digests, the trees and the findings are those of one process."""

from __future__ import annotations

import ast
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from mcpaudit.cache import content_hash
from mcpaudit.engines import _subprocess, firstshare
from mcpaudit.engines.cst_firstpass import _digests, _read_sources
from test_prefork import _audit, _keys, can_fork  # the same scan and report keys

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FIXTURE = FIXTURES / "speed28" / "firstshare"
MAX = 10 * 1024 * 1024

EXPECTED = [
    ("tool-shell-injection", "notes/shell.py", 5, "archive_notes", "cst",
     "tool 'archive_notes' passes parameter 'folder' to subprocess.run(shell=True): OS command injection"),
]


def _single_thread():
    if threading.active_count() != 1:
        pytest.skip("the test process has other threads: the pipeline does not fork then")


def _tree(tmp_path: Path, name: str) -> Path:
    dest = tmp_path / name
    shutil.copytree(FIXTURE / name, dest)
    (dest / ".git").mkdir()
    return dest


def _files(root: Path):
    return [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]


@can_fork
@pytest.mark.parametrize("name", ["vulnerable", "safe"])
def test_a_shared_first_pass_reports_what_one_process_reports(tmp_path, monkeypatch, name):
    _single_thread()
    monkeypatch.setattr(firstshare, "MIN_BYTES", 0)
    tree = _tree(tmp_path, name)
    shared = _audit(tree, jobs=2, engines=("cst",))
    alone = _audit(tree, jobs=1, engines=("cst",))  # one job: no child
    assert shared.stats.engines["cst"]["first_share"] == {"files": 1, "taken": 1}  # the last half of the bytes: server.py
    assert "first_share" not in alone.stats.engines["cst"]
    assert shared.stats.engines["cst"]["first_pass"] == alone.stats.engines["cst"]["first_pass"]
    assert _keys(shared) == _keys(alone) == (EXPECTED if name == "vulnerable" else [])
    assert [t.name for t in shared.tools] == [t.name for t in alone.tools] == ["archive_notes"]
    assert shared.facts == alone.facts


def _both_ways(files, share):
    """The first pass's digests and trees made here alone, and with ``share``."""
    sources, _ = _read_sources(files, MAX, content_hash)
    alone_trees: dict = {}
    alone = _digests(sources, None, 20.0, alone_trees, None)
    shared_trees: dict = {}
    shared = _digests(sources, None, 20.0, shared_trees, None, share)
    return (alone, alone_trees), (shared, shared_trees)


def _dumps(trees):
    return [(r, ast.dump(t, include_attributes=True)) for r, t in sorted(trees.items())]


@can_fork
def test_digests_and_trees_are_equal_on_every_fixture(monkeypatch):
    """Every Python file under ``fixtures/``: the digests (every field) and the ``ast`` trees
    (with positions) of a first pass whose child digested half of the bytes equal one process's."""
    _single_thread()
    monkeypatch.setattr(firstshare, "MIN_BYTES", 0)
    files = _files(FIXTURES)
    share = firstshare.start(files, jobs=2, max_bytes=MAX, parse_timeout=20.0, cache=None)
    assert share is not None and len(share.theirs) > len(files) // 4
    try:
        (alone, at), (shared, st) = _both_ways(files, share)
    finally:
        share.close()
    assert share.took == len(share.theirs)
    assert shared == alone
    assert list(st) == list(at) and _dumps(st) == _dumps(at)


class _Told:
    """A share whose child sent ``items`` (or failed: None)."""

    def __init__(self, theirs, items):
        self.child = self
        self.theirs, self.items, self.took, self.meanwhile = frozenset(theirs), items, 0, None

    def result(self):
        return self.items

    take = firstshare.FirstShare.take


def test_changed_missing_or_failed_files_are_digested_here():
    """A file whose bytes differ from what the child read, one the child did not send, one it was
    not given, or a child that failed: digested by the scanning process, the same digests."""
    files = _files(FIXTURE / "vulnerable")
    sources, _ = _read_sources(files, MAX, content_hash)
    paths = list(sources)
    child = firstshare.digests_of(files, MAX, 20.0, None)
    assert [r for r, *_ in child] == paths
    changed = [(r, "0" * 40 if r == "server.py" else h, d, ok) for r, h, d, ok in child]
    partial = changed[1:]  # notes/__init__.py not sent
    strange = partial + [("elsewhere.py", "0", child[0][2], True)]  # not given to the child
    for told in (_Told(paths, changed), _Told(paths, partial), _Told(paths, strange), _Told(paths, None)):
        (alone, at), (shared, st) = _both_ways(files, told)
        assert shared == alone and _dumps(st) == _dumps(at)
    assert told.took == 0 and _Told(paths, changed).take() == changed


def test_no_child_for_a_small_tree_or_one_job(monkeypatch):
    files = _files(FIXTURE / "vulnerable")
    assert firstshare.start(files, jobs=2, max_bytes=MAX, parse_timeout=20.0, cache=None) is None  # < MIN_BYTES
    monkeypatch.setattr(firstshare, "MIN_BYTES", 0)
    assert firstshare.start(files, jobs=1, max_bytes=MAX, parse_timeout=20.0, cache=None) is None


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="POSIX priorities")
@pytest.mark.parametrize("nice", [0, 10])
def test_external_processes_give_way(monkeypatch, nice):
    """What an external engine's process starts with: this process's niceness plus
    ``BACKGROUND_NICE`` (at most 19); 0 leaves it as it is."""
    monkeypatch.setattr(_subprocess, "BACKGROUND_NICE", nice)
    base = os.getpriority(os.PRIO_PROCESS, 0)
    # the priority is set from here just after the start (give_way): the child reads its own a
    # moment later, so a loaded machine that runs the child first cannot make it read the old one
    read = "import os, time; time.sleep(1.0); print(os.getpriority(os.PRIO_PROCESS, 0))"
    done = _subprocess.run_command([sys.executable, "-c", read], timeout=60)
    assert done.returncode == 0
    assert int(done.stdout.strip()) == min(19, base + nice)
