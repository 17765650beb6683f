"""speed58: the ts engine's forked child of a small tree runs with the cyclic collector off
(:func:`mcpaudit.engines.ts._counted` with a share), and finds what the in-process run finds.

The scans run in a fresh interpreter: the collector's state is the process's own."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mcpaudit.engines import ts

ROOT = Path(__file__).resolve().parents[1]
PREFORK = ROOT / "fixtures" / "typescript" / "prefork"


class _Share:
    def __init__(self):
        self.child = False

    def in_child(self):
        self.child = True

    def results(self, analyze):
        return []


class _Context:
    cache = None


def test_the_shared_child_runs_with_the_collector_off_and_turns_it_back_on(monkeypatch):
    seen = {}

    def run_here(targets, context, results=None):
        seen["enabled"] = gc.isenabled()
        seen["results"] = results
        return "out"

    monkeypatch.setattr(ts, "_run_here", run_here)
    monkeypatch.setattr(ts, "_one_file", lambda context, share: None)
    was = gc.isenabled()
    gc.enable()
    try:
        share = _Share()
        assert ts._counted(ts.ENGINE, [], _Context(), share) == ("out", None)
        assert share.child and seen == {"enabled": False, "results": []}
        assert gc.isenabled()  # on again once the run is done (a child leaves with os._exit anyway)
    finally:
        if not was:
            gc.disable()


def test_without_a_share_the_run_keeps_the_collector(monkeypatch):
    seen = {}

    class _Engine:
        def run(self, targets, context):
            seen["enabled"] = gc.isenabled()
            return "out"

    was = gc.isenabled()
    gc.enable()
    try:
        assert ts._counted(_Engine(), [], _Context()) == ("out", None)
        assert seen == {"enabled": True}
    finally:
        if not was:
            gc.disable()


_AUDIT = r"""
import json, sys
from pathlib import Path
from mcpaudit.api import audit
from mcpaudit.config import Config

tree, jobs = Path(sys.argv[1]), int(sys.argv[2])
result = audit([tree], Config(cache=False, jobs=jobs))
print(json.dumps({"found": sorted([f.rule_id, f.location.path, f.location.line, f.tool, f.engine, f.message]
                                  for f in result.findings),
                  "ts": (result.stats.engines or {}).get("ts", {})}, default=str))
"""


def _audit(tree: Path, jobs: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _AUDIT, str(tree), str(jobs)], capture_output=True, text=True,
                          env=env, cwd=str(ROOT), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_the_shared_child_finds_what_one_process_finds(tmp_path):
    tree = tmp_path / "server"
    shutil.copytree(PREFORK, tree)
    (tree / ".git").mkdir()
    one, two = _audit(tree, 1), _audit(tree, 2)
    assert two["ts"].get("prefork") == {"files": 1, "taken": 1}  # the child's run was taken
    assert "shared" in two["ts"]  # through the share (the path that pauses the collector)
    assert two["found"] == one["found"]
    ts_rows = [k for k in two["found"] if k[4] == "ts"]
    assert [k[:5] for k in ts_rows] == [["tool-shell-injection", "server.ts", 10, "show_dir", "ts"]]
    assert "passes parameter 'dir' to child_process.exec(): OS command injection" in ts_rows[0][5]
    assert not [k for k in two["found"] if k[3] in ("show_dir_safe", "grep_logs_safe")]
