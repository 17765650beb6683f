"""The hardened fixture server scores >= 90 on every document with zero findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.analysis.posture import extract_facts
from mcpaudit.checklists import evaluate, load_checklists
from mcpaudit.engines import cst as cst_engine

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "hardened"


@pytest.fixture(scope="module")
def hardened_facts():
    paths = [(str(p), p.relative_to(ROOT).as_posix()) for p in sorted(ROOT.rglob("*.py"))]
    _, project = cst_engine.run(paths, ROOT, jobs=1)  # the MCP tools, from the one surface detector
    files = {rel: Path(abspath).read_text(encoding="utf-8") for abspath, rel in paths}
    return {f.id: f for f in extract_facts(ROOT, files, project.tools)}


def test_hardened_facts(hardened_facts):
    expect_true = ["transport.http", "http.auth", "tls.configured", "tls.client_auth", "limits.rate_limit",
                   "limits.http_timeouts", "limits.subprocess_timeouts", "limits.resources", "logging.audit",
                   "output.redaction", "docker.present", "docker.non_root", "docker.pinned_base",
                   "docker.healthcheck", "docker.minimal_base", "deps.lockfile", "deps.pinned",
                   "http.security_headers", "container.read_only", "container.syscall_restrictions",
                   "container.signed", "ci.dependency_scan"]
    expect_false = ["transport.stdio", "cors.wildcard", "cors.wildcard_credentials", "tls.plain_http",
                    "output.error_details", "debug.enabled", "docker.secrets_in_env", "docker.add_url",
                    "tools.raw_exec", "tools.destructive_unannotated", "tools.privileged_ungated"]
    for fid in expect_true:
        assert hardened_facts[fid].value is True, (fid, hardened_facts[fid])
        assert hardened_facts[fid].evidence, fid
    for fid in expect_false:
        assert hardened_facts[fid].value is False, (fid, hardened_facts[fid])
    assert hardened_facts["tools.count"].value == 5
    # every tool's @audited decorator (delete_note is registered only for admins, hence indented)
    audit = hardened_facts["logging.audit"]
    assert [(l.path, l.line) for l in audit.evidence] == [
        ("src/notes_server/server.py", n) for n in (61, 79, 89, 103, 118)]
    assert audit.note == "all 5 tool(s) log their invocation"


def test_hardened_scores_at_least_90_everywhere(hardened_facts):
    results, score, grade = evaluate(load_checklists(), [], list(hardened_facts.values()),
                                     {"cst", "semgrep", "bandit"}, {})
    assert len(results) == 5
    for r in results:
        assert r.score is not None and r.score >= 90, (r.id, r.score, [
            (i.id, i.status, i.evidence) for i in r.items if i.status in ("fail", "partial")])
    assert score >= 90 and grade == "A"


def test_hardened_without_engines_never_passes_rules_items(hardened_facts):
    results, _, _ = evaluate(load_checklists(), [], list(hardened_facts.values()), set(), {})
    by_id = {i.id: i for r in results for i in r.items}
    assert by_id["004-4"].status == "not-assessed"
    assert by_id["000-C2"].status == "not-assessed"
    assert by_id["004-5"].status == "pass"  # facts items still decided
