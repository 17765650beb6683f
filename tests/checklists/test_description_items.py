"""The tool-description and annotation rules decide the checklist items the seed documents give
for them (issue 13): prompt injection, data exfiltration, privilege escalation and least
privilege. The poisoned fixture fails them and is capped at D, with the reason in the grade note;
its clean twin (the same tools, honest descriptions) passes them."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from mcpaudit import api
from mcpaudit.checklists import CRITICAL_FAIL_CAP, evaluate, get_checklist, load_checklists, score_items
from mcpaudit.checklists.scoring import evaluate_with_cap
from mcpaudit.config import Config
from mcpaudit.models import Confidence, Finding, Location, Severity

from test_fair_score import facts, item  # the tests' directory is on sys.path (no __init__)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DESCRIPTION_RULES = ("tool-description-injection", "tool-description-hidden-unicode", "tool-description-cross-tool",
                     "tool-description-sensitive-request", "tool-description-oversized")
ENGINES = {"cst", "semgrep", "bandit"}


def _items_deciding(rule_id):
    return sorted(it.id for cl in load_checklists() for it in cl.items if rule_id in it.rules)


def test_each_description_and_annotation_rule_decides_its_items():
    assert _items_deciding("tool-description-injection") == ["002-T1", "004-A2"]
    assert _items_deciding("tool-description-hidden-unicode") == ["002-T1", "004-A2"]
    assert _items_deciding("tool-description-oversized") == ["002-T1", "004-A2"]
    assert _items_deciding("tool-description-sensitive-request") == ["000-T3", "002-T1", "004-A2", "004-A5"]
    assert _items_deciding("tool-description-cross-tool") == ["000-T3", "002-T1", "004-A2", "004-A5"]
    assert _items_deciding("tool-annotation-mismatch") == ["000-C1", "001-Z2", "003-A3", "004-L1"]
    assert _items_deciding("tool-read-only-bypass") == ["000-C1", "000-T3", "001-O5", "001-Z2", "003-A3", "004-L1"]
    # 004's prompt-injection item is critical, like the documents' other injection threats; 002's
    # is high like its four sibling threats (it is also decided by rate limits and audit logging)
    assert get_checklist("mcp-trust-002").item("002-T1").severity == "high"
    assert get_checklist("mcp-fundamentals-004").item("004-A2").severity == "critical"


def _desc(rule_id, severity=Severity.HIGH, confidence=Confidence.HIGH, tool="get_weather"):
    return Finding(rule_id=rule_id, engine="cst", severity=severity, confidence=confidence,
                   message="poisoned", location=Location("server.py", 12), tool=tool)


def test_a_poisoned_description_fails_prompt_injection_and_caps_the_grade():
    res, total, grade, why = evaluate_with_cap(load_checklists(), [_desc("tool-description-injection")],
                                               facts(transport__stdio=True, tools__count=3), ENGINES, {})
    assert item(res, "002-T1").status == "fail" and item(res, "004-A2").status == "fail"
    assert item(res, "002-T1").evidence == ["server.py:12 (tool-description-injection)"]
    assert item(res, "000-T3").status == "pass" and item(res, "004-A5").status == "pass"
    assert (total, grade) == (CRITICAL_FAIL_CAP, "D")
    assert why == "capped at 60: 004-A2 fails on server.py:12 (tool-description-injection)"


def test_a_medium_finding_fails_a_critical_item_without_capping():
    # an annotation that understates a tool fails 000-C1 (critical) but its own severity is medium
    res, total, _, why = evaluate_with_cap(
        load_checklists(), [_desc("tool-annotation-mismatch", severity=Severity.MEDIUM, tool="drop")],
        facts(transport__stdio=True, tools__count=3), ENGINES, {})
    c1 = item(res, "000-C1")
    assert c1.status == "fail" and c1.caps is False
    assert item(res, "001-Z2").status == "fail" and item(res, "004-L1").status == "fail"
    assert why == "" and total > CRITICAL_FAIL_CAP
    prod = next(r for r in res if r.id == "mcp-prod-000")
    assert prod.score == score_items([(i.status, i.severity or "medium", i.caps) for i in prod.items])
    assert prod.score > CRITICAL_FAIL_CAP


def test_a_low_confidence_description_finding_is_partial():
    res, _, _ = evaluate(load_checklists(["mcp-fundamentals-004"]),
                         [_desc("tool-description-oversized", confidence=Confidence.LOW)],
                         facts(transport__stdio=True, tools__count=3), ENGINES, {})
    assert item(res, "004-A2").status == "partial"


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    root = tmp_path_factory.mktemp("fx") / "poisoned"
    shutil.copytree(FIXTURES / "poisoned", root)
    (root / ".git").mkdir()
    return api.audit([root], Config(cache=False))


def test_poisoned_fixture_fails_the_description_items(poisoned):
    items = {it.id: it for c in poisoned.checklists for it in c.items}
    for iid in ("000-T3", "002-T1", "004-A2", "004-A5"):
        assert items[iid].status == "fail", iid
    assert "server.py:55 (tool-description-injection)" in items["002-T1"].evidence
    assert "server.py:76 (tool-description-sensitive-request)" in items["004-A5"].evidence
    assert "server.py:83 (tool-description-cross-tool)" in items["000-T3"].evidence
    assert items["004-A1"].status == "pass"  # its tool code is harmless
    assert (poisoned.score, poisoned.grade) == (60.0, "D")
    assert poisoned.grade_note == "capped at 60: 004-A2 fails on server.py:55 (tool-description-injection)"


def test_clean_twin_passes_the_description_items(tmp_path):
    root = tmp_path / "clean"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "server.py").write_text(textwrap.dedent('''
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("acme-workspace")


        @mcp.tool()
        def get_weather(city: str) -> str:
            """Get the current weather for a city."""
            return f"{city}: 18 C, light rain"


        @mcp.tool()
        def send_email(to: str, subject: str, body: str) -> str:
            """Send an e-mail from the shared team mailbox."""
            return "queued"


        if __name__ == "__main__":
            mcp.run()
        '''))
    res = api.audit([root], Config(cache=False))
    items = {it.id: it for c in res.checklists for it in c.items}
    for iid in ("000-T3", "002-T1", "004-A2", "004-A5"):
        assert items[iid].status == "pass", (iid, items[iid].status, items[iid].note)
    assert res.grade_note == "" and res.score > 80


def test_an_incomplete_surface_keeps_failures_and_says_both():
    # a dispatch the analysis could not follow: silence proves nothing, but a finding still fails
    res, total, _, why = evaluate_with_cap(load_checklists(), [_desc("tool-description-injection")],
                                           facts(transport__stdio=True, tools__count=1), ENGINES, {},
                                           incomplete="a dispatch the analysis could not follow")
    assert item(res, "004-A2").status == "fail"
    assert item(res, "004-A1").status == "not-assessed" and "incomplete surface" in item(res, "004-A1").note
    # the facts here fail most deployment-free items too: the cap does not decide this score,
    # so the grade note does not claim it did
    assert total < CRITICAL_FAIL_CAP and why == ""
