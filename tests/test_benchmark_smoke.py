"""Smoke test of the benchmark (benchmarks/): the corpus generator is deterministic and produces
valid Python whose planted hazards mcpaudit reports, and the harness runs end to end in its fast
mode. No timing is asserted: the numbers depend on the machine and its load."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
TINY = 2000


def _load_corpus():
    spec = importlib.util.spec_from_file_location("mcpaudit_benchmark_corpus", BENCH / "corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _tree(root: Path):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    corpus = _load_corpus()
    a = tmp_path_factory.mktemp("corpus-a")
    b = tmp_path_factory.mktemp("corpus-b")
    manifest_a = corpus.generate(a, lines=TINY, seed=7)
    manifest_b = corpus.generate(b, lines=TINY, seed=7)
    return corpus, a, b, manifest_a, manifest_b


def test_generator_is_deterministic(tiny):
    _corpus, a, b, manifest_a, manifest_b = tiny
    tree_a, tree_b = _tree(a), _tree(b)
    assert tree_a == tree_b
    assert manifest_a == manifest_b
    assert any(p.endswith("/server.py") for p in tree_a)
    assert manifest_a["python_lines"] >= TINY


def test_generator_seed_changes_the_tree(tiny, tmp_path):
    corpus, a, _b, _ma, _mb = tiny
    corpus.generate(tmp_path, lines=TINY, seed=8)
    assert _tree(tmp_path) != _tree(a)


def test_generator_refuses_a_non_empty_directory(tiny, tmp_path):
    corpus = tiny[0]
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        corpus.generate(tmp_path, lines=TINY)


def test_generated_files_parse(tiny):
    _corpus, a, _b, manifest, _mb = tiny
    files = sorted(a.rglob("*.py"))
    assert len(files) == manifest["python_files"]
    for path in files:
        ast.parse(path.read_text("utf-8"), filename=str(path))


def test_planted_hazards_are_where_the_manifest_says(tiny):
    corpus, a, _b, manifest, _mb = tiny
    hazards = manifest["hazards"]
    assert {h["kind"] for h in hazards} == set(corpus.HAZARD_KINDS)
    for h in hazards:
        lines = (a / h["path"]).read_text("utf-8").splitlines()
        sink = lines[h["sink_line"] - 1]
        assert h["start_line"] <= h["sink_line"] <= h["end_line"]
        assert "# sink" not in sink
        marker = {"sql-fstring": "SELECT", "shell-true": "subprocess.run(", "open-unchecked": "open("}[h["kind"]]
        assert marker in sink, (h, sink)


def test_mcpaudit_finds_the_planted_hazards(tiny, tmp_path, monkeypatch):
    _corpus, a, _b, manifest, _mb = tiny
    monkeypatch.setenv("MCPAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    from mcpaudit.api import audit
    from mcpaudit.config import Config

    cfg = Config()
    cfg.engines = ("cst",)
    if hasattr(cfg, "cache"):
        cfg.cache = False
    result = audit([a], cfg)
    rule_ids = {f.rule_id for f in result.findings}
    assert {"tool-sql-injection", "tool-shell-injection", "tool-path-traversal"} <= rule_ids
    for h in manifest["hazards"]:
        want = set(h["rules"]["cst"])
        assert any(f.rule_id in want and f.location.path == h["path"]
                   and h["start_line"] <= f.location.line <= h["end_line"] for f in result.findings), h


def test_run_py_fast_mode_writes_json(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--lines", str(TINY), "--engines-only", "cst",
         "--repeat", "1", "--out", str(out), "--quiet"],
        capture_output=True, text=True, timeout=240, cwd=str(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "cst engine / libcst parse" in proc.stdout
    doc = json.loads(out.read_text("utf-8"))
    assert doc["schema"] == "mcpaudit-benchmark/1"
    for key in ("machine", "versions", "options", "target", "measurements", "ratios", "planted_hazards"):
        assert key in doc, key
    m = doc["measurements"]
    assert set(m) == {"mcpaudit_cold", "mcpaudit_warm", "mcpaudit_cst_cold", "cst_inprocess", "bandit", "semgrep"}
    assert "skipped" in m["bandit"] and "skipped" in m["semgrep"]
    for key in ("wall_s", "cpu_s", "max_rss_mib"):
        assert key in m["mcpaudit_cold"]["median"]
        assert key in m["mcpaudit_warm"]["median"]
    assert m["mcpaudit_cold"]["runs"][0]["exit_code"] == 0
    assert m["mcpaudit_cold"]["engines_run"] == ["cst"]
    probe = m["cst_inprocess"]
    for key in ("parse_all", "analyze_files_jobs1", "link", "lines", "ratio_cst_over_parse",
                "cst_lines_per_s_per_core"):
        assert key in probe, key
    for key in ("mcpaudit_over_bandit_wall", "mcpaudit_over_semgrep_cpu", "warm_over_cold_wall",
                "cst_over_parse", "cst_lines_per_s_per_core"):
        assert key in doc["ratios"], key
    ph = doc["planted_hazards"]["mcpaudit_cst"]
    assert ph["found"] == ph["expected"] > 0
    assert doc["target"]["kind"] == "generated" and doc["target"]["python_lines"] >= TINY


def _load_precision_run():
    spec = importlib.util.spec_from_file_location("mcpaudit_precision_run", BENCH / "precision" / "run.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_precision_ledger_reads_the_holdout_key_and_totals_it_apart(tmp_path):
    run = _load_precision_run()
    seen = tmp_path / "a+seen.toml"
    seen.write_text('repo = "a/seen"\ncommit = "' + "0" * 40 + '"\n')
    held = tmp_path / "b+held.toml"
    held.write_text('repo = "b/held"\ncommit = "' + "1" * 40 + '"\nholdout = "2026-12-02"\n')
    assert run.Ledger.load(seen).holdout == ""
    assert run.Ledger.load(held).holdout == "2026-12-02"
    a = run.Result("a+seen", findings=[{"label": "wrong"}, {"label": "real"}])
    b = run.Result("b+held", holdout=True, findings=[{"label": "wrong"}, {"label": "purpose"}, {"label": None}],
                   missed_open=[{"rule": "tool-ssrf"}])
    lines = run.table([a, b]).splitlines()
    total = next(x for x in lines if x.startswith("total"))
    hold = next(x for x in lines if x.startswith("holdout"))
    assert total.split()[1:6] == ["5", "1", "1", "2", "1"]
    assert hold.split()[3:8] == ["3", "0", "1", "1", "1"]  # default, real, purpose, wrong, new
    assert "50.0%" in hold and "0/1" in hold
    assert not any(x.startswith("holdout") for x in run.table([a]).splitlines())


def test_a_missed_row_is_found_on_the_flow_of_a_finding_of_its_rule():
    run = _load_precision_run()
    f = {"path": "src/tb.py", "line": 156, "rule_id": "secret-in-log",
         "steps": run._steps({"path": "src/tb.py", "line": 156,
                              "flow": [{"path": "src/tb.py", "line": 152}, {"path": "src/tb.py", "line": 156}]})}
    assert run._on_flow({"path": "src/tb.py", "line": 152, "rule": "secret-in-log"}, f)
    assert run._on_flow({"path": "src/tb.py", "line": 158, "rule": "secret-in-log"}, f)  # at the finding
    assert not run._on_flow({"path": "src/tb.py", "line": 140, "rule": "secret-in-log"}, f)
    assert not run._on_flow({"path": "src/other.py", "line": 152, "rule": "secret-in-log"}, f)


def test_a_capability_row_is_reported_by_a_real_finding_on_its_flow_but_not_the_reverse():
    run = _load_precision_run()
    real = {"path": "tools/ffuf.py", "line": 26, "rule_id": "tool-path-traversal", "label": "real",
            "steps": [("tools/ffuf.py", 23), ("tools/ffuf.py", 26)]}
    wrong = dict(real, label="wrong")
    cap_row = {"path": "tools/ffuf.py", "line": 23, "rule": "capability-file-access"}
    assert run._reported(cap_row, [real], [])
    assert not run._reported(cap_row, [wrong], [])  # a wrong finding shows no hazard
    assert not run._reported(dict(cap_row, line=40), [real], [])  # off the flow
    ssrf = dict(real, rule_id="tool-ssrf")
    assert not run._reported(cap_row, [ssrf], [])  # another power: an SSRF is not a file read
    finding_row = {"path": "tools/ffuf.py", "line": 23, "rule": "tool-command-injection"}
    cap = {"path": "tools/ffuf.py", "line": 23, "rule_id": "capability-command-execution", "label": "real",
           "steps": [("tools/ffuf.py", 23)]}
    assert not run._reported(finding_row, [], [cap])  # a vulnerability shown as purpose stays missed
    assert not run._reported(finding_row, [real], [])  # another rule's finding does not report it


def test_the_ledger_progress_line_names_engine_errors_and_skipped_files():
    run = _load_precision_run()
    why = ("semgrep: Timeout: semgrep's per-rule time limit (measured by semgrep on the clock) cut shell-c-argv "
           "short, at 10s with the other files and again at 60s when re-run with the other files cut short; the file's semgrep results are incomplete")
    r = run.Result("a+b", findings=[{"label": "real"}], engine_errors=["semgrep: Timeout: ... [x.py]"],
                   skipped_files=[f"x.py: {why}"])
    line = run._scanned("a+b", r)
    assert line.startswith("scanned a+b: 1 default finding(s), but 1 ENGINE ERROR(S), results missing or incomplete: "
                           "semgrep: Timeout: ... [x.py]; 1 file(s) skipped by an engine: x.py: semgrep: Timeout: ")
    assert run._scanned("a+b", run.Result("a+b")) == "scanned a+b: 0 default finding(s)"
