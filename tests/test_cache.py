"""The per-file result cache: same findings warm or cold, 1 or N workers; signed entries."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

from mcpaudit.api import audit
from mcpaudit.cache import Cache
from mcpaudit.config import Config
from mcpaudit.reporters import json as json_reporter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _report(tree: Path, **cfg) -> dict:
    result = audit([tree], Config(engines=("cst",), **cfg))
    d = json_reporter.to_dict(result, timestamp=False)
    d.pop("stats", None)
    return d


@pytest.fixture()
def tree(tmp_path):
    dst = tmp_path / "tree"
    shutil.copytree(FIXTURES / "vulnerable", dst)
    shutil.copytree(FIXTURES / "taint", dst / "taint")
    return dst


def test_same_findings_cold_warm_and_with_any_number_of_workers(tree, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache_dir = tmp_path / "cache"
    no_cache = _report(tree, cache=False, jobs=1)
    assert no_cache["findings"], "the fixture trees plant findings"
    cold = audit([tree], Config(engines=("cst",), cache_dir=cache_dir, jobs=2))
    shutil.rmtree(cache_dir / "scan", ignore_errors=True)  # the per-engine caches, not the whole-scan result
    warm = audit([tree], Config(engines=("cst",), cache_dir=cache_dir, jobs=1))
    assert cold.stats["cache"]["cst"]["hits"] == 0 and cold.stats["cache"]["cst"]["misses"] > 0
    assert warm.stats["cache"]["cst"]["misses"] == 0
    # (an unchanged tree comes whole from the cache: one hit per file, analysed or not)
    assert warm.stats["cache"]["cst"]["hits"] >= cold.stats["cache"]["cst"]["misses"]
    assert warm.stats["linked_from_cache"] is True
    for r in (cold, warm):
        d = json_reporter.to_dict(r, timestamp=False)
        d.pop("stats", None)
        assert json.dumps(d, sort_keys=True) == json.dumps(no_cache, sort_keys=True)
    assert _report(tree, cache=False, jobs=2) == no_cache


def test_a_changed_file_is_reanalysed_and_only_it(tree, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache_dir = tmp_path / "cache"
    audit([tree], Config(engines=("cst",), cache_dir=cache_dir, jobs=1))
    target = next(p for p in sorted(tree.rglob("*.py")) if "subprocess" in p.read_text())
    target.write_text(target.read_text() + "\n\ndef _added():\n    return 1\n")
    again = audit([tree], Config(engines=("cst",), cache_dir=cache_dir, jobs=1))
    assert again.stats["cache"]["cst"]["misses"] == 1
    fresh = _report(tree, cache=False, jobs=1)
    d = json_reporter.to_dict(again, timestamp=False)
    d.pop("stats", None)
    assert d == fresh


def test_a_forged_or_corrupt_entry_is_never_unpickled(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    marker = tmp_path / "pwned"

    class Boom:
        def __reduce__(self):
            return (Path.write_text, (marker, "x"))

    cache = Cache(tmp_path / "c", "cst", ("salt",))
    cache.put("h1", {"ok": 1})
    assert cache.get("h1") == {"ok": 1}
    entry = cache._path("h1")
    blob = entry.read_bytes()
    # same header and signature, payload swapped for a malicious pickle
    entry.write_bytes(blob[:37] + pickle.dumps(Boom()))
    assert cache.get("h1") is None
    assert not marker.exists()
    # an entry written with another user's key is not trusted either
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    other = Cache(tmp_path / "c", "cst", ("salt",))
    other.put("h2", {"from": "other"})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    mine = Cache(tmp_path / "c", "cst", ("salt",))
    assert mine.get("h2") is None
    entry.write_bytes(b"garbage")
    assert mine.get("h1") is None


def test_salt_separates_rule_sets_and_versions(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    a = Cache(tmp_path / "c", "semgrep", ("semgrep", "1.0"))
    b = Cache(tmp_path / "c", "semgrep", ("semgrep", "2.0"))
    a.put("same-file", ["finding"])
    assert a.get("same-file") == ["finding"]
    assert b.get("same-file") is None


def test_an_unchanged_rescan_reuses_the_link_and_never_loads_a_summary(tree, tmp_path, monkeypatch):
    """The project-wide link step is cached under every file's path and content hash: an
    unchanged re-scan takes findings, tools and HTTP/auth facts from it without unpickling one
    module summary; any change (here a new sink in one file, or another confidence floor)
    links again."""
    from mcpaudit.engines.cst import FileResult
    from mcpaudit.models import Confidence

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache_dir = tmp_path / "cache"
    cold = audit([tree], Config(engines=("cst",), cache_dir=cache_dir, jobs=1))
    assert cold.stats["linked_from_cache"] is False
    expected = json_reporter.to_dict(cold, timestamp=False)
    expected.pop("stats")

    def no_loading(self):
        if self.blob is not None:
            raise AssertionError(f"summary of {self.path} loaded")

    shutil.rmtree(cache_dir / "scan", ignore_errors=True)  # the per-engine caches, not the whole-scan result
    with monkeypatch.context() as m:
        m.setattr(FileResult, "materialize", no_loading)
        warm = audit([tree], Config(engines=("cst",), cache_dir=cache_dir, jobs=1))
    assert warm.stats["linked_from_cache"] is True
    got = json_reporter.to_dict(warm, timestamp=False)
    got.pop("stats")
    assert got == expected
    assert {t.name for t in warm.tools} == {t.name for t in cold.tools} and warm.tools

    low = audit([tree], Config(engines=("cst",), cache_dir=cache_dir, jobs=1, min_confidence=Confidence.LOW))
    assert low.stats["linked_from_cache"] is False
    assert len(low.findings) > len(cold.findings)  # the audit view adds low-confidence findings

    server = tree / "opsdesk" / "server.py"
    assert "@mcp.tool" in server.read_text()
    server.write_text(server.read_text() + "\n\n@mcp.tool()\ndef zz_added(cmd: str) -> None:\n"
                      "    os.system(cmd)\n")
    changed = audit([tree], Config(engines=("cst",), cache_dir=cache_dir, jobs=1))
    assert changed.stats["linked_from_cache"] is False
    added = [f for f in changed.findings if f.location.path == "opsdesk/server.py"
             and f.rule_id == "tool-shell-injection" and f.tool == "zz_added"]
    sink_line = server.read_text().splitlines().index("    os.system(cmd)") + 1
    assert [f.location.line for f in added] == [sink_line], \
        [(f.rule_id, f.location.path, f.location.line, f.tool) for f in changed.findings]
