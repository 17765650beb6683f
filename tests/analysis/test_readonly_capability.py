"""A raw-query capability and a read-only bypass at the same sink of the same tool
(fixtures/capabilities/readonly_paths.py): the capability must not claim a read-only mode the
database enforces."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "capabilities" / "readonly_paths.py"


def test_a_bypassed_read_only_check_unclaims_the_enforced_read_only_capability(tmp_path):
    (tmp_path / FIXTURE.name).write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    line = next(i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if "REPORTS.execute(sql)" in ln)
    [bypass] = [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    assert (bypass.location.line, bypass.tool) == (line, "report_query")
    assert bypass.message.startswith(
        "tool 'report_query' lets caller query text 'sql' reach .execute() behind a read-only check by keyword deny-list ('DROP')")
    [cap] = [f for f in res.capabilities if f.rule_id == "capability-raw-query"]
    assert (cap.location.line, cap.tool) == (line, "report_query")
    assert cap.message.startswith(
        "tool 'report_query' runs query text the caller writes (reads and writes): parameter 'sql' reaches .execute() as is")
    assert "enforced" not in cap.message
    assert cap.properties["read_only"] is False
