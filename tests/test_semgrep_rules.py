"""Our semgrep rule packs: `semgrep --test` passes for every rule, and every rule carries the
metadata the engine, `mcpaudit explain` and SARIF rely on."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mcpaudit.engines import semgrep as semgrep_engine
from mcpaudit.engines._subprocess import find_executable
from mcpaudit.engines.semgrep import scoping as semgrep_scoping
from mcpaudit.resources import rules_dir

PACK = rules_dir() / "semgrep"
RULE_FILES = sorted(PACK.glob("*.yaml"))
SEMGREP = find_executable("semgrep")

needs_semgrep = pytest.mark.skipif(SEMGREP is None, reason="semgrep is not installed")


def _rules():
    for path in RULE_FILES:
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            yield path, rule


ALL_RULES = list(_rules())


@pytest.fixture(scope="module")
def semgrep_test_report():
    """One `semgrep --test --json` over the whole pack (about a second per rule)."""
    done = subprocess.run(
        [SEMGREP, "--test", "--json", "--metrics=off", "--disable-version-check", str(PACK)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    return json.loads(done.stdout)


@needs_semgrep
def test_semgrep_test_runs_every_pack_without_errors(semgrep_test_report):
    report = semgrep_test_report
    assert report["config_missing_tests"] == []
    assert report["config_with_errors"] == []
    tested = {Path(cfg).name for cfg in report["results"]}
    assert tested == {p.name for p in RULE_FILES}


@needs_semgrep
def test_every_rule_passes_its_annotated_test_file(semgrep_test_report):
    failures = []
    checked = set()
    for cfg, result in semgrep_test_report["results"].items():
        for rule_id, check in result["checks"].items():
            checked.add(rule_id)
            expected = [
                line for m in check["matches"].values() for line in m["expected_lines"]
            ]
            if not check["passed"] or check.get("errors"):
                failures.append((rule_id, check["matches"], check.get("errors")))
            elif not expected:
                failures.append((rule_id, "no `ruleid:` annotation is exercised", None))
    assert failures == []
    assert checked == {rule["id"] for _, rule in ALL_RULES}


@pytest.mark.parametrize("path,rule", ALL_RULES, ids=[r["id"] for _, r in ALL_RULES])
def test_rule_has_required_metadata(path, rule):
    rid = rule["id"]
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rid), "rule ids are kebab-case"
    assert path.stem == rid, "one YAML per rule, named after the rule id"
    assert rule["severity"] in ("ERROR", "WARNING", "INFO")
    assert rule.get("message", "").strip()
    md = rule["metadata"]
    assert md["category"] == "security"
    assert md["confidence"] in ("LOW", "MEDIUM", "HIGH")
    cwes = md["cwe"] if isinstance(md["cwe"], list) else [md["cwe"]]
    assert cwes and all(re.match(r"CWE-\d+: \S", c) for c in cwes)
    assert md["summary"].strip() and "\n" not in md["summary"].strip()
    assert md["fix"].strip()
    assert md["references"] and all(r.startswith("https://") for r in md["references"])


@pytest.mark.parametrize("path,rule", ALL_RULES, ids=[r["id"] for _, r in ALL_RULES])
def test_rule_has_paired_annotated_test_file(path, rule):
    pairs = [p for p in path.parent.glob(path.stem + ".*") if p.suffix not in (".yaml", ".yml")]
    assert len(pairs) == 1, f"expected exactly one test file next to {path.name}: {pairs}"
    text = pairs[0].read_text(encoding="utf-8")
    assert re.search(rf"(#|//) ruleid: {re.escape(rule['id'])}\b", text)
    assert re.search(rf"(#|//) ok: {re.escape(rule['id'])}\b", text), "show what must not match"


GATE_KEYS = (semgrep_scoping.REQUIRES_KEY, semgrep_scoping.REQUIRES_CODE_KEY, semgrep_scoping.REQUIRES_ALSO_KEY)
GATED = [(path, rule) for path, rule in ALL_RULES if any(k in rule["metadata"] for k in GATE_KEYS)]


@pytest.mark.parametrize("path,rule", GATED, ids=[r["id"] for _, r in GATED])
def test_required_text_is_found_in_the_paired_test_file(path, rule):
    """`mcpaudit-requires` and its two companions (see the semgrep engine) compile, and the
    file holding every `ruleid:` line of the rule's test file passes them, its comments (where
    the `ruleid:` annotations are) left out: a typo there would hide the rule."""
    gate = semgrep_scoping._RuleGate.of(rule["id"], rule["metadata"])
    (pair,) = [p for p in path.parent.glob(path.stem + ".*") if p.suffix not in (".yaml", ".yml")]
    text = pair.read_text(encoding="utf-8")
    flagged = [n for n, line in enumerate(text.splitlines(), 1)
               if re.search(rf"(#|//) ruleid:.*\b{re.escape(rule['id'])}\b", line)]
    assert flagged
    assert gate.test(semgrep_scoping._Text(text, pair.suffix == ".py")), f"{pair.name} lines {flagged}"
    assert not gate.test(semgrep_scoping._Text("x = 1\n", True))


def _gates(rule):
    md = rule["metadata"]
    return [semgrep_scoping._Gate(rule["id"], md[k]) for k in GATE_KEYS[:2] if k in md] + [
        semgrep_scoping._Gate(rule["id"], e) for e in md.get(GATE_KEYS[2], [])]


def test_required_text_regexes_take_linear_time_on_hostile_text():
    """Every file of a scan is searched with these: a regex that backtracks badly (say
    `import(?:[\\w\\s,]*?)name`, quadratic on `import a import a ...`) would stall the scan."""
    import time

    hostile = [
        "import a " * 40_000,
        ("import" + " " * 50) * 5_000,
        "import " + "a, " * 100_000,
        "import " + "a" * 300_000,
        "from x import (" + "a as b,  # c # d # e\n" * 10_000,
        ". " * 150_000,
        ".\\\n" * 100_000,
        "#" * 300_000,
        "\"-" * 150_000 + "'/" * 150_000,
    ]
    regexes = {
        what.pattern
        for _, rule in GATED
        for gate in _gates(rule)
        for kind, what in gate.tests
        if kind == "search"
    }
    assert regexes
    for pattern in sorted(regexes):
        compiled = re.compile(pattern)
        started = time.process_time()
        for text in hostile:
            compiled.search(text)
        assert time.process_time() - started < 3.0, pattern


def test_rule_ids_are_unique_across_engines():
    ids = [rule["id"] for _, rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    from mcpaudit.checks import rule_ids as cst_rule_ids

    assert not set(ids) & set(cst_rule_ids()), "a semgrep rule reuses a cst rule id"


def test_python_taint_rules_share_one_mcp_source_definition():
    """The MCP handler-parameter sources are copied into each Python taint rule; keep them equal."""
    sources = {
        rule["id"]: rule["pattern-sources"]
        for _, rule in ALL_RULES
        if rule.get("mode") == "taint"
        and rule["languages"] == ["python"]
        and "MCP handler" in rule["message"]
    }
    assert len(sources) >= 2
    first = next(iter(sources.values()))
    assert all(s == first for s in sources.values()), sorted(sources)


def test_no_rule_needs_the_network():
    for _, rule in ALL_RULES:
        text = json.dumps(rule)
        assert "r2c" not in text and "semgrep.dev/c/" not in text


def test_rule_metas_cover_every_rule_with_examples():
    metas = {m.id: m for m in semgrep_engine.rule_metas()}
    assert set(metas) == {rule["id"] for _, rule in ALL_RULES}
    for _, rule in ALL_RULES:
        meta = metas[rule["id"]]
        assert meta.engine == "semgrep"
        assert meta.summary == rule["metadata"]["summary"]
        assert meta.cwe and all(re.fullmatch(r"CWE-\d+", c) for c in meta.cwe)
        assert meta.fix
        assert meta.invalid and meta.invalid[0].lines, rule["id"]
        code_lines = meta.invalid[0].code.splitlines()
        assert all(1 <= n <= len(code_lines) for n in meta.invalid[0].lines)
        assert "ruleid:" not in meta.invalid[0].code
        assert meta.valid


def test_rule_metas_examples_point_at_the_flagged_code():
    meta = {m.id: m for m in semgrep_engine.rule_metas()}["subprocess-shell-true"]
    code = meta.invalid[0].code.splitlines()
    flagged = [code[n - 1].strip() for n in meta.invalid[0].lines]
    assert 'subprocess.run(f"ls -l {path}", shell=True)' in flagged
    assert all("shell=True" in line for line in flagged)
    assert any('subprocess.run(["ls", "-l", path])' in v.code for v in meta.valid)


def test_severity_mapping_in_rule_metas():
    metas = {m.id: m for m in semgrep_engine.rule_metas()}
    from mcpaudit.models import Confidence, Severity

    assert metas["subprocess-shell-true"].severity is Severity.HIGH  # ERROR
    assert metas["pickle-load"].severity is Severity.MEDIUM  # WARNING
    assert metas["yaml-unsafe-load"].confidence is Confidence.HIGH
    assert metas["tool-param-path-traversal"].cwe == ["CWE-22"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
