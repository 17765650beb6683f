"""SQL quoting helpers (fixtures/typescript/sanitizers/quoting.ts): a quote doubled everywhere
inside its quotes - replace(/"/g, '""'), replaceAll('"', '""'), split('`').join('``'), the
string literal's replaceAll("'", "''") - makes the helper's result inert for SQL; a first-only
replace and a backslash escape do not."""

from __future__ import annotations

from test_ts_engine import line_of, only, scan

G = "sanitizers"
F = "quoting.ts"


def _found():
    out, _ = scan(G)
    return [f for f in out.findings if f.location.path == F]


def test_doubled_quotes_are_inert_for_sql():
    tools = {f.tool for f in _found()}
    assert not tools & {"count_rows", "drop_table", "describe_table", "find_user"}


def test_a_first_only_replace_is_reported_with_the_helpers_flow():
    f = only(_found(), tool="truncate_table")
    assert f.rule_id == "tool-sql-injection"
    assert f.location.line == line_of(F, "TRUNCATE ${quoteFirst(table)}", G)
    assert f.message == ("tool 'truncate_table' passes parameter 'table' to db.query(): SQL injection "
                         "(the query is a template literal)")
    assert [s.note for s in f.flow] == [
        "parameter 'table' of MCP tool 'truncate_table' (caller-controlled)", "passed to quoteFirst()",
        "parameter 'name'", "returned", "returned by quoteFirst()", "reaches db.query()"]


def test_a_backslash_escape_is_not_sqls():
    f = only(_found(), tool="vacuum_table")
    assert (f.rule_id, f.location.line) == ("tool-sql-injection", line_of(F, "VACUUM ${quoteBackslash", G))
