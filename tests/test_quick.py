"""The warm re-scan's front door (mcpaudit.quick): a scan answered from the result cache before
click is imported writes what the command line writes, and anything it cannot read goes to the
command line untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mcpaudit import quick, resultcache

ROOT = Path(__file__).resolve().parent.parent

SERVER = ("import subprocess\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('s')\n\n\n"
          "@mcp.tool()\ndef run(cmd: str) -> str:\n"
          "    return subprocess.run(f\"ls {cmd}\", shell=True, capture_output=True, text=True).stdout\n")

# runs ``python -m mcpaudit.cli ARGS`` and prints, after it, whether click was imported
_PROBE = """
import json, runpy, sys
sys.argv = ["mcpaudit", *json.loads(sys.argv[1])]
try:
    runpy.run_module("mcpaudit.cli", run_name="__main__", alter_sys=True)
    code = 0
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\nPROBE " + json.dumps({"code": code, "click": "click" in sys.modules,
                                            "api": "mcpaudit.api" in sys.modules}) + "\\n")
"""


def _run(*args: str):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(list(args))], capture_output=True, text=True,
                          env=env, cwd=str(ROOT), timeout=300)
    probe = [ln for ln in done.stderr.splitlines() if ln.startswith("PROBE ")]
    assert probe, done.stderr[-2000:]
    said = [ln for ln in done.stderr.splitlines() if ln.startswith("mcpaudit: ")]
    return json.loads(probe[-1][len("PROBE "):]), said, done.stdout


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "srv").mkdir()
    (tmp_path / "srv" / "server.py").write_text(SERVER)
    return tmp_path


@pytest.mark.parametrize("fmt, fail_on, code", [("json", "never", 0), ("sarif", "low", 1)])
def test_a_warm_rescan_is_answered_without_click_and_says_the_same(tree, fmt, fail_on, code):
    args = ["scan", str(tree / "srv"), "--engines", "cst,bandit", "--cache-dir", str(tree / "cache"),
            "--min-confidence", "low", "-f", fmt, "--fail-on", fail_on]
    cold, cold_said, _ = _run(*args, "-o", str(tree / "cold.out"))
    warm, warm_said, _ = _run(*args, "-o", str(tree / "warm.out"))
    assert cold == {"code": code, "click": True, "api": True}
    assert warm == {"code": code, "click": False, "api": False}
    assert cold_said == warm_said and len(warm_said) == 1
    reports = [json.loads((tree / f"{n}.out").read_text()) for n in ("cold", "warm")]
    if fmt == "json":
        assert reports[1]["stats"]["cache"]["scan"] == {"hits": 1, "misses": 0}
        for r in reports:
            r.pop("stats"), r.pop("generated_at", None)
        assert reports[0]["findings"]
    else:
        for r in reports:
            for run in r["runs"]:
                run.get("invocations", [{}])[0].pop("properties", None)
                run.get("invocations", [{}])[0].pop("endTimeUtc", None)
                run.get("invocations", [{}])[0].pop("startTimeUtc", None)
                run.get("properties", {}).pop("stats", None)
        assert reports[0]["runs"][0]["results"]
    assert reports[0] == reports[1]


def test_a_warm_report_to_standard_output_is_the_same(tree):
    args = ["scan", str(tree / "srv"), "--engines", "cst", "--cache-dir", str(tree / "cache"), "-f", "json",
            "--fail-on", "never"]
    _, _, cold = _run(*args)
    warm, _, text = _run(*args)
    assert warm["click"] is False
    reports = [json.loads(t) for t in (cold, text)]
    for r in reports:
        r.pop("stats"), r.pop("generated_at", None)
    assert reports[0] == reports[1] and text.endswith("}\n")


@pytest.mark.parametrize("argv", [
    ["--version"], ["scan", "-"], ["scan", ".", "--diff", "HEAD"], ["scan", ".", "-f", "rich"], ["scan", "."],
    ["scan", ".", "-qv", "-f", "json"], ["scan", ".", "-f", "json", "--fail-on", "HIGH"], ["scan", ".", "--help"],
    ["scan", ".", "-f", "json", "-o"], ["scan", ".", "-f", "json", "-j", "two"], ["scan", ".", "--no-cache", "-f", "json"],
    ["scan", ".", "-f", "json", "--checklist", "000"], ["scan", "does-not-exist", "-f", "json"],
])
def test_what_it_cannot_read_goes_to_the_command_line(argv, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    called = []
    monkeypatch.setattr(resultcache, "begin", lambda *a, **k: called.append(a))
    assert quick.answer(argv) is None and not called


def test_a_miss_hands_its_discovery_to_the_scan(tree, monkeypatch):
    from mcpaudit import cli

    calls = []
    real = resultcache.begin
    monkeypatch.setattr(resultcache, "begin", lambda *a, **k: calls.append(a) or real(*a, **k))
    argv = ["scan", str(tree / "srv"), "--engines", "cst", "--cache-dir", str(tree / "cache"), "-f", "json",
            "-o", str(tree / "r.json"), "--fail-on", "never", "--min-confidence", "low"]
    assert quick.answer(argv) is None and len(calls) == 1  # a cold cache: the command line scans
    with pytest.raises(SystemExit) as exc:
        cli.main(argv, standalone_mode=True)
    assert exc.value.code == 0 and len(calls) == 1  # ... from what the front door found
    assert json.loads((tree / "r.json").read_text())["findings"]
    with pytest.raises(SystemExit):
        quick.answer(argv)  # now warm: answered
    assert len(calls) == 2


def test_every_option_it_reads_is_the_scan_commands_option_of_the_same_kind():
    """The front door's option tables name the scan command's own parameters: a spelling click
    gives to another parameter, or a flag it reads as taking a value (or the other way round),
    would answer a different scan than the one asked for."""
    from mcpaudit.cli import scan

    spelled = {}
    for param in scan.params:
        for spelling in getattr(param, "opts", ()):
            spelled[spelling] = param
    for table, is_flag in ((quick._VALUED, False), (quick._FLAGS, True)):
        for spelling, name in table.items():
            assert spelling in spelled, f"{spelling} is not an option of mcpaudit scan"
            param = spelled[spelling]
            assert param.name == name, (spelling, param.name, name)
            assert bool(getattr(param, "is_flag", False)) == is_flag, spelling
    for name, allowed in quick._CHOICES.items():
        param = next(p for p in scan.params if p.name == name)
        assert set(allowed) == {c.lower() for c in param.type.choices}, name
