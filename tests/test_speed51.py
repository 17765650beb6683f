"""Each TypeScript file of a small tree parsed once per process and scan (issue 15, speed51).

``analysis/ts/parse.keep_trees``: while the pipeline's engine stage runs (``trees_kept``), the ts
engine of a small tree asks for every tree-sitter tree to be kept by path and bytes, so the
names shared between modules (``engines/ts.shared_sinks``), the per-file analysis and the
posture pass's index read one tree instead of parsing the file up to three times. These tests
count the parser's own calls (not ``parse``'s) and compare the findings with the trees not kept.
"""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import pytest

from mcpaudit.analysis.ts import parse as P

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "speed26c" / "ts"
TS_FILES = ["src/index.ts", "src/shell.ts", "src/tools/archive.ts", "src/tools/search.ts"]


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    dest = tmp_path / "server"
    shutil.copytree(FIXTURE, dest)
    (dest / ".git").mkdir()
    return dest


@pytest.fixture()
def counted(monkeypatch):
    """The tree-sitter parser's calls in this process, by the file's bytes."""
    calls = collections.Counter()
    real = P._parser

    class Counting:
        def __init__(self, parser):
            self.parser = parser

        def parse(self, data):
            calls[bytes(data)] += 1
            return self.parser.parse(data)

    monkeypatch.setattr(P, "_parser", lambda kind: Counting(real(kind)))
    return calls


def _audit(tree: Path, **cfg):
    from mcpaudit.api import audit
    from mcpaudit.config import Config

    cfg.setdefault("cache", False)
    return audit([tree], Config(**cfg))


def _keys(result):
    return sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.engine, f.message)
                  for f in result.findings)


def _per_file(tree: Path, calls) -> dict:
    return {rel: calls[(tree / rel).read_bytes()] for rel in TS_FILES}


def test_parse_keeps_the_tree_of_the_same_bytes_only_within_the_scope(counted):
    src, other = b"const a = 1;\n", b"const a = 2;\n"
    assert P.parse(src, "a.ts") is not P.parse(src, "a.ts")  # no scope: every call parses
    P.keep_trees()  # outside the scope: nothing kept
    assert P.kept_count() == 0 and P.parse(src, "a.ts") is not P.parse(src, "a.ts")
    counted.clear()
    with P.trees_kept():
        P.parse(src, "a.ts")  # not asked for yet: not kept
        assert P.kept_count() == 0
        P.keep_trees()
        first = P.parse(src, "a.ts")
        assert P.parse(bytes(bytearray(src)), "a.ts") is first  # equal bytes, another object
        assert P.parse(src, "a.js") is not first  # another path (here another grammar)
        changed = P.parse(other, "a.ts")
        assert changed is not first and changed.root_node.text == other
        assert P.parse(other, "a.ts") is changed and P.kept_count() == 2
        with P.trees_kept():  # a nested scope leaves the outer one's trees alone
            pass
        assert P.kept_count() == 2
    assert P.kept_count() == 0  # dropped at the end of the scope
    assert counted[src] == 3 and counted[other] == 1  # before keep_trees, the first kept, a.js


def test_a_scan_in_one_process_parses_each_ts_file_once_and_reports_the_same(tree, counted, monkeypatch):
    kept = _audit(tree, jobs=1)
    once = _per_file(tree, counted)
    assert P.kept_count() == 0  # the trees were dropped with the engine stage
    assert once == {rel: 1 for rel in TS_FILES}
    counted.clear()
    monkeypatch.setattr("mcpaudit.engines.ts.keep_trees", lambda: None)  # as before: nothing kept
    fresh = _audit(tree, jobs=1)
    before = _per_file(tree, counted)
    assert sum(before.values()) > len(TS_FILES) and all(n >= 1 for n in before.values())
    assert _keys(kept) == _keys(fresh) and len(_keys(kept)) >= 2
    assert [(f.id, repr(f.value), f.evidence) for f in kept.facts] == [(f.id, repr(f.value), f.evidence) for f in fresh.facts]
    assert kept.facts


def test_the_trees_are_not_kept_for_a_tree_analysed_by_worker_processes(tree, counted, monkeypatch):
    # a tree too large for one process: its trees are made in the workers, none kept here
    monkeypatch.setattr("mcpaudit.engines.smallwork.MAX_TS_BYTES", 1)
    asked = []
    monkeypatch.setattr("mcpaudit.engines.ts.keep_trees", lambda: asked.append(1))
    _audit(tree, jobs=1)
    assert asked == [] and P.kept_count() == 0


def test_with_the_ts_child_the_scanning_process_parses_each_ts_file_at_most_once(tree, counted, monkeypatch):
    import os
    import threading

    if not hasattr(os, "fork") or threading.active_count() != 1:
        pytest.skip("no fork here, or the test process has other threads (the pipeline does not fork then)")
    shared = _audit(tree, jobs=2)
    assert shared.stats.engines["ts"]["shared"]["files"] == 4  # the child and this process shared the files
    assert all(n <= 1 for n in _per_file(tree, counted).values()), _per_file(tree, counted)
    assert P.kept_count() == 0
    counted.clear()
    monkeypatch.setattr("mcpaudit.engines.ts.keep_trees", lambda: None)
    fresh = _audit(tree, jobs=2)
    # before: the shared names (archive.ts exports a helper) and the posture index parsed it apart
    assert _per_file(tree, counted)["src/tools/archive.ts"] >= 2
    assert _keys(shared) == _keys(fresh) == _keys(_audit(tree, jobs=1))
