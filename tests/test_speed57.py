"""speed57: the command line's start-up without the cyclic collector (:func:`mcpaudit._gc.pause_start`
until :func:`mcpaudit._gc.end_start`, which freezes what is alive before the ts child is forked).

Each check runs in a fresh interpreter: the collector's state is the process's own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PREFORK = ROOT / "fixtures" / "typescript" / "prefork"

can_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")


def _python(code: str, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          cwd=str(ROOT), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


_UNIT = r"""
import gc, json
from mcpaudit._gc import end_start, pause_start, paused
out = {}
pause_start()
out["paused"] = gc.isenabled()
end_start()
out["ended"] = gc.isenabled()
out["frozen"] = gc.get_freeze_count() > 0
frozen = gc.get_freeze_count()
end_start()  # a second end: nothing
out["second_end_same"] = gc.get_freeze_count() == frozen and gc.isenabled()
gc.unfreeze()
gc.disable()
pause_start()  # off already: nothing to pause, nothing to end
end_start()
out["off_stays_off"] = not gc.isenabled() and gc.get_freeze_count() == 0
gc.enable()
pause_start()
with paused():
    end_start()  # inside a pause: on again only when the pause ends
    out["inside_pause"] = gc.isenabled()
out["after_pause"] = gc.isenabled()
print(json.dumps(out))
"""


def test_start_pause_and_end():
    out = json.loads(_python(_UNIT))
    assert out == {"paused": False, "ended": True, "frozen": True, "second_end_same": True,
                   "off_stays_off": True, "inside_pause": False, "after_pause": True}


_FORK = r"""
import gc, json
from mcpaudit._gc import pause_start
from mcpaudit.engines.prefork import Prefork
pause_start()
pf = Prefork.start(lambda: (gc.isenabled(), gc.get_freeze_count() > 0))
print(json.dumps({"child": pf.result(), "parent": [gc.isenabled(), gc.get_freeze_count() > 0]}))
"""


@can_fork
def test_the_fork_ends_the_start_up_in_both_processes():
    out = json.loads(_python(_FORK))
    assert out == {"child": [True, True], "parent": [True, True]}


_AUDIT = r"""
import gc, json, sys
from pathlib import Path
from mcpaudit._gc import pause_start
from mcpaudit.api import audit
from mcpaudit.config import Config

tree, jobs = Path(sys.argv[1]), int(sys.argv[2])

def keys(result):
    return sorted([f.rule_id, f.location.path, f.location.line, f.tool, f.engine, f.message]
                  for f in result.findings)

plain = keys(audit([tree], Config(cache=False, jobs=jobs)))
pause_start()
paused = audit([tree], Config(cache=False, jobs=jobs))
print(json.dumps({"plain": plain, "paused": keys(paused), "on_after": gc.isenabled(),
                  "prefork": (paused.stats.engines or {}).get("ts", {}).get("prefork")}))
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_scan_started_paused_ends_the_pause_and_finds_the_same(tmp_path, jobs):
    tree = tmp_path / "server"
    shutil.copytree(PREFORK, tree)
    (tree / ".git").mkdir()
    out = json.loads(_python(_AUDIT, str(tree), str(jobs)))
    assert out["on_after"] is True  # the pipeline turned the collector back on
    assert out["paused"] == out["plain"]
    found = {(k[0], k[1], k[2], k[3], k[4]) for k in out["paused"] if k[4] in ("cst", "ts")}
    assert found == {
        ("tool-shell-injection", "pytool/server.py", 11, "grep_logs", "cst"),
        ("tool-shell-injection", "server.ts", 10, "show_dir", "ts"),
    }
    msg = next(k[5] for k in out["paused"] if k[4] == "ts")
    assert msg == "tool 'show_dir' passes parameter 'dir' to child_process.exec(): OS command injection"
    assert not [k for k in out["paused"] if k[3] in ("show_dir_safe", "grep_logs_safe")]
    if jobs == 2 and hasattr(os, "fork"):
        assert out["prefork"] == {"files": 1, "taken": 1}  # the fork path ended the start-up


_CLI = r"""
import gc, runpy, sys
seen = {}
import mcpaudit.pipeline as P
orig = P._run_all
def probe(*a, **k):
    seen["on"] = gc.isenabled()
    seen["frozen"] = gc.get_freeze_count() > 0
    return orig(*a, **k)
P._run_all = probe
import atexit
atexit.register(lambda: sys.stderr.write("PROBE %r\n" % (seen,)))
sys.argv = ["mcpaudit", *sys.argv[1:]]
runpy.run_module("mcpaudit.cli", run_name="__main__", alter_sys=True)
"""


def test_the_command_line_pauses_its_start_up_and_the_engines_run_with_the_collector_on(tmp_path):
    tree = tmp_path / "server"
    shutil.copytree(PREFORK, tree)
    (tree / ".git").mkdir()
    report = tmp_path / "out.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _CLI, "scan", str(tree), "-f", "json", "-o", str(report),
                           "--fail-on", "never", "--no-cache", "--engines", "cst,ts"],
                          capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "PROBE {'on': True, 'frozen': True}" in done.stderr
    rows = {(f["rule_id"], f["path"], f["line"]) for f in json.loads(report.read_text())["findings"]}
    assert ("tool-shell-injection", "server.ts", 10) in rows
    assert ("tool-shell-injection", "pytool/server.py", 11) in rows


_RUN = r"""
import gc
import mcpaudit.quick as quick
from mcpaudit._gc import pause_start
pause_start()
def command():  # a command that never starts the engines (``rules``, a usage error)
    raise SystemExit(0)
def caller():  # a caller of its own: run() leaves at once only at the top (mcpaudit.quick._at_top)
    quick.run(command)
try:
    caller()
except SystemExit:
    pass
print(gc.isenabled())
"""


def test_a_command_that_never_starts_the_engines_ends_the_pause_for_a_caller_that_goes_on():
    assert _python(_RUN).strip() == "True"
