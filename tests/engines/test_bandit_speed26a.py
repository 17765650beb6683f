"""speed26a: the bandit prefilter's table kept beside the byte code (mcpaudit/engines/bandit_table.py).

The scanning process screens bandit's files with the table a launcher built (or
``codecache.prime``): a tree no enabled test can fire on starts no bandit process and gives the
same report; a tree where some file passes gives the same findings; a missing or stale table
(another stamp) screens nothing; a launcher that built another table than the one screened with
gets the screened-out files after all; a launcher's table is kept when byte code is written.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.engines import bandit, bandit_launch, bandit_table
from mcpaudit.engines.bandit_prefilter import build_table

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "speed26a" / "bandit"
PROFILE = bandit_launch.default_profile()
SHELL_LINE, PRUNE_LINE = 15, 8  # server.py: subprocess.run(f"du -sh {folder}", shell=True); helpers.py: os.system


@pytest.fixture
def table(tmp_path, monkeypatch):
    """The table's file in ``tmp_path`` (absent until written)."""
    path = tmp_path / "bandit-prefilter.marshal"
    monkeypatch.setattr(bandit_table, "table_path", lambda: path)
    return path


@pytest.fixture
def started(monkeypatch):
    """Every bandit command line started (early or not)."""
    seen = []
    real_start, real_run = bandit_launch.start_command, bandit_launch.run_command

    def start_command(argv, **kw):
        seen.append(argv)
        return real_start(argv, **kw)

    def run_command(argv, **kw):
        seen.append(argv)
        return real_run(argv, **kw)

    monkeypatch.setattr(bandit_launch, "start_command", start_command)
    monkeypatch.setattr(bandit_launch, "run_command", run_command)
    return seen


def _tree(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURE / name, root)
    return root


def _files(root: Path):
    return sorted(root.glob("*.py"))


def _hits(out):
    return [(f.rule_id, f.location.path, f.location.line, f.message) for f in out.findings]


def _given(argvs):
    """The files given to bandit's processes, all of them (the chunks depend on the cores)."""
    return sorted(Path(a).name for argv in argvs for a in argv[argv.index("--") + 1:])


def test_a_tree_no_test_fires_on_starts_no_bandit_process(tmp_path, table, started):
    root = _tree(tmp_path, "safe")
    plain = bandit.run(_files(root), root, timeout=300)  # no table: the launcher filters
    assert _given(started) == ["server.py", "units.py"] and plain.details["prefilter"] == {"files": 2, "passed": 0}
    assert bandit_table.prime(PROFILE) and table.exists()
    started.clear()
    screened = bandit.run(_files(root), root, timeout=300)
    assert started == []  # no process at all
    assert screened.ran and screened.findings == plain.findings == [] and screened.errors == []
    assert screened.details == plain.details


def test_a_scan_of_the_safe_twin_gives_the_same_report_without_a_process(tmp_path, table, started):
    root = _tree(tmp_path, "safe")
    cfg = Config(engines=("cst", "bandit"), cache=False, jobs=2)
    plain = api.audit([root], cfg)
    bandit_table.prime(PROFILE)
    started.clear()
    screened = api.audit([root], cfg)
    assert started == []
    assert plain.findings == screened.findings == []
    assert screened.stats.engines["bandit"]["prefilter"] == {"files": 2, "passed": 0}


def test_a_tree_where_files_pass_gives_the_same_findings(tmp_path, table, started):
    root = _tree(tmp_path, "vulnerable")
    plain = _hits(bandit.run(_files(root), root, timeout=300))
    bandit_table.prime(PROFILE)
    started.clear()
    launch = bandit_launch.plan(_files(root), root)
    # helpers.py passes: screening stops there, it and the rest go to the launcher
    assert launch.screened.dropped == [] and len(launch.screened.given) == 3
    launch.close()
    screened = _hits(bandit.run(_files(root), root, timeout=300))
    assert screened == plain
    assert [(r, p, n) for r, p, n, _m in screened] == [("B605", "helpers.py", PRUNE_LINE), ("B602", "server.py", SHELL_LINE)]
    assert screened[0][3].startswith("Starting a process with a shell, possible injection detected")
    assert screened[1][3].startswith("subprocess call with shell=True identified")


def test_files_screened_out_before_the_first_that_passes_are_not_given(tmp_path, table, started):
    root = _tree(tmp_path, "vulnerable")
    files = [root / "units.py", root / "server.py", root / "helpers.py"]
    plain = _hits(bandit.run(files, root, timeout=300))
    bandit_table.prime(PROFILE)
    started.clear()
    out = bandit.run(files, root, timeout=300)
    assert _given(started) == ["helpers.py", "server.py"]
    assert _hits(out) == plain and out.details["prefilter"] == {"files": 3, "passed": 2}


def test_a_missing_or_stale_table_screens_nothing(tmp_path, table):
    root = _tree(tmp_path, "safe")
    assert bandit_launch.plan(_files(root), root).screened.given == [str(p) for p in _files(root)]  # missing
    other = tmp_path / "bandit.yaml"
    other.write_text(PROFILE.read_text() + "\n# edited\n")
    bandit_table.prime(other)  # a table for another profile: another stamp
    assert bandit_table.stamp(other) != bandit_table.stamp(PROFILE)
    assert bandit_table.load(bandit_table.stamp(PROFILE)) is None
    assert bandit_launch.plan(_files(root), root).screened.given == [str(p) for p in _files(root)]
    table.write_bytes(b"not marshal")
    assert bandit_table.load(bandit_table.stamp(PROFILE)) is None


def test_the_stamp_follows_the_import_path(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.setattr(sys, "path", [sys.path[0], *sys.path[1:], str(folder)])
    before = bandit_table.stamp(PROFILE)
    (folder / "bandit_plugin-1.0.dist-info").mkdir()  # a distribution installed there
    import os

    os.utime(folder, ns=(1, 1))
    assert bandit_table.stamp(PROFILE) != before


def test_a_launcher_with_another_table_gets_the_screened_out_files(tmp_path, table, started):
    """A kept table that leaves out B605 (as if a change had escaped the stamp): helpers.py is
    screened out, server.py passes; the launcher reports the real table, so helpers.py is run
    through bandit after all and its finding is reported."""
    root = _tree(tmp_path, "vulnerable")
    plain = _hits(bandit.run(_files(root), root, timeout=300))
    real, _why = build_table(str(PROFILE))
    narrow = {**real, "enabled": ["B602"]}
    bandit_table.save(bandit_table.stamp(PROFILE), narrow, None)
    started.clear()
    out = bandit.run(_files(root), root, timeout=300)
    assert _given(started) == ["helpers.py", "server.py", "units.py"]
    assert _given(started[-1:]) == ["helpers.py"]  # run after the launchers, on its own
    assert _hits(out) == plain and ("B605", "helpers.py", PRUNE_LINE) in [h[:3] for h in _hits(out)]
    assert out.details["prefilter"] == {"files": 3, "passed": 2}


def test_a_stale_kept_table_is_replaced_by_the_launchers(tmp_path, table, started, monkeypatch):
    """The launchers' table replaces a stale kept one (where byte code is written): the second
    scan screens with it and starts no extra run for the files the stale one screened out."""
    root = _tree(tmp_path, "vulnerable")
    real, why = build_table(str(PROFILE))
    bandit_table.save(bandit_table.stamp(PROFILE), {**real, "enabled": ["B602"]}, None)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    first = bandit.run(_files(root), root, timeout=300)
    assert first.details["prefilter"] == {"files": 3, "passed": 2}  # helpers.py run again after the launchers
    assert bandit_table.load(bandit_table.stamp(PROFILE)) == {"table": real, "disabled": why}
    reruns, real_plan = [], bandit.plan

    def plan(files, root, **kw):
        if kw.get("screen") is False:  # the run of the screened-out files after the launchers
            reruns.append(sorted(Path(f).name for f in files))
        return real_plan(files, root, **kw)

    monkeypatch.setattr(bandit, "plan", plan)
    started.clear()
    second = bandit.run(_files(root), root, timeout=300)
    assert reruns == []
    assert _given(started) == ["helpers.py", "server.py", "units.py"]
    assert _hits(second) == _hits(first)


def test_a_launchers_table_is_kept_where_byte_code_is_written(tmp_path, table, monkeypatch):
    root = _tree(tmp_path, "safe")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    bandit.run(_files(root), root, timeout=300)
    assert not table.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    bandit.run(_files(root), root, timeout=300)
    real, why = build_table(str(PROFILE))
    assert bandit_table.load(bandit_table.stamp(PROFILE)) == {"table": real, "disabled": why}


def test_a_file_over_the_budget_goes_to_bandit_unread(tmp_path, table):
    root = _tree(tmp_path, "safe")
    bandit_table.prime(PROFILE)
    files = [str(p) for p in _files(root)]
    screened = bandit_table.screen(files, PROFILE, budget=10)
    assert screened.given == files and screened.dropped == []
    screened = bandit_table.screen(files, PROFILE, budget=(root / "server.py").stat().st_size)
    assert screened.given == files[1:] and screened.dropped == files[:1]
