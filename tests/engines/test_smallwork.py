"""A small scan is analysed in the scanning process, not in a worker pool, with the same results
(``mcpaudit.engines.smallwork``); anything of a hostile shape still goes to the workers, and the
TypeScript shapes that are analysed in-process cannot take the scan down."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mcpaudit.api import audit
from mcpaudit.config import Config
from mcpaudit.engines import cst as cst_engine
from mcpaudit.engines import smallwork

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SMALL = "import subprocess\n\ndef run(cmd):\n    return subprocess.run(cmd, shell=True)\n"


@pytest.mark.parametrize("text, ok", [
    (SMALL, True),
    ("import subprocess\nx = a" + "[0]" * 150 + "\n", False),  # deep: libcst is cubic on chains
    ("import subprocess\nx = " + "(" * 300 + "1" + ")" * 300 + "\n", False),  # ast refuses it
    ("import subprocess\nx = " + "-" * 100000 + "1\n", False),
    ("import subprocess\n" + "x = 1\n" * (smallwork.MAX_CHARS // 6 + 1), False),  # too big
])
def test_only_small_shallow_python_that_ast_parses_is_analysed_in_process(text, ok):
    assert smallwork.in_process_safe([("pkg/m.py", text)], {}) is ok


def test_an_unreadable_file_or_no_file_goes_to_the_workers():
    assert not smallwork.in_process_safe([("pkg/m.py", SMALL), ("pkg/n.py", None)], {})
    assert not smallwork.in_process_safe([], {})


def test_the_first_pass_tree_is_used_when_there_is_one():
    import ast

    deep = ast.parse("x = a" + "[0]" * 150 + "\n")
    assert not smallwork.in_process_safe([("pkg/m.py", SMALL)], {"pkg/m.py": deep})
    assert smallwork.depth_exceeds(deep, 100) and not smallwork.depth_exceeds(ast.parse(SMALL), 100)


def _findings(result):
    return sorted((f.rule_id, f.location.path, f.location.line, f.message) for f in result.findings)


@pytest.mark.parametrize("tree, engines", [
    ("taint", ("cst",)), ("vulnerable", ("cst",)), ("typescript/sinks", ("ts",)),
    ("typescript/crossmod", ("ts",)),
])
def test_a_small_tree_starts_no_worker_and_finds_what_the_workers_find(tree, engines, monkeypatch):
    def scan():
        cfg = Config(engines=engines)
        cfg.cache = False
        return audit([FIXTURES / tree], cfg)

    started = []
    real = cst_engine._analyze_in_workers
    monkeypatch.setattr(cst_engine, "_analyze_in_workers", lambda *a, **k: started.append(1) or real(*a, **k))
    if tree == "taint":  # the fixture tree grows with every cause fixed: what counts is the same findings
        chars = sum(len(p.read_text(encoding="utf-8")) for p in (FIXTURES / tree).rglob("*.py"))
        monkeypatch.setattr(smallwork, "MAX_CHARS", max(smallwork.MAX_CHARS, chars + 1))
    here = scan()
    assert not started
    monkeypatch.setattr(smallwork, "MAX_CHARS", 0)
    monkeypatch.setattr(smallwork, "MAX_TS_BYTES", 0)
    pooled = scan()
    assert started  # the same tree, every file through the workers
    assert _findings(here) == _findings(pooled) and _findings(here)
    assert here.skipped == pooled.skipped


HOSTILE_TS = {  # each far deeper than the recursion limit, 700 KB in all
    "parens.ts": "const x = " + "(" * 40000 + "cmd" + ")" * 40000 + ";\n",
    "binop.ts": "const x = " + "+".join(["cmd"] * 25000) + ";\n",
    "arrays.ts": "const x = " + "[" * 40000 + "]" * 40000 + ";\n",
    "calls.ts": "const x = f" + "()" * 40000 + ";\n",
    "nestedif.ts": "function g(cmd){\n" + "if (cmd) {" * 10000 + "run(cmd)" + "}" * 10000 + "\n}\n",
    "ternary.ts": "const x = " + "c ? a : " * 12000 + "b;\n",
}


def test_hostile_typescript_shapes_analysed_in_process_are_skipped_not_a_crash(tmp_path):
    """Run in a child process, so that a crash fails the test instead of the test run."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name, text in HOSTILE_TS.items():
        (repo / name).write_text(text)
    assert smallwork.small_enough([str(p) for p in repo.iterdir()])  # they are analysed here
    out = tmp_path / "r.json"
    done = subprocess.run([sys.executable, "-m", "mcpaudit.cli", "scan", str(repo), "--engines", "ts",
                           "--no-cache", "--format", "json", "-o", str(out), "--fail-on", "never"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text())
    reasons = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert set(reasons) == set(HOSTILE_TS), reasons
    assert all("nested too deeply" in r for r in reasons.values()), reasons
