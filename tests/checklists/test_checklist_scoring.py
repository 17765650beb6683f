"""How items are decided from findings and posture facts, and how documents are scored."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from mcpaudit.analysis.posture import FACTS, extract_facts
from mcpaudit.checklists import (
    CRITICAL_FAIL_CAP,
    FORMULA,
    SEVERITY_WEIGHTS,
    evaluate,
    grade_for,
    load_checklists,
    overall_score,
    score_items,
)
from mcpaudit.checklists.loader import ChecklistDataError, parse_checklist
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding, Location, PostureFact, Severity, Suppression

ALL_ENGINES = {"cst", "semgrep", "bandit"}


def finding(rule, path="server.py", line=10, engine="cst", confidence=Confidence.HIGH, **kw):
    return Finding(rule_id=rule, engine=engine, severity=Severity.HIGH, confidence=confidence,
                   message=f"{rule} here", location=Location(path, line), **kw)


def facts(**values):
    """Every posture fact, false/null by default, with overrides (dots written as __)."""
    out = {fid: False for fid in FACTS}
    out.update({"tools.count": 0, "http.frameworks": []})
    for k, v in values.items():
        out[k.replace("__", ".")] = v
    return [PostureFact(fid, v) if not isinstance(v, PostureFact) else v for fid, v in out.items()]


def server_facts(root, src):
    """Posture facts of a one-file server written to ``root/server.py``, with the MCP tools the
    surface detector (the cst engine) finds in it, as the pipeline computes them."""
    (root / "server.py").write_text(src)
    _, project = cst_engine.run([(str(root / "server.py"), "server.py")], root, jobs=1)
    return extract_facts(root, {"server.py": src}, project.tools)


def item(results, iid):
    for r in results:
        for it in r.items:
            if it.id == iid:
                return it
    raise KeyError(iid)


def run(findings=(), fact_list=None, engines=ALL_ENGINES, selected=None):
    return evaluate(load_checklists(selected), list(findings), fact_list if fact_list is not None else facts(),
                    set(engines), {})


# --------------------------------------------------------------------------- rules items

def test_failing_finding_fails_item_with_evidence():
    res, _, _ = run([finding("tool-shell-injection", "src/srv.py", 42)])
    for iid in ("004-4", "004-1", "000-T10", "000-C2", "001-D1", "001-O8", "003-C4"):
        it = item(res, iid)
        assert it.status == "fail", iid
        assert "src/srv.py:42 (tool-shell-injection)" in it.evidence
    assert item(res, "004-3").status == "pass"  # SQL item untouched by a shell finding


def test_merged_duplicate_counts_for_its_rule():
    f = finding("tool-sql-injection", "db.py", 7, also_reported_by=["semgrep:sql-string-built", "bandit:B608"])
    res, _, _ = run([f])
    it = item(res, "004-3")
    assert it.status == "fail"
    assert it.evidence == ["db.py:7 (B608)", "db.py:7 (sql-string-built)", "db.py:7 (tool-sql-injection)"]


def test_suppressed_findings_are_ignored():
    f = finding("tool-path-traversal", suppression=Suppression("inline", "checked by caller"))
    res, _, _ = run([f])
    assert item(res, "004-2").status == "pass"


def test_low_confidence_only_is_partial():
    res, _, _ = run([finding("B608", engine="bandit", confidence=Confidence.LOW)])
    it = item(res, "004-3")
    assert it.status == "partial"
    assert it.evidence == ["server.py:10 (B608)"]


def test_missing_engine_is_not_assessed_never_pass():
    # 000-T1 is decided by a semgrep rule only (bandit's B105-B107 are off in our profile)
    res, _, _ = run(engines={"cst", "bandit"})
    it = item(res, "000-T1")
    assert it.status == "not-assessed"
    assert it.note == "needs engine(s) that did not run: semgrep"
    # 004-2 is decided by the cst engine only
    res, _, _ = run(engines={"semgrep", "bandit"})
    assert item(res, "004-2").status == "not-assessed"
    # no engine at all: no rules item passes anywhere
    res, _, _ = run(engines=set())
    for r in res:
        for it in r.items:
            cl_item = next(i for c in load_checklists() for i in c.items if i.id == it.id)
            if cl_item.decision == "rules" and it.status != "not-applicable":
                assert it.status == "not-assessed", it.id


def test_finding_fails_even_when_its_engine_is_not_listed():
    res, _, _ = run([finding("hardcoded-credential", engine="semgrep")], engines={"cst"})
    assert item(res, "000-T1").status == "fail"


def test_partial_engine_coverage_is_not_assessed_never_pass():
    # issue 7: an item that depended on an engine that did not run is not-assessed, never pass
    res, _, _ = run(engines={"cst"})
    it = item(res, "004-3")  # cst + semgrep + bandit rules
    assert it.status == "not-assessed"
    assert "did not run: bandit, semgrep" in it.note and "no findings from cst" in it.note


def test_rule_engines_argument_overrides_defaults():
    res, _, _ = evaluate(load_checklists(["004"]), [], facts(), {"custom"}, {"tool-path-traversal": "custom"})
    assert item(res, "004-2").status == "pass"


# --------------------------------------------------------------------------- facts items

def test_fact_evidence_strings():
    fl = facts(**{"tools__raw_exec": PostureFact("tools.raw_exec", True, [Location("server.py", 8)], "raw: run"),
                  "transport__http": True})  # over stdio only a raw-exec tool half-fails (partial)
    res, _, _ = run(fact_list=fl)
    it = item(res, "003-A1")
    assert it.status == "fail"
    assert it.evidence == ["tools.raw_exec = true (server.py:8)"]
    assert "raw: run" in it.note


def test_partial_values_and_mixed_conditions():
    # deployment facts (audit logging, rate limits) are decided for a deployed server
    fl = facts(**{"logging__audit": "partial", "deploy__present": True})
    res, _, _ = run(fact_list=fl)
    assert item(res, "004-6").status == "partial"
    # rate limit present, timeouts partial, subprocess timeouts fine: 1 + 0.5 + 1 of 3 -> partial
    fl = facts(**{"limits__rate_limit": True, "limits__http_timeouts": "partial",
                  "limits__subprocess_timeouts": True, "deploy__present": True})
    res, _, _ = run(fact_list=fl)
    assert item(res, "000-T13").status == "partial"
    # less than half the credit -> fail
    fl = facts(**{"limits__rate_limit": False, "limits__http_timeouts": False, "limits__subprocess_timeouts": True,
                  "deploy__present": True})
    res, _, _ = run(fact_list=fl)
    assert item(res, "000-T13").status == "fail"


def test_null_facts_are_skipped():
    fl = facts(**{"limits__http_timeouts": None, "limits__subprocess_timeouts": None})
    res, _, _ = run(fact_list=fl)
    it = item(res, "002-D5")
    assert it.status == "not-applicable"


def test_missing_facts_are_not_assessed():
    res, _, _ = run(fact_list=[])
    assert item(res, "004-5").status == "not-assessed"
    assert item(res, "004-9").status == "not-assessed"  # cannot even tell whether it applies
    assert item(res, "000-T8").status == "manual"


def test_applies_if_otherwise_manual():
    res, _, _ = run(fact_list=facts(**{"docker__present": False}))
    it = item(res, "004-8")
    assert it.status == "manual"
    assert "No Dockerfile" in it.note


def test_manual_items_list_hints():
    fl = facts(**{"ci__sast": PostureFact("ci.sast", True, [Location(".github/workflows/ci.yml", 12)])})
    res, _, _ = run(fact_list=fl)
    it = item(res, "001-D7")
    assert it.status == "manual"
    assert it.evidence == ["ci.sast = true (.github/workflows/ci.yml:12)"]
    assert "review" in it.note


def test_stdio_only_server_tls_items_not_applicable(tmp_path):
    src = 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n\n@mcp.tool()\ndef hello(name: str) -> str:\n    return name\n\nmcp.run()\n'
    fl = server_facts(tmp_path, src)
    audit = {f.id: f for f in fl}["logging.audit"]  # the detector's tool reached posture
    assert (audit.value, [(l.path, l.line) for l in audit.evidence]) == (False, [("server.py", 5)])
    res, _, _ = run(fact_list=fl)
    for iid in ("001-P1", "001-H2", "004-9", "002-D1", "003-C6", "001-D3", "003-C1", "001-O2", "001-H10"):
        assert item(res, iid).status == "not-applicable", iid
    # the data-in-transit threat still checks plain-http endpoints on a stdio server
    assert item(res, "000-T6").status == "pass"
    # resource limits are for a deployed server: n/a for a stdio server without container files
    assert item(res, "001-S5").status == "not-applicable"
    assert "container files" in item(res, "001-S5").note


# --------------------------------------------------------------------------- formula and scores

def test_formula_weights_and_cap():
    assert SEVERITY_WEIGHTS == {"critical": 8, "high": 4, "medium": 2, "low": 1}
    assert score_items([("pass", "high"), ("fail", "medium"), ("partial", "low")]) == pytest.approx(
        round(100 * (4 + 0 + 0.5) / 7, 1))
    assert score_items([("manual", "high"), ("not-applicable", "critical"), ("not-assessed", "high")]) is None
    # a failed critical item caps the document
    items = [("pass", "high")] * 30 + [("fail", "critical")]
    assert score_items(items) == CRITICAL_FAIL_CAP
    # failures weigh by severity
    assert score_items([("pass", "low"), ("fail", "high")]) < score_items([("pass", "high"), ("fail", "low")])
    assert overall_score([100.0, None, 50.0]) == 75.0
    assert overall_score([None]) is None
    assert [grade_for(s) for s in (95, 90, 85, 72, 60, 59.9, None)] == ["A", "A", "B", "C", "D", "F", None]
    for word in ("critical", "partial", "not-applicable", "capped at 60", "grade"):
        assert word in FORMULA


def test_manual_and_na_do_not_count():
    res, score, _ = run(fact_list=facts(**{"transport__stdio": True}), selected=["002"])
    r = res[0]
    scored = [it for it in r.items if it.status in ("pass", "partial", "fail")]
    expected = score_items([(it.status, it.severity) for it in scored])
    assert r.score == expected == score


def test_deterministic():
    fs = [finding("tool-shell-injection", "a.py", 3), finding("B602", "b.py", 9, engine="bandit"),
          finding("secret-in-log", "a.py", 1), finding("tool-sql-injection", "c.py", 4)]
    fl = facts(**{"limits__rate_limit": True, "logging__audit": "partial"})
    first = run(fs, fl)
    for seed in range(5):
        rnd = random.Random(seed)
        fs2, fl2 = fs[:], fl[:]
        rnd.shuffle(fs2)
        rnd.shuffle(fl2)
        again = run(fs2, fl2)
        assert [dataclasses.asdict(r) for r in again[0]] == [dataclasses.asdict(r) for r in first[0]]
        assert again[1:] == first[1:]


def test_vulnerable_server_scores_low_with_evidence(tmp_path):
    src = '''import os, subprocess, requests
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("vuln")

@mcp.tool()
def run_command(command: str) -> str:
    """Run any shell command."""
    return subprocess.check_output(command, shell=True, text=True)

@mcp.tool()
def delete_file(path: str) -> str:
    os.remove(path)
    return "deleted"

@mcp.tool()
def lookup(user: str) -> str:
    try:
        return requests.get("http://api.internal-corp.net/u/" + user).text
    except Exception as e:
        return f"error: {e}"

mcp.run()
'''
    (tmp_path / "Dockerfile").write_text("FROM python:latest\nCOPY . /app\nCMD python /app/server.py\n")
    fl = server_facts(tmp_path, src)
    fs = [finding("tool-shell-injection", "server.py", 9), finding("subprocess-shell-true", "server.py", 9, engine="semgrep"),
          finding("tool-path-traversal", "server.py", 13), finding("tool-ssrf", "server.py", 19)]
    res, score, grade = run(fs, fl)
    assert score < 50 and grade == "F"
    for r in res:
        assert r.score is not None and r.score < 60, (r.id, r.score)
        for it in r.items:
            if it.status == "fail":
                assert it.evidence, it.id
                for ev in it.evidence:
                    assert re.match(r"^\S+:\d+ \([\w-]+\)$|^[a-z_]+\.[a-z_.]+ = .+", ev), (it.id, ev)
    assert "server.py:9 (tool-shell-injection)" in item(res, "004-4").evidence
    assert "tools.raw_exec = true (server.py:7)" in item(res, "003-A1").evidence
    assert "docker.non_root = false (Dockerfile:1)" in item(res, "004-8").evidence
    assert "limits.subprocess_timeouts = false (server.py:9)" in item(res, "002-D5").evidence
    assert "output.error_details = true (server.py:21)" in item(res, "004-11").evidence


def test_loader_rejects_bad_items():
    base = {"id": "x", "title": "t", "source": "s (d.txt)", "document": "d.txt", "lists": ["l"]}
    good = {"id": "X-1", "list": "l", "text": "t", "source_excerpt": "e", "severity": "low", "manual": "check it carefully"}
    parse_checklist({**base, "items": [good]})
    for bad in (
        {**good, "rules": ["a"]},                       # two decisions
        {k: v for k, v in good.items() if k != "manual"},  # none
        {**good, "severity": "urgent"},
        {**good, "list": "other"},
        {**good, "colour": "red"},
        {**{k: v for k, v in good.items() if k != "manual"}, "facts": [{"fact": "http.auth"}]},
        {**{k: v for k, v in good.items() if k != "manual"}, "facts": [{"fact": "http.auth", "pass_if": True, "fail_if": False}]},
    ):
        with pytest.raises(ChecklistDataError):
            parse_checklist({**base, "items": [bad]})
    with pytest.raises(ChecklistDataError, match="duplicate"):
        parse_checklist({**base, "items": [good, good]})


def test_rules_and_facts_item_fails_on_a_finding_even_when_the_facts_pass():
    from mcpaudit.checklists import evaluate, load_checklists
    from mcpaudit.models import Confidence, Finding, Location, PostureFact, Severity

    doc = next(c for c in load_checklists(["mcp-fundamentals-004"]))
    item = next(i for i in doc.items if i.id == "004-7")
    assert item.decision == "rules+facts"
    facts = [PostureFact("output.redaction", True, [Location("srv.py", 3)])]
    leak = Finding("secret-in-tool-result", "cst", Severity.HIGH, Confidence.HIGH,
                   "tool 'debug' returned a value containing secret 'API_KEY' to the caller",
                   Location("srv.py", 12))
    results, _, _ = evaluate([doc], [leak], facts, {"cst", "semgrep", "bandit"})
    got = next(i for i in results[0].items if i.id == "004-7")
    assert got.status == "fail"
    assert any("srv.py:12" in e and "secret-in-tool-result" in e for e in got.evidence)
    results, _, _ = evaluate([doc], [], facts, {"cst", "semgrep", "bandit"})
    assert next(i for i in results[0].items if i.id == "004-7").status == "pass"
    # the engine behind the rule did not run: a fact-based pass is not claimed
    results, _, _ = evaluate([doc], [], facts, {"semgrep", "bandit"})
    assert next(i for i in results[0].items if i.id == "004-7").status == "not-assessed"
