"""Semgrep's per-rule time limit (on the clock, so a loaded machine reaches it) never changes the
findings silently: a file it cut short runs again with a longer limit; a file cut short again is a
fatal engine error naming it (exit code 2), a skipped file, and a result no cache keeps.

The load is injected, not timed: a wrapper around the real semgrep reports semgrep's own
``Timeout`` error for ``slow.py`` (and drops its results, as semgrep does) whenever the run's
``--timeout`` is below what the test says the file needs (fixtures/semgrep_timeouts: ``slow.py``
holds an unsafe YAML load, ``fast.py`` its safe twin)."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from mcpaudit.engines import semgrep
from mcpaudit.engines._subprocess import find_executable
from mcpaudit.engines.semgrep import runner as semgrep_runner
from mcpaudit.engines.semgrep import timeouts

REAL = find_executable("semgrep")
pytestmark = pytest.mark.skipif(REAL is None or sys.platform == "win32", reason="needs semgrep and a POSIX shell")
FIXTURE = Path(__file__).resolve().parent.parent.parent / "fixtures" / "semgrep_timeouts"

RULE = "yaml-unsafe-load"
CUT = ("Timeout: semgrep's per-rule time limit (measured by semgrep on the clock) cut yaml-unsafe-load short, "
       "at 10s with the other files and again at 60s when re-run with the other files cut short; the file's semgrep results are incomplete")


class Wrapper:
    """The real semgrep behind a script that times ``slow.py`` out below ``needs`` seconds."""

    def __init__(self, tmp_path: Path):
        self.control = tmp_path / "needs"
        self.log = tmp_path / "runs.log"
        self.exe = tmp_path / "bin" / "semgrep"
        self.exe.parent.mkdir()
        self.exe.write_text(f"#!{sys.executable}\n" + textwrap.dedent(f"""\
            import json, subprocess, sys
            argv = sys.argv[1:]
            limit = float(next(a.split("=", 1)[1] for a in argv if a.startswith("--timeout=")))
            slow = [a for a in argv if a.endswith("slow.py")]
            with open({str(self.log)!r}, "a") as fh:
                fh.write(json.dumps({{"limit": limit, "targets": [a.rsplit("/", 1)[-1] for a in argv
                                                                   if a.endswith(".py")]}}) + "\\n")
            done = subprocess.run([{REAL!r}, *argv], capture_output=True, text=True)
            doc = json.loads(done.stdout)
            if slow and limit < float(open({str(self.control)!r}).read()):
                doc["results"] = [r for r in doc["results"] if not r["path"].endswith("slow.py")]
                doc["errors"] = doc.get("errors", []) + [
                    {{"code": 2, "level": "warn", "type": "Timeout", "rule_id": {RULE!r},
                      "message": "Timeout when running {RULE} on " + p + ":\\n ", "path": p}} for p in slow]
            print(json.dumps(doc))
            sys.exit(done.returncode)
            """))
        self.exe.chmod(0o755)
        self.needs(0)

    def needs(self, seconds: float) -> None:
        self.control.write_text(str(seconds))

    def runs(self):
        out = [json.loads(line) for line in self.log.read_text().splitlines()] if self.log.exists() else []
        self.log.unlink(missing_ok=True)
        return out


@pytest.fixture(autouse=True)
def quiet_machine(monkeypatch):
    """The retry's limit scales with the load per core (timeouts.retry_limit): 1 here, so 60 s."""
    monkeypatch.setattr(timeouts, "load_per_core", lambda: 1.0)


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def wrapper(tmp_path) -> Wrapper:
    return Wrapper(tmp_path)


def _scan(tree: Path, wrapper: Wrapper):
    return semgrep.run([tree / "fast.py", tree / "slow.py"], tree, executable=str(wrapper.exe))


def _found(out):
    return [(f.rule_id, f.location.path, f.location.line) for f in out.findings]


def test_quiet_machine_one_run_and_the_finding(tree, wrapper):
    out = _scan(tree, wrapper)
    assert _found(out) == [(RULE, "slow.py", 8)]
    assert "YAML is parsed without a safe loader" in out.findings[0].message
    assert out.succeeded and out.errors == [] and out.skipped == [] and "timeouts" not in out.details
    assert wrapper.runs() == [{"limit": 10.0, "targets": ["fast.py", "slow.py"]}]


def test_the_files_the_limit_cut_short_run_again_together_with_a_longer_limit(tree, wrapper):
    wrapper.needs(30)  # what a loaded machine makes of it: past 10 s, within 60 s
    out = _scan(tree, wrapper)
    assert _found(out) == [(RULE, "slow.py", 8)]  # the same finding as on a quiet machine
    assert out.succeeded and out.errors == [] and out.skipped == []
    assert out.details["timeouts"] == {"retried": 1, "cut_short": 0, "retry_limit": 60.0}
    assert wrapper.runs() == [{"limit": 10.0, "targets": ["fast.py", "slow.py"]},
                              {"limit": 10.0 * timeouts.RETRY_FACTOR, "targets": ["slow.py"]}]


def test_a_file_cut_short_again_is_a_fatal_error_and_a_skip_the_rest_is_kept(tree, wrapper):
    wrapper.needs(1000)
    (tree / "other.py").write_text("import yaml\n\n\ndef f(t):\n    return yaml.full_load(t)\n")
    out = semgrep.run([tree / "fast.py", tree / "other.py", tree / "slow.py"], tree, executable=str(wrapper.exe))
    assert _found(out) == [(RULE, "other.py", 5)]  # what the run did report stays
    assert out.ran and not out.succeeded
    assert [(e.engine, e.path, e.fatal, e.message) for e in out.errors] == [("semgrep", "slow.py", True, CUT)]
    assert [(s.path, s.reason) for s in out.skipped] == [("slow.py", "semgrep: " + CUT)]
    assert out.details["timeouts"] == {"retried": 1, "cut_short": 1, "retry_limit": 60.0}
    assert [r["targets"] for r in wrapper.runs()] == [["fast.py", "other.py", "slow.py"], ["slow.py"]]


def test_split_keeps_the_other_errors_and_the_results():
    doc = {"results": [{"path": "/r/a.py"}], "errors": [
        {"type": "Timeout", "rule_id": "r1", "path": "/r/a.py"},
        {"type": ["Timeout"], "rule_id": "r2", "path": "/r/a.py"},
        {"type": "Timeout", "rule_id": "r1", "path": "/r/a.py"},
        {"type": "Syntax error", "path": "/r/b.py"},
        {"type": "Timeout", "message": "no path: not a file's"}]}
    assert timeouts.split(doc) == {"/r/a.py": ["r1", "r2"]}
    assert doc["results"] == [{"path": "/r/a.py"}]
    assert doc["errors"] == [{"type": "Syntax error", "path": "/r/b.py"},
                             {"type": "Timeout", "message": "no path: not a file's"}]


def test_the_scan_exits_2_says_what_was_cut_short_and_caches_nothing_partial(tree, wrapper, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from mcpaudit.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(semgrep_runner, "_executable", lambda executable=None: str(wrapper.exe))
    report = tmp_path / "report.json"
    args = ["scan", str(tree), "--engines", "semgrep", "-f", "json", "-o", str(report), "--fail-on", "never",
            "--cache-dir", str(tmp_path / "cache")]

    def scan():
        res = CliRunner().invoke(main, args, catch_exceptions=False)
        doc = json.loads(report.read_text())
        return res, doc, [(f["rule_id"], f["path"], f["line"]) for f in doc["findings"]]

    wrapper.needs(1000)
    res, doc, found = scan()
    assert res.exit_code == 2, res.output
    assert found == []
    assert [(e["engine"], e["path"], e["fatal"], e["message"]) for e in doc["errors"]] == [
        ("semgrep", "slow.py", True, CUT)]
    assert [(s["path"], s["reason"]) for s in doc["skipped"]] == [("slow.py", "semgrep: " + CUT)]
    assert doc["stats"]["engines"]["semgrep"]["timeouts"] == {"retried": 1, "cut_short": 1, "retry_limit": 60.0}
    assert "semgrep" not in doc["engines_run"]
    assert len(wrapper.runs()) == 2

    wrapper.needs(0)  # the machine is quiet again: the same bytes, the same settings
    res, doc, found = scan()
    assert res.exit_code == 0, res.output
    assert found == [(RULE, "slow.py", 8)]  # neither cache kept the partial result
    assert doc["errors"] == [] and doc["skipped"] == [] and "semgrep" in doc["engines_run"]
    assert wrapper.runs() == [{"limit": 10.0, "targets": ["fast.py", "slow.py"]}]

    res, doc, found = scan()  # a complete result is kept as before
    assert res.exit_code == 0 and found == [(RULE, "slow.py", 8)]
    assert doc["stats"]["cache"]["scan"] == {"hits": 1, "misses": 0} and wrapper.runs() == []


def test_the_retry_limit_scales_with_the_load_per_core_within_the_engine_bound(monkeypatch):
    assert timeouts.retry_limit(10, 900) == 60.0  # quiet (load per core 1)
    monkeypatch.setattr(timeouts, "load_per_core", lambda: 21.0)  # load 42 on two cores
    assert timeouts.retry_limit(10, 900) == 225.0  # a quarter of what the engine's bound leaves
    assert timeouts.retry_limit(10, 8000) == 1260.0
    assert timeouts.retry_limit(10, 100) == 25.0  # less than six times the first: all that fits
    monkeypatch.setattr(timeouts, "load_per_core", lambda: 0.3)
    assert timeouts.retry_limit(2.5, 900) == 15.0


def test_the_retry_limit_fits_every_file_run_again_within_the_engine_bound(monkeypatch):
    monkeypatch.setattr(timeouts, "load_per_core", lambda: 21.0)
    # two files, each up to 3 timed-out rules, one after another: 900 / (3 x 2 + 1)
    assert timeouts.retry_limit(10, 900, files=2) == 129.0
    assert timeouts.retry_limit(10, 900, files=5) == 57.0
    monkeypatch.setattr(timeouts, "load_per_core", lambda: 1.0)
    assert timeouts.retry_limit(0.05, 900) == 1.0  # never 0, which semgrep reads as no limit
    assert timeouts.retry_limit(10, 2, files=3) == 1.0


def test_the_load_is_counted_on_the_cores_the_process_may_use(monkeypatch):
    monkeypatch.undo()  # the real load_per_core
    monkeypatch.setattr(timeouts.os, "getloadavg", lambda: (8.0, 0.0, 0.0))
    monkeypatch.setattr(timeouts.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(timeouts.os, "cpu_count", lambda: 64)
    assert timeouts.load_per_core() == 4.0


def test_a_retry_that_runs_out_of_the_engine_bound_keeps_the_first_pass(tree, wrapper, monkeypatch):
    """The retry's subprocess reaches the engine's deadline (a fake Timeout, not timed): the late
    files are cut short, fatal, and every other file's findings stay."""
    wrapper.needs(1000)
    (tree / "other.py").write_text("import yaml\n\n\ndef f(t):\n    return yaml.full_load(t)\n")
    real = semgrep_runner._run_chunk

    def run_chunk(fixed, chunk, timeout, env, cwd):
        if "--timeout=60" in fixed:  # the retry
            raise semgrep_runner.Timeout(timeout)
        return real(fixed, chunk, timeout, env, cwd)

    monkeypatch.setattr(semgrep_runner, "_run_chunk", run_chunk)
    out = semgrep.run([tree / "fast.py", tree / "other.py", tree / "slow.py"], tree, executable=str(wrapper.exe))
    assert _found(out) == [(RULE, "other.py", 5)]
    assert out.ran and not out.succeeded
    why = ("Timeout: semgrep's per-rule time limit (measured by semgrep on the clock) cut yaml-unsafe-load short, "
           "at 10s with the other files and its re-run at 60s per rule did not finish within the engine's "
           "time bound (600 s); the file's semgrep results are incomplete")
    assert [(e.engine, e.path, e.fatal, e.message) for e in out.errors] == [("semgrep", "slow.py", True, why)]
    assert [(s.path, s.reason) for s in out.skipped] == [("slow.py", "semgrep: " + why)]
    assert out.details["timeouts"] == {"retried": 1, "cut_short": 1, "retry_limit": 60.0}


def test_late_paths_semgrep_was_not_given_are_cut_short_but_not_counted_as_retried(tree, wrapper, monkeypatch):
    wrapper.needs(30)
    split = timeouts.split

    def with_a_stranger(doc):
        late = split(doc)
        if late:
            late[str(tree / "elsewhere.py")] = ["r9"]
        return late

    monkeypatch.setattr(timeouts, "split", with_a_stranger)
    out = _scan(tree, wrapper)
    assert _found(out) == [(RULE, "slow.py", 8)]
    assert out.details["timeouts"]["retried"] == 1
    assert [e.path for e in out.errors if e.fatal] == ["elsewhere.py"]


def test_the_retry_reports_no_error_the_first_pass_reported():
    first = {"errors": [{"type": "Syntax error", "path": "/r/a.py", "message": "bad"}],
             "skipped_rules": [{"rule_id": "r1"}]}
    known = timeouts.error_keys(first)
    retry = {"results": [{"path": "/r/a.py"}],
             "errors": [{"type": "Syntax error", "path": "/r/a.py", "message": "bad"},
                        {"type": "PartialParsing", "path": "/r/a.py", "message": "new"}],
             "skipped_rules": [{"rule_id": "r1"}, {"rule_id": "r2"}]}
    timeouts.drop_known(retry, known)
    assert retry == {"results": [{"path": "/r/a.py"}],
                     "errors": [{"type": "PartialParsing", "path": "/r/a.py", "message": "new"}],
                     "skipped_rules": [{"rule_id": "r2"}]}


def test_two_late_files_share_what_is_left_of_the_engine_bound(tree, wrapper, monkeypatch):
    """Two files cut short: the retry's limit is what fits both (remaining / (3 x 2 + 1)), not six
    times the first; they stay cut short and the first pass's other findings stay."""
    wrapper.needs(1000)
    (tree / "also_slow.py").write_text((tree / "slow.py").read_text())
    (tree / "other.py").write_text("import yaml\n\n\ndef f(t):\n    return yaml.full_load(t)\n")
    clock = iter([0.0] + [1.0] * 1000)  # the first pass took 1 s of the 71 s bound: 70 / 7 left per rule
    monkeypatch.setattr(semgrep_runner.time, "monotonic", lambda: next(clock))
    files = [tree / n for n in ("also_slow.py", "fast.py", "other.py", "slow.py")]
    out = semgrep.run(files, tree, executable=str(wrapper.exe), timeout=71)
    assert _found(out) == [(RULE, "other.py", 5)]
    assert [(e.path, e.fatal) for e in out.errors] == [("also_slow.py", True), ("slow.py", True)]
    assert "again at 10s when re-run with the other files cut short" in out.errors[0].message
    assert out.details["timeouts"] == {"retried": 2, "cut_short": 2, "retry_limit": 10.0}
    assert [r["limit"] for r in wrapper.runs()] == [10.0, 10.0]
