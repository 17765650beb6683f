"""A description that offers to grant read-only access to something (fixtures/typescript/grantwords)
names the access level the tool sets, not a promise that the tool itself is read-only."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "grantwords"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_granting_read_only_access_is_no_read_only_claim():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "set_column_access" and f.rule_id == "tool-read-only-bypass"]
    f = only(out.findings, tool="peek_columns", rule_id="tool-read-only-bypass")
    assert f.location.line == line_of("server.ts", "db.prepare(statement).all()", G)
    assert f.message == ("tool 'peek_columns' is described as read-only but runs the caller's query text with no "
                         "read-only mode the database enforces (db.prepare())")
