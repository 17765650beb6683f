"""The whole-scan result cache: an unchanged tree is answered from it without starting any
engine, with the same report; any input that changes (a source file, a deployment file, a
setting, the baseline) scans again; results that depend on the run are never stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mcpaudit import pipeline, resultcache
from mcpaudit.api import audit
from mcpaudit.config import Config
from mcpaudit.models import Confidence, EngineError
from mcpaudit.reporters import json as json_reporter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _report(result) -> dict:
    d = json_reporter.to_dict(result, timestamp=False)
    d.pop("stats", None)
    return d


@pytest.fixture()
def tree(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    dst = tmp_path / "tree"
    shutil.copytree(FIXTURES / "vulnerable", dst)
    shutil.copytree(FIXTURES / "typescript" / "sinks", dst / "web")
    return dst


def _config(tmp_path, **kw) -> Config:
    kw.setdefault("engines", ("cst", "ts"))
    return Config(cache_dir=tmp_path / "cache", jobs=1, **kw)


def _no_engines(monkeypatch):
    def fail(*a, **k):
        raise AssertionError("an engine ran on an unchanged tree")

    monkeypatch.setattr("mcpaudit.api.run_engines", fail)


def test_an_unchanged_tree_is_answered_without_running_an_engine(tree, tmp_path, monkeypatch):
    fresh = _report(audit([tree], Config(engines=("cst", "ts"), cache=False, jobs=1)))
    cold = audit([tree], _config(tmp_path))
    assert cold.stats.cache["scan"] == {"hits": 0, "misses": 1}
    with monkeypatch.context() as m:
        _no_engines(m)
        warm = audit([tree], _config(tmp_path))
    assert warm.stats.cache == {"scan": {"hits": 1, "misses": 0}}
    assert set(warm.stats.engine_seconds) == {"cst", "ts"} and not any(warm.stats.engine_seconds.values())
    assert _report(cold) == fresh and _report(warm) == fresh and fresh["findings"]


@pytest.mark.parametrize("change", ["source", "deployment", "doc", "setting", "new file"])
def test_any_changed_input_scans_again(tree, tmp_path, change):
    config = {}
    audit([tree], _config(tmp_path))
    if change == "source":
        server = next(p for p in sorted(tree.rglob("*.py")) if "subprocess" in p.read_text())
        server.write_text(server.read_text() + "\n# changed\n")
    elif change == "deployment":
        (tree / "Dockerfile").write_text("FROM python:3.12\nUSER root\n")
    elif change == "doc":
        (tree / "README.md").write_text("Run it with `server --transport sse`.\n")
    elif change == "setting":
        config["min_confidence"] = Confidence.LOW
    else:
        (tree / "extra.py").write_text("import os\n\ndef f(x):\n    os.system(x)\n")
    again = audit([tree], _config(tmp_path, **config))
    assert again.stats.cache["scan"] == {"hits": 0, "misses": 1}
    assert _report(again) == _report(audit([tree], _config(tmp_path, cache=False, **config)))


def test_a_result_with_an_engine_error_or_a_timeout_is_not_stored(tree, tmp_path):
    result = audit([tree], _config(tmp_path))
    assert resultcache.reusable(result)
    result.errors.append(EngineError("semgrep", "semgrep timed out after 5 s"))
    assert not resultcache.reusable(result)
    result.errors[-1] = EngineError("cst", "skipped: analysis took longer than the 20s per-file limit",
                                    path="a.py", fatal=False)
    assert not resultcache.reusable(result)
    result.errors[-1] = EngineError("semgrep", "PartialParsing: partially parsed (syntax error); some code was "
                                               "not analysed: Syntax error at line a.ts:5", fatal=False)
    assert resultcache.reusable(result)  # a warning about the file's bytes: stable


def test_a_diff_scan_is_never_reused(tree, tmp_path):
    assert resultcache.open_cache(_config(tmp_path, diff_base="HEAD"), []) is None
    assert resultcache.open_cache(_config(tmp_path), []) is not None
    assert resultcache.open_cache(_config(tmp_path, cache=False), []) is None


def test_the_posture_pass_reads_nothing_the_key_leaves_out(tree, tmp_path, monkeypatch):
    """Every file the posture pass reads outside the sources is in the key: the key's
    collectors are the posture pass's own."""
    seen = []
    real = pipeline._posture_facts

    def spy(root, project, cache, *more, **kw):
        from mcpaudit.analysis import posture

        for fn in ("collect_other_files", "collect_doc_files"):
            seen.append(getattr(posture, fn).__module__)
        return real(root, project, cache, *more, **kw)

    monkeypatch.setattr(pipeline, "_posture_facts", spy)
    audit([tree], _config(tmp_path, cache=False))
    assert set(seen) == {"mcpaudit.analysis.posture.files"}
