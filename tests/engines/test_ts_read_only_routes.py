"""A query-prefix check on a tool whose sibling runs writes (fixtures/typescript/readonly_routes):
with no read-only claim it routes statements between the two tools and is no boundary; with
readOnlyHint it is one, and its message offers a stacked statement only where the driver runs
several per call (rules/models/typescript/sql.yaml single-statement)."""

from __future__ import annotations

import pytest

from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, _show, expectations, line_of, only, scan, steps

GROUPS = ["readonly_routes/routed", "readonly_routes/claimed", "readonly_routes/stacked"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    out, _ = scan(name)
    got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings
           if f.confidence >= Confidence.MEDIUM and not f.rule_id.startswith("capability-")}
    want = expectations(FIXTURES / name)
    assert got == want, f"missing:\n{_show(want - got)}\nextra:\n{_show(got - want, out.findings)}"


def test_a_select_check_beside_a_sibling_that_writes_is_no_read_only_boundary():
    out, _ = scan("readonly_routes/routed")
    assert not [f for f in out.findings if f.rule_id == "tool-read-only-bypass"]
    # the writing sibling is still shown for what it is: its purpose; so is the SELECT tool's
    # running of the caller's queries behind its routing check (ts19a)
    caps = sorted((f.rule_id, f.tool) for f in out.findings if f.rule_id.startswith("capability-"))
    assert caps == [("capability-raw-query", "execute"), ("capability-raw-query", "query")]


def test_a_claimed_tool_on_a_single_statement_driver_is_reported_without_a_stacked_example():
    out, _ = scan("readonly_routes/claimed")
    f = only(out.findings, rule_id="tool-read-only-bypass")
    assert (f.location.path, f.location.line, f.tool) == (
        "server.ts", line_of("server.ts", "const [rows] = await conn.query(sql)", "readonly_routes/claimed"), "query")
    assert "DROP TABLE" not in f.message
    assert ("stacked statements do not run (the MySQL driver runs one statement per call unless the connection "
            "sets multipleStatements), but side-effecting functions and SELECT ... INTO pass it") in f.message
    assert any(n.startswith("checked: read-only") for _, _, n in steps(f))


def test_a_connection_that_allows_several_statements_keeps_the_stacked_example():
    out, _ = scan("readonly_routes/stacked")
    f = only(out.findings, rule_id="tool-read-only-bypass")
    assert "'SELECT 1; DROP TABLE t'" in f.message
