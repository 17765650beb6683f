"""Read-only promises made for a whole server (fixtures/readonly_modes): instructions that promise
read-only access, and a read-only role listed as SQL verbs. Each folder is its own project; the
findings at medium confidence and above must equal its ``# expect:`` lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence
from tests.test_fixtures import _files, expectations

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "readonly_modes"
CASES = sorted(p.name for p in ROOT.iterdir() if p.is_dir())


def _scan(name: str):
    root = ROOT / name
    out, _ = cst_engine.run(_files(root), root, jobs=1)
    assert not out.errors, out.errors
    return out.findings


@pytest.mark.parametrize("name", CASES)
def test_findings_equal_annotations(name):
    findings = _scan(name)
    got = {(f.location.path, f.location.line, f.rule_id) for f in findings if f.confidence >= Confidence.MEDIUM}
    assert got == expectations(ROOT / name)


def test_the_role_finding_names_the_role_and_where_it_is_defined():
    [f] = [f for f in _scan("role_table") if f.rule_id == "tool-read-only-bypass"]
    assert f.tool == "run_sql"
    assert f.message.startswith(
        "tool 'run_sql' is run in the server's read-only role (role 'readonly' allows SELECT, SHOW, DESCRIBE, "
        "EXPLAIN, at roles.py:5), which can only be kept by looking for verbs in the query text")


def test_the_server_claim_finding_quotes_the_promise():
    [f] = [f for f in _scan("server_claim") if f.rule_id == "tool-read-only-bypass"]
    assert f.message == ("tool 'run_query' is served by a server whose instructions promise read-only access but "
                         "runs the caller's query text with no read-only mode the database enforces (.execute())")
