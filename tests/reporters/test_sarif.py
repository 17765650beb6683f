"""SARIF 2.1.0 output: schema validity (GitHub's and OASIS'), rule metadata, results, limits,
determinism, and a real consumer (sarif-tools) reading it."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import jsonschema
import pytest

from mcpaudit.models import (
    AuditResult,
    ChecklistResult,
    Confidence,
    EngineError,
    Example,
    Finding,
    FlowStep,
    Location,
    RuleMeta,
    Severity,
    SkippedFile,
    Suppression,
)
from mcpaudit.reporters import sarif

DATA = Path(__file__).resolve().parent.parent / "data"
GITHUB_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
OASIS_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.oasis.json").read_text(encoding="utf-8"))


def assert_valid(doc: Dict[str, Any]) -> None:
    # GitHub's copy has an anyOf misplaced under region.properties, so it is used without
    # meta-validation (see shared/schemas/README.md); the OASIS one is draft-04.
    errors = [e.message for e in jsonschema.Draft202012Validator(GITHUB_SCHEMA).iter_errors(doc)]
    assert errors == [], errors[:5]
    errors = [e.message for e in jsonschema.Draft4Validator(OASIS_SCHEMA).iter_errors(doc)]
    assert errors == [], errors[:5]


SHELL = RuleMeta(
    id="tool-shell-injection",
    engine="cst",
    summary="Shell command built from an MCP tool parameter",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=["CWE-78"],
    tags=["security", "injection"],
    description=(
        "## What it does\n\nFinds shell commands that contain a tool parameter.\n\n"
        "## Why is this bad\n\nThe model, steered by a prompt, chooses the parameter.\n\n"
        "## Remediation\n\nPass an argv list."
    ),
    fix="Call subprocess.run with a list and shell=False.",
    help_uri="https://github.com/mcpaudit/mcpaudit/blob/main/docs/rules.md#tool-shell-injection",
    valid=[Example("subprocess.run(['ls', path])\n")],
    invalid=[Example("os.system('ls ' + path)\n", (1,))],
)
SQL = RuleMeta(id="sql-fstring", engine="semgrep", summary="SQL built with an f-string",
               severity=Severity.CRITICAL, confidence=Confidence.MEDIUM, cwe=["CWE-89"],
               help_uri="https://example.com/sql")
LOG = RuleMeta(id="secret-in-log", engine="cst", summary="Secret written to a log",
               severity=Severity.LOW, confidence=Confidence.LOW, cwe=["CWE-532"])
NOTE = RuleMeta(id="http-no-auth", engine="cst", summary="HTTP transport without auth",
                severity=Severity.INFO, confidence=Confidence.MEDIUM)
TAGGY = RuleMeta(id="many-tags", engine="semgrep", summary="s", severity=Severity.MEDIUM,
                 confidence=Confidence.MEDIUM, cwe=["CWE-20"],
                 tags=[f"tag-{i:02d}" for i in range(30)])


def finding(rule: RuleMeta, path: str, line: int, **kw: Any) -> Finding:
    kw.setdefault("message", f"{rule.summary} in {path}")
    kw.setdefault("fingerprint", hashlib.sha256(f"{rule.id}:{path}:{line}".encode()).hexdigest()[:32])
    return Finding(rule_id=rule.id, engine=rule.engine, severity=rule.severity,
                   confidence=rule.confidence, location=Location(path, line, kw.pop("column", 5),
                   kw.pop("end_line", None), kw.pop("end_column", None)), cwe=list(rule.cwe), **kw)


@pytest.fixture
def result() -> AuditResult:
    flow = [
        FlowStep(Location("src/server.py", 10, 9, 10, 12), "parameter 'cmd' of tool 'run'"),
        FlowStep(Location("src/server.py", 11, 5, 11, 20), "assigned to 'full'"),
        FlowStep(Location("src/server.py", 12, 5, 12, 30), "reaches os.system"),
    ]
    shell = finding(SHELL, "src/server.py", 12, message="Tool 'run' passes parameter 'cmd' to os.system",
                    tool="run", parameter="cmd", flow=flow, end_line=12, end_column=30,
                    also_reported_by=["bandit:B605", "semgrep:os-system"], context="run",
                    fix=SHELL.fix, fingerprint="f" * 32)
    sql = finding(SQL, "src/db tools/ünï#code?.py", 4, tool="query", parameter="name",
                  message="SQL query built from a tool parameter", fingerprint="a" * 32)
    log = finding(LOG, "src/server.py", 30, message="token logged")
    inline = finding(SHELL, "src/admin.py", 7, message="Tool 'admin' passes 'x' to os.system")
    inline.suppression = Suppression("inline", "x comes from a fixed table",
                                     Location("src/admin.py", 7, 40))
    baselined = finding(SQL, "src/old.py", 3, message="legacy query")
    baselined.suppression = Suppression("baseline", "in baseline .mcpaudit-baseline.json")
    by_config = finding(LOG, "src/old.py", 9, message="legacy log")
    by_config.suppression = Suppression("config", "")
    return AuditResult(
        root="/work/project",
        findings=[log, sql, shell],
        suppressed=[baselined, inline, by_config],
        errors=[EngineError("semgrep", "semgrep timed out after 900 s", fatal=True),
                EngineError("cst", "could not parse", path="src/broken.py", fatal=False)],
        skipped=[SkippedFile("src/huge.py", "larger than max-file-bytes")],
        rules=[SQL, SHELL, LOG, NOTE, TAGGY],
        score=62.5,
        grade="D",
        engines_run=["cst", "bandit"],
        warnings=["src/a.py:3: bare '# mcpaudit: ignore' suppresses nothing"],
        checklists=[ChecklistResult("owasp-mcp", "OWASP MCP Top 10", "seed", 55.0)],
        stats={"elapsed": 1.23},
        disabled_by_config=["ignore: secret-in-log"],
    )


def run_of(doc: Dict[str, Any]) -> Dict[str, Any]:
    assert len(doc["runs"]) == 1
    return doc["runs"][0]


def rule_by_id(doc: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    return {r["id"]: r for r in run_of(doc)["tool"]["driver"]["rules"]}


def results_at(doc: Dict[str, Any], uri: str) -> List[Dict[str, Any]]:
    return [r for r in run_of(doc)["results"]
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri]


def test_valid_against_both_schemas(result: AuditResult) -> None:
    doc = json.loads(sarif.render(result))
    assert doc["version"] == "2.1.0" and doc["$schema"].startswith("https://")
    assert_valid(doc)


def test_empty_result_is_valid(tmp_path: Path) -> None:
    doc = json.loads(sarif.render(AuditResult(root=str(tmp_path))))
    assert_valid(doc)
    run = run_of(doc)
    assert run["results"] == [] and run["invocations"][0]["executionSuccessful"] is True


def test_driver_and_rule_metadata(result: AuditResult) -> None:
    doc = json.loads(sarif.render(result))
    driver = run_of(doc)["tool"]["driver"]
    assert driver["name"] == "mcpaudit" and driver["version"] and driver["informationUri"]
    rules = rule_by_id(doc)
    assert set(rules) == {"tool-shell-injection", "sql-fstring", "secret-in-log", "http-no-auth",
                          "many-tags"}
    shell = rules["tool-shell-injection"]
    assert shell["name"] == "ToolShellInjection"
    assert shell["shortDescription"]["text"] == SHELL.summary
    assert shell["fullDescription"]["text"] == "Finds shell commands that contain a tool parameter."
    assert "Pass an argv list." in shell["help"]["text"] and SHELL.fix in shell["help"]["text"]
    assert "```python\nos.system('ls ' + path)\n```" in shell["help"]["markdown"]
    assert SHELL.fix in shell["help"]["markdown"]
    assert shell["helpUri"] == SHELL.help_uri
    assert shell["defaultConfiguration"]["level"] == "error"
    tags = shell["properties"]["tags"]
    assert tags[0] == "security" and "external/cwe/cwe-78" in tags and "cst" in tags
    assert "injection" in tags and len(tags) == len(set(tags))
    assert shell["properties"]["precision"] == "high"
    assert rules["sql-fstring"]["properties"]["precision"] == "medium"
    assert rules["secret-in-log"]["properties"]["precision"] == "low"
    assert rules["secret-in-log"]["defaultConfiguration"]["level"] == "note"


def test_security_severity_uses_githubs_scale(result: AuditResult) -> None:
    rules = rule_by_id(json.loads(sarif.render(result)))
    def score(rule_id: str):
        return rules[rule_id]["properties"].get("security-severity")
    assert score("sql-fstring") == "9.5"  # critical: > 9.0
    assert score("tool-shell-injection") == "8.0"  # high: 7.0-8.9
    assert score("many-tags") == "5.5"  # medium: 4.0-6.9
    assert score("secret-in-log") == "3.0"  # low: 0.1-3.9
    assert score("http-no-auth") is None  # info: omitted
    for rule_id in ("sql-fstring", "tool-shell-injection", "many-tags", "secret-in-log"):
        assert isinstance(score(rule_id), str) and float(score(rule_id)) > 0


def test_tags_trimmed_to_twenty_with_a_notification(result: AuditResult) -> None:
    doc = json.loads(sarif.render(result))
    tags = rule_by_id(doc)["many-tags"]["properties"]["tags"]
    assert len(tags) == 20
    assert tags[:3] == ["security", "external/cwe/cwe-20", "semgrep"]  # most important first
    notes = run_of(doc)["invocations"][0]["toolExecutionNotifications"]
    assert any(n["descriptor"]["id"] == "tags-truncated" and "many-tags" in n["message"]["text"]
               for n in notes)


def test_results_locations_and_fingerprints(result: AuditResult) -> None:
    doc = json.loads(sarif.render(result))
    run = run_of(doc)
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///work/project/"
    rules = run["tool"]["driver"]["rules"]
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        art = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert art["uriBaseId"] == "%SRCROOT%"
        assert not art["uri"].startswith("/")
        # RFC 3986 relative reference: only unreserved, sub-delims, ':', '@', '/' and %XX
        assert re.fullmatch(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})+", art["uri"])
        assert res["partialFingerprints"]["mcpaudit/v1"]
    (shell,) = [r for r in results_at(doc, "src/server.py") if r["ruleId"] == "tool-shell-injection"]
    assert shell["partialFingerprints"] == {"mcpaudit/v1": "f" * 32}
    assert shell["level"] == "error"
    assert shell["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 12, "startColumn": 5, "endLine": 12, "endColumn": 30}
    assert "run" in shell["message"]["text"] and "cmd" in shell["message"]["text"]
    props = shell["properties"]
    assert props["engine"] == "cst" and props["confidence"] == "high"
    assert props["tool"] == "run" and props["parameter"] == "cmd" and props["cwe"] == ["CWE-78"]
    assert props["also_reported_by"] == ["bandit:B605", "semgrep:os-system"]
    # special characters in a path are percent-encoded and decode back to the path
    (sql,) = results_at(doc, "src/db%20tools/%C3%BCn%C3%AF%23code%3F.py")
    assert sql["ruleId"] == "sql-fstring" and sql["level"] == "error"
    # tool and parameter are named in the message even when the engine's message did not
    assert "query" in sql["message"]["text"] and "name" in sql["message"]["text"]


def test_code_flow_for_a_taint_finding(result: AuditResult) -> None:
    doc = json.loads(sarif.render(result))
    (shell,) = [r for r in results_at(doc, "src/server.py") if r["ruleId"] == "tool-shell-injection"]
    (flow,) = shell["codeFlows"]
    steps = flow["threadFlows"][0]["locations"]
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps] == [10, 11, 12]
    assert steps[0]["location"]["message"]["text"] == "parameter 'cmd' of tool 'run'"
    assert steps[-1]["location"]["message"]["text"] == "reaches os.system"
    (log,) = [r for r in results_at(doc, "src/server.py") if r["ruleId"] == "secret-in-log"]
    assert "codeFlows" not in log


def test_suppressed_findings_carry_suppressions(result: AuditResult) -> None:
    doc = json.loads(sarif.render(result))
    (inline,) = results_at(doc, "src/admin.py")
    assert inline["suppressions"][0]["kind"] == "inSource"
    assert inline["suppressions"][0]["status"] == "accepted"
    assert inline["suppressions"][0]["justification"] == "x comes from a fixed table"
    assert inline["suppressions"][0]["location"]["physicalLocation"]["region"]["startLine"] == 7
    old = {r["ruleId"]: r for r in results_at(doc, "src/old.py")}
    assert old["sql-fstring"]["suppressions"][0] == {
        "kind": "external", "status": "accepted",
        "justification": "in baseline .mcpaudit-baseline.json",
        "properties": {"mcpaudit-kind": "baseline"}}
    assert old["secret-in-log"]["suppressions"][0]["kind"] == "external"
    assert old["secret-in-log"]["suppressions"][0]["justification"]
    active = [r for r in run_of(doc)["results"] if "suppressions" not in r]
    assert len(active) == 3


def test_errors_skips_and_warnings_are_notifications(result: AuditResult) -> None:
    doc = json.loads(sarif.render(result))
    inv = run_of(doc)["invocations"][0]
    assert inv["executionSuccessful"] is False  # a fatal engine error
    notes = inv["toolExecutionNotifications"]
    by_id = {}
    for n in notes:
        by_id.setdefault(n["descriptor"]["id"], []).append(n)
    (fatal,) = by_id["engine-error"]
    assert fatal["level"] == "error" and "semgrep timed out" in fatal["message"]["text"]
    (warn,) = by_id["engine-warning"]
    assert warn["level"] == "warning"
    assert warn["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/broken.py"
    (skip,) = by_id["file-skipped"]
    assert "src/huge.py" in skip["message"]["text"] and skip["level"] == "warning"
    assert any("bare" in n["message"]["text"] for n in by_id["warning"])
    (cfg,) = inv["toolConfigurationNotifications"]
    assert "ignore: secret-in-log" in cfg["message"]["text"]
    # only a warning: the run still succeeded
    result.errors = [e for e in result.errors if not e.fatal]
    doc = json.loads(sarif.render(result))
    assert run_of(doc)["invocations"][0]["executionSuccessful"] is True


def test_no_timestamps_and_deterministic(result: AuditResult) -> None:
    text = sarif.render(result)
    assert "endTimeUtc" not in text and "startTimeUtc" not in text and "timeUtc" not in text
    shuffled = AuditResult(**{**result.__dict__})
    shuffled.findings = list(reversed(result.findings))
    shuffled.suppressed = random.Random(4).sample(result.suppressed, len(result.suppressed))
    shuffled.rules = list(reversed(result.rules))
    assert sarif.render(shuffled) == text
    assert text.isascii()


def test_hostile_text_is_escaped_and_round_trips(tmp_path: Path) -> None:
    evil = "Tool 'x\u202e' \x1b[31m red\nnew line"
    f = finding(SHELL, "a.py", 1, message=evil)
    text = sarif.render(AuditResult(root=str(tmp_path), findings=[f], rules=[SHELL]))
    assert "\x1b" not in text and "\u202e" not in text and text.isascii()
    doc = json.loads(text)
    assert doc["runs"][0]["results"][0]["message"]["text"] == evil
    assert_valid(doc)


def test_rule_missing_from_result_rules_gets_a_descriptor(tmp_path: Path) -> None:
    f = finding(SHELL, "a.py", 1)
    doc = json.loads(sarif.render(AuditResult(root=str(tmp_path), findings=[f], rules=[])))
    rules = run_of(doc)["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["tool-shell-injection"]
    assert run_of(doc)["results"][0]["ruleIndex"] == 0
    assert_valid(doc)


def test_region_is_one_based_and_sane(tmp_path: Path) -> None:
    odd = finding(SHELL, "a.py", 3, column=7, end_line=2, end_column=3)  # end before start
    doc = json.loads(sarif.render(AuditResult(root=str(tmp_path), findings=[odd], rules=[SHELL])))
    region = run_of(doc)["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 7}
    multi = finding(SHELL, "a.py", 3, column=7, end_line=5, end_column=2)
    doc = json.loads(sarif.render(AuditResult(root=str(tmp_path), findings=[multi], rules=[SHELL])))
    region = run_of(doc)["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 7, "endLine": 5, "endColumn": 2}


def test_results_trimmed_to_githubs_limit(tmp_path: Path) -> None:
    n_low = sarif.MAX_RESULTS
    low = [finding(LOG, f"pkg/m{i // 1000:03d}.py", i % 1000 + 1, fingerprint=f"{i:032x}")
           for i in range(n_low)]
    # the most severe findings sort last by path: they must survive the trim
    critical = [finding(SQL, f"zzz/{i}.py", 1, fingerprint=f"c{i:031x}") for i in range(10)]
    res = AuditResult(root=str(tmp_path), findings=low + critical, rules=[LOG, SQL])
    doc = sarif.to_sarif(res)
    results = run_of(doc)["results"]
    assert len(results) == sarif.MAX_RESULTS
    assert sum(1 for r in results if r["ruleId"] == "sql-fstring") == 10
    kept = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results}
    # the dropped ones are the last low findings in path/line order
    assert ("pkg/m024.py", 1000) not in kept and ("pkg/m000.py", 1) in kept
    notes = run_of(doc)["invocations"][0]["toolExecutionNotifications"]
    (trim,) = [n for n in notes if n["descriptor"]["id"] == "results-truncated"]
    assert "10 of 25010" in trim["message"]["text"]


def test_suppressed_results_are_trimmed_before_active_ones(tmp_path: Path) -> None:
    active = [finding(LOG, "a.py", i + 1, fingerprint=f"{i:032x}") for i in range(sarif.MAX_RESULTS)]
    quiet = finding(SQL, "b.py", 1)
    quiet.suppression = Suppression("baseline", "in baseline b.json")
    doc = sarif.to_sarif(AuditResult(root=str(tmp_path), findings=active, suppressed=[quiet],
                                     rules=[LOG, SQL]))
    assert not any("suppressions" in r for r in run_of(doc)["results"])


def sarif_cli() -> str:
    candidate = Path(sys.executable).parent / "sarif"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("sarif")
    if not found:
        pytest.skip("sarif-tools is not installed (pip install sarif-tools)")
    return found


def test_sarif_tools_reads_it(result: AuditResult, tmp_path: Path) -> None:
    out = tmp_path / "mcpaudit.sarif"
    out.write_text(sarif.render(result), encoding="utf-8")
    proc = subprocess.run([sarif_cli(), "summary", str(out)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    counts = {m.group(1): int(m.group(2))
              for m in re.finditer(r"^(error|warning|note): (\d+)$", proc.stdout, re.M)}
    # sarif-tools counts every result by level, suppressed ones included:
    # error: tool-shell-injection (high), sql-fstring (critical), suppressed inline shell,
    #        suppressed baselined sql; note: two secret-in-log (low)
    assert counts == {"error": 4, "warning": 0, "note": 2}, proc.stdout
    assert "tool-shell-injection" in proc.stdout and "sql-fstring" in proc.stdout
