"""Engines misbehaving: semgrep or bandit missing, exiting non-zero, timing out, printing invalid
JSON, raising, or reporting paths outside the root.

The real adapters run against fake executables written at test time (both accept an
``executable``); the pipeline keeps the other engines' results, reports the failure in every
output format, exits 2, and never scores a checklist item as passed on the failed engine's word.
"""

from __future__ import annotations

import functools
import io
import json
import sys
import time

import pytest

from hostile_helpers import VULN_SERVER, cli, finding_paths, install_engine, ok_engine, scan, write

from mcpaudit.api import gate
from mcpaudit.checklists import engine_for_rule, load_checklists
from mcpaudit.config import Config
from mcpaudit.engines import EngineOutput
from mcpaudit.engines import bandit as bandit_engine
from mcpaudit.engines import semgrep as semgrep_engine

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake executables are POSIX scripts")

ADAPTERS = {"semgrep": semgrep_engine, "bandit": bandit_engine}

OUTSIDE_DOC = {
    "semgrep": {
        "results": [
            {"check_id": "subprocess-shell-true", "path": "/etc/passwd",
             "start": {"line": 1, "col": 1}, "end": {"line": 1, "col": 5},
             "extra": {"message": "outside", "severity": "ERROR", "metadata": {"cwe": ["CWE-78"]}}},
            {"check_id": "subprocess-shell-true", "path": "{root}/../outside/evil.py",
             "start": {"line": 1, "col": 1}, "end": {"line": 1, "col": 5},
             "extra": {"message": "dotdot", "severity": "ERROR", "metadata": {"cwe": ["CWE-78"]}}},
        ],
        "errors": [], "paths": {"scanned": []},
    },
    "bandit": {
        "results": [
            {"filename": "/etc/passwd", "line_number": 1, "col_offset": 0, "line_range": [1],
             "test_id": "B602", "test_name": "subprocess_popen_with_shell_equals_true",
             "issue_severity": "HIGH", "issue_confidence": "HIGH", "issue_text": "outside",
             "issue_cwe": {"id": 78}, "code": "x"},
            {"filename": "{root}/../outside/evil.py", "line_number": 1, "col_offset": 0, "line_range": [1],
             "test_id": "B602", "test_name": "subprocess_popen_with_shell_equals_true",
             "issue_severity": "HIGH", "issue_confidence": "HIGH", "issue_text": "dotdot",
             "issue_cwe": {"id": 78}, "code": "x"},
        ],
        "errors": [], "metrics": {},
    },
}

MODES = {
    "exit": "sys.stderr.write('engine exploded: segmentation fault\\n'); sys.exit(7)",
    "badjson": "print('{\"results\": [ this is not json'); sys.exit(0)",
    "empty": "sys.exit(0)",
    "timeout": "time.sleep(120)",
}


def _fake(tmp_path, name: str, body: str):
    path = tmp_path / "fakebin" / name
    write(path, f"#!{sys.executable}\nimport json, sys, time\n{body}\n")
    path.chmod(0o755)
    return path


def _use_executable(monkeypatch, name: str, exe) -> None:
    mod = ADAPTERS[name]
    monkeypatch.setattr(mod, "run", functools.partial(mod.run, executable=str(exe)))


@pytest.fixture()
def repo(tmp_path):
    root = tmp_path / "repo"
    write(root / "server.py", VULN_SERVER)
    return root


def _render_all(result) -> dict:
    from rich.console import Console

    from mcpaudit.reporters import github, markdown, sarif
    from mcpaudit.reporters import json as json_reporter
    from mcpaudit.reporters import rich as rich_reporter

    buf = io.StringIO()
    rich_reporter.render(result, Console(file=buf, width=200, no_color=True, markup=False, highlight=False))
    return {
        "rich": buf.getvalue(),
        "json": json_reporter.render(result),
        "sarif": sarif.render(result),
        "markdown": markdown.render(result),
        "github": github.render(result),
    }


def _assert_failure_reported(result, name: str, words: str) -> None:
    fatal = [e for e in result.fatal_errors if e.engine == name]
    assert fatal, result.errors
    assert words.lower() in fatal[0].message.lower(), fatal[0].message
    assert name not in result.engines_run and "cst" in result.engines_run
    # the other engine's results are kept
    assert "server.py" in finding_paths(result, "tool-shell-injection")
    assert gate(result, Config())[0] == 2
    outputs = _render_all(result)
    for fmt, text in outputs.items():
        assert name in text and words.lower() in text.lower(), f"{name} failure missing from the {fmt} report"
    doc = json.loads(outputs["json"])
    assert name in doc["summary"]["failed_engines"]
    assert json.loads(outputs["sarif"])["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert any(line.startswith("::error") and name in line for line in outputs["github"].splitlines())
    _assert_no_pass_on_failed_engine(result, {name})


def _assert_no_pass_on_failed_engine(result, failed: set) -> int:
    """A rules item decided only by engines that did not run (some of them failed) is
    not-assessed; one that passes on another engine's word names the failed one as not run and
    never claims 'no findings from' it. Returns how many items were decided by failed engines
    alone."""
    rule_engines = {m.id: m.engine for m in result.rules}
    items = {i.id: i for c in load_checklists() for i in c.items}
    ran = set(result.engines_run)
    only_failed = 0
    for c in result.checklists:
        for r in c.items:
            item = items[r.id]
            if not item.rules or item.facts:
                continue
            engines = {engine_for_rule(rid, rule_engines) for rid in item.rules} - {None}
            if engines & failed and not engines & ran:
                only_failed += 1
                assert r.status == "not-assessed", (r.id, r.status, r.note)
            if r.status == "pass":
                for name in failed & engines:
                    assert name not in r.note.split(";")[0], (r.id, r.note)  # "no findings from ..."
                    assert "not run" in r.note and name in r.note, (r.id, r.note)
    return only_failed


@pytest.mark.parametrize("name", ["semgrep", "bandit"])
@pytest.mark.parametrize("mode,words", [("exit", "exit 7"), ("badjson", "no valid JSON"),
                                        ("empty", "no valid JSON")])
def test_engine_that_fails_is_reported_everywhere_and_exits_2(repo, tmp_path, monkeypatch, name, mode, words):
    _use_executable(monkeypatch, name, _fake(tmp_path, name, MODES[mode]))
    result = scan(repo, engines=("cst", name))
    _assert_failure_reported(result, name, words)


@pytest.mark.parametrize("name", ["semgrep", "bandit"])
def test_engine_that_hangs_is_killed_at_its_timeout(repo, tmp_path, monkeypatch, name):
    _use_executable(monkeypatch, name, _fake(tmp_path, name, MODES["timeout"]))
    t0 = time.monotonic()
    result = scan(repo, engines=("cst", name), engine_timeout=3)
    assert time.monotonic() - t0 < 60
    _assert_failure_reported(result, name, "timed out")


@pytest.mark.parametrize("name", ["semgrep", "bandit"])
def test_engine_executable_missing(repo, tmp_path, monkeypatch, name):
    _use_executable(monkeypatch, name, tmp_path / "fakebin" / f"no-such-{name}")
    result = scan(repo, engines=("cst", name))
    _assert_failure_reported(result, name, "not found")


@pytest.mark.parametrize("name", ["semgrep", "bandit"])
def test_adapter_that_raises(repo, monkeypatch, name):
    def boom(files, root, **kw):
        raise RuntimeError("adapter bug")

    monkeypatch.setattr(ADAPTERS[name], "run", boom)
    result = scan(repo, engines=("cst", name))
    _assert_failure_reported(result, name, "adapter bug")


@pytest.mark.parametrize("name", ["semgrep", "bandit"])
def test_engine_results_outside_the_root_are_dropped_and_said(repo, tmp_path, monkeypatch, name):
    doc = json.dumps(OUTSIDE_DOC[name]).replace("{root}", str(repo))
    _use_executable(monkeypatch, name, _fake(tmp_path, name, f"print({doc!r}); sys.exit(0)"))
    (tmp_path / "outside").mkdir()
    write(tmp_path / "outside" / "evil.py", VULN_SERVER)
    result = scan(repo, engines=("cst", name))
    paths = {f.location.path for f in result.findings}
    assert paths == {"server.py"}, paths
    assert not any(p.startswith("/") or ".." in p.split("/") for p in paths)
    notes = [e for e in result.errors if e.engine == name]
    assert notes and not any(e.fatal for e in notes), result.errors
    assert any("outside" in e.message for e in notes)
    assert name in result.engines_run  # it ran; what it said about other paths was discarded


def test_both_external_engines_failing_leaves_their_checklist_items_not_assessed(repo, tmp_path, monkeypatch):
    _use_executable(monkeypatch, "semgrep", _fake(tmp_path, "semgrep", MODES["exit"]))
    _use_executable(monkeypatch, "bandit", _fake(tmp_path, "bandit", MODES["badjson"]))
    result = scan(repo, engines=("cst", "semgrep", "bandit"))
    assert {e.engine for e in result.fatal_errors} == {"semgrep", "bandit"}
    assert result.engines_run == ["cst"]
    assert _assert_no_pass_on_failed_engine(result, {"semgrep", "bandit"}) > 0
    # e.g. 'no hard-coded credentials' is decided by semgrep and bandit rules only
    statuses = {r.id: r.status for c in result.checklists for r in c.items}
    assert statuses["000-T1"] == "not-assessed"


def test_one_engine_failing_while_the_other_runs(repo, tmp_path, monkeypatch):
    _use_executable(monkeypatch, "semgrep", _fake(tmp_path, "semgrep", MODES["exit"]))
    install_engine(monkeypatch, "bandit", ok_engine("bandit"))
    result = scan(repo, engines=("cst", "semgrep", "bandit"))
    assert result.engines_run == ["cst", "bandit"]
    _assert_failure_reported(result, "semgrep", "exit 7")


@pytest.mark.parametrize("fmt", ["rich", "json", "sarif", "markdown", "github"])
def test_cli_exit_code_is_2_and_the_report_is_written(repo, tmp_path, monkeypatch, fmt):
    _use_executable(monkeypatch, "bandit", _fake(tmp_path, "bandit", MODES["exit"]))
    out = tmp_path / f"report.{fmt}"
    res = cli(["scan", "--engines", "cst,bandit", "--format", fmt, "-o", str(out), str(repo)])
    assert res.exit_code == 2, res.output
    text = out.read_text("utf-8")
    assert "bandit" in text and "exit 7" in text
    assert "bandit" in res.stderr


def test_engines_absent_from_this_build_are_an_error_not_a_pass(repo, monkeypatch):
    """An adapter module that cannot be imported at all."""
    import mcpaudit.engines as engines_pkg

    monkeypatch.setitem(sys.modules, "mcpaudit.engines.bandit", None)  # import raises ImportError
    monkeypatch.delattr(engines_pkg, "bandit", raising=False)
    result = scan(repo, engines=("cst", "bandit"))
    assert any(e.engine == "bandit" and e.fatal for e in result.errors), result.errors
    assert "bandit" not in result.engines_run
    assert gate(result, Config())[0] == 2
    assert "server.py" in finding_paths(result)


def test_install_engine_helper_is_sound(repo, monkeypatch):
    calls = []

    def run(files, root, **kw):
        calls.append(sorted(str(f) for f in files))
        return EngineOutput("semgrep")

    install_engine(monkeypatch, "semgrep", run)
    result = scan(repo, engines=("cst", "semgrep"))
    assert calls and calls[0][0].endswith("server.py")
    assert result.engines_run == ["cst", "semgrep"]
