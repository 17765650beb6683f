"""Work the scan schedules earlier without changing what it decides: the posture pass's Python
index built from the first pass's trees while the cst workers run (``pipeline.EarlyIndex``), and
the worker pool's fork server started during the first pass (``cst_firstpass.prewarm_pool``)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from mcpaudit import api, pipeline
from mcpaudit.analysis.posture import extract_facts
from mcpaudit.analysis.posture.context import Context
from mcpaudit.config import Config
from mcpaudit.engines import cst_firstpass
from mcpaudit.engines.smallwork import MAX_CHARS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _sources(name: str):
    root = FIXTURES / name
    files = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py"))}
    trees = {p: ast.parse(t) for p, t in files.items()}
    return root, files, trees


def _early(files, trees):
    early = pipeline.EarlyIndex()
    early.start(files, trees)
    return early.result()


def test_the_early_index_gives_the_same_facts():
    for name in ("hardened", "vulnerable", "transports"):
        root, files, trees = _sources(name)
        plain = extract_facts(root, files, [], trees=trees)
        early = extract_facts(root, files, [], trees=trees, early=_early(files, trees))
        assert [(f.id, f.value, f.evidence, f.note) for f in early] == \
               [(f.id, f.value, f.evidence, f.note) for f in plain], name


def test_an_entry_is_used_only_for_the_same_text_and_tree():
    _root, files, trees = _sources("vulnerable")
    entries = _early(files, trees)
    path = sorted(entries)[0]
    used = Context(dict(files), [], {}, trees, early=entries)
    assert used.py_by_path[path] is entries[path][2]
    other_tree = {**trees, path: ast.parse(files[path])}  # same text, another tree
    assert Context(dict(files), [], {}, other_tree, early=entries).py_by_path[path] is not entries[path][2]
    edited = {**files, path: files[path] + "\n# edited\n"}
    again = Context(edited, [], {}, trees, early=entries).py_by_path[path]
    assert again is not entries[path][2] and again.text.endswith("# edited\n")


def test_a_scan_builds_the_index_from_the_first_pass(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "vulnerable", tree)
    started = []
    real = pipeline.EarlyIndex.start

    def spy(self, texts, trees):
        started.append(sorted(trees))
        return real(self, texts, trees)

    monkeypatch.setattr(pipeline.EarlyIndex, "start", spy)
    config = Config(cache=False, engines=["cst"])
    with_early = api.audit([tree], config)
    assert started and started[0]
    monkeypatch.setattr(pipeline.EarlyIndex, "start", lambda self, texts, trees: None)
    without = api.audit([tree], config)
    assert [(f.id, f.value, f.evidence) for f in with_early.facts] == \
           [(f.id, f.value, f.evidence) for f in without.facts]


def _py(tmp_path: Path, n: int, size: int) -> list:
    files = []
    body = "def f(x):\n    return x\n"
    for i in range(n):
        p = tmp_path / f"m{i}.py"
        p.write_text(body * (size // len(body) + 1), encoding="utf-8")
        files.append((str(p), p.name))
    return files


def test_the_fork_server_is_started_early_only_for_a_tree_that_needs_the_pool(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(cst_firstpass, "prewarm_pool", lambda: calls.append(1))
    monkeypatch.setattr(cst_firstpass, "analyze_files", lambda files, **kw: [])
    (tmp_path / "s").mkdir()
    small = _py(tmp_path / "s", 3, 1000)
    cst_firstpass.first_pass_run(small, tmp_path / "s", jobs=2, max_bytes=10 ** 7, parse_timeout=20,
                                 min_confidence=Config().min_confidence, progress=None, cache=None,
                                 deadline=None, isolate=True)
    assert calls == []
    (tmp_path / "b").mkdir()
    big = _py(tmp_path / "b", 3, MAX_CHARS)  # three files of MAX_CHARS: past twice the limit
    for isolate, expected in ((False, []), (True, [1])):
        calls.clear()
        cst_firstpass.first_pass_run(big, tmp_path / "b", jobs=2, max_bytes=10 ** 7, parse_timeout=20,
                                     min_confidence=Config().min_confidence, progress=None, cache=None,
                                     deadline=None, isolate=isolate)
        assert calls == expected  # once, however many files follow
