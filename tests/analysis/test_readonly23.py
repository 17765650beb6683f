"""Read-only claims the engine can bypass (issue 12): a check of the first parsed statement's
type (fixtures/taint/readonly23/, each group beside a twin that must stay silent)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

_GROUPS = FlowGroups("readonly23")
rows, message, line_of = _GROUPS.rows, _GROUPS.message, _GROUPS.line_of
_SRV = "server.py"


def test_a_check_of_the_first_parsed_statement_type_is_a_bypassable_read_only_check():
    # sqlparse.parse(q)[0].get_type() != "SELECT": raise (the type bound to a name first and
    # compared with a tuple of read verbs; the statement bound first, in a helper): psycopg2 runs
    # every statement of the text, so one stacked after the SELECT, or a data-modifying WITH typed
    # by its final SELECT, runs
    assert rows("first_statement") == sorted([
        (_SRV, line_of("first_statement", _SRV, "cur.execute(query)"), "tool-read-only-bypass", "run_query"),
        (_SRV, line_of("first_statement", _SRV, "cur.execute(sql)"), "tool-read-only-bypass", "run_report"),
        (_SRV, line_of("first_statement", _SRV, "cur.execute(text)"), "tool-read-only-bypass", "run_checked"),
    ])
    assert message("first_statement", "tool-read-only-bypass", "run_query") == (
        "tool 'run_query' lets caller query text 'query' reach .execute() behind a read-only check by query prefix "
        "('SELECT') of the first parsed statement only: 'SELECT 1; DROP TABLE t' and "
        "'WITH x AS (DELETE ... RETURNING *) SELECT ...' pass it")
    assert "('SELECT'/'SHOW') of the first parsed statement only" in message(
        "first_statement", "tool-read-only-bypass", "run_report")
    assert message("first_statement", "tool-read-only-bypass", "run_checked").endswith(
        "of the first parsed statement only: 'SELECT 1; DROP TABLE t' and "
        "'WITH x AS (DELETE ... RETURNING *) SELECT ...' pass it (in is_select())")


def test_a_first_statement_check_with_a_statement_count_or_a_one_statement_driver_is_quiet():
    # len(sqlparse.split(q)) != 1 refuses the stacked statement (the check is left as it was:
    # the tool's query capability); sqlite3 runs one statement per call and a SQLite SELECT reads;
    # a tool that runs every statement and reads the type only to fetch rows routes (routing.py)
    assert rows("first_statement_safe") == sorted([
        (_SRV, line_of("first_statement_safe", _SRV, "cur.execute(query)"), "capability-raw-query", "run_query"),
        ("routing.py", line_of("first_statement_safe", "routing.py", "cur.execute(sql)  # expect"),
         "capability-raw-query", "run_statement"),
    ])
