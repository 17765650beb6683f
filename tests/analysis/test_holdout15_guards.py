"""Guards that do not guard and library knowledge from the fifteenth holdout (issue 12): a
deny-list of writing statement prefixes (inline, or a helper that classifies the query and whose
None skips the permission check), a permission checked on one argument while another is pasted
into a COPY statement (fixtures/readonly_modes/prefix_deny, fixtures/taint/copy_statements.py)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of

DENY = Path(__file__).resolve().parents[2] / "fixtures" / "readonly_modes" / "prefix_deny"


def _deny_findings():
    files = [(str(p), p.relative_to(DENY).as_posix()) for p in sorted(DENY.rglob("*.py"))]
    out, _ = cst_engine.run(files, DENY, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.confidence >= Confidence.MEDIUM]


PASSES = ("'SELECT 1; DROP TABLE t', a leading comment ('/* x */ DROP TABLE t'), "
          "'WITH x AS (SELECT 1) DELETE FROM t' and writing statements it does not name")


def test_a_helper_that_classifies_writing_prefixes_and_returns_none_otherwise_is_a_bypassable_check():
    src = DENY / "server.py"
    found = [f for f in _deny_findings() if f.rule_id == "tool-read-only-bypass"]
    assert [(f.tool, f.location.line) for f in found] == [
        ("execute_query", line_of(src, "cur.execute(query)  # expect: capability-raw-query, tool-read-only-bypass")),
        ("run_report", line_of(src, "cur.execute(query)  # expect: tool-read-only-bypass"))]
    assert found[0].message == (
        "tool 'execute_query' lets caller query text 'query' reach .execute() behind a read-only check by "
        "statement-prefix deny-list ('INSERT', 'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE'): "
        f"{PASSES} (MERGE, REPLACE, GRANT) pass it (in operation_of()), and only while is_allowed() refuses the "
        "statement it names")
    # the flow shows the caller's check the query passed
    check = line_of(src, "if operation and not is_allowed(operation):")
    assert any(s.location.line == check and s.note.startswith("passes a read-only check") for s in found[0].flow)


def test_an_inline_deny_list_of_destructive_prefixes_is_a_bypassable_check():
    [f] = [f for f in _deny_findings() if f.rule_id == "tool-read-only-bypass" and f.tool == "run_report"]
    assert f.message == (
        "tool 'run_report' lets caller query text 'query' reach .execute() behind a read-only check by "
        f"statement-prefix deny-list ('DROP', 'DELETE', 'TRUNCATE'): {PASSES} (INSERT, UPDATE, CREATE) pass it")


def test_the_permission_gated_tool_keeps_its_raw_query_capability_and_a_classifier_of_no_statement_is_no_check():
    got = sorted((f.rule_id, f.tool) for f in _deny_findings() if f.rule_id == "capability-raw-query")
    assert got == [("capability-raw-query", "execute_formatted"), ("capability-raw-query", "execute_query")]
    assert not [f for f in _deny_findings() if f.tool == "execute_formatted" and f.rule_id != "capability-raw-query"]


COPY = TAINT / "copy_statements.py"


def test_a_permission_on_one_argument_does_not_clear_the_table_pasted_into_a_copy_statement():
    found = [f for f in fixture_findings() if f.location.path == "copy_statements.py"]
    assert [(f.rule_id, f.location.line, f.tool) for f in found] == [
        ("tool-sql-injection", line_of(COPY, 'cursor.copy(f"COPY {table} FROM STDIN'), "copy_rows")]
    assert found[0].message == "tool 'copy_rows' passes parameter 'table' to .copy(): SQL injection (the query is an f-string)"
