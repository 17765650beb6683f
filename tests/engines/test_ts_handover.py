"""An input object handed on whole (fixtures/typescript/handover): a schema-parsed object (or a
handler's argument object) passed through two project helpers before a field is read keeps
each field's proof (an enum, a number); a free string field still reaches the sink."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "handover"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_free_field_read_two_helpers_down_is_reported_with_its_flow():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-sql-injection")
    assert f.tool == "stats"
    assert f.location.line == line_of("server.ts", "SELECT ${column}", G)
    assert f.message == ("tool 'stats' passes parameter 'request' to db.query(): SQL injection "
                         "(the query is a template literal)")
    assert [s.note for s in f.flow] == [
        "parameter 'request' of MCP tool 'stats' (caller-controlled)", "assigned to 'parsed'",
        "passed to runStats()", "passed to columnStats()", "parameter 'input'", "assigned to 'column'",
        "reaches db.query()"]


def test_an_enum_and_a_number_keep_their_proof_across_two_helpers():
    out, _ = scan(G)
    line = line_of("server.ts", "ORDER BY ${orderBy}", G)
    assert not [f for f in out.findings if f.location.line == line]
    assert not [f for f in out.findings if f.tool == "slowest"]
