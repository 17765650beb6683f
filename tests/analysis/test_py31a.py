"""Issue 12, branch py31a (the thirty-first Python holdout's general causes): ``fixtures/taint/py31a``.

* SQLAlchemy Core statement builders (``insert(T).values(...)``, ``update(T).where(...).values(...)``,
  ``delete``, ``select``, a ``Table``'s ``.insert()``, the dialects' upsert) bind every value: the
  statement carries no caller text to ``execute()``, for injection and for a read-only tool
  (sql.yaml ``statement-builders``, sqlbuilders.py); the twin's ``text()``, ``literal_column()``
  and string query stay SQL.
"""

from __future__ import annotations

from pyflowgroups import FlowGroups, TAINT_FIXTURES, line_in

groups = FlowGroups("py31a")


def test_core_statements_bind_their_values():
    assert groups.found("core_builders") == []
    assert groups.found("core_builders", low=True) == []


def test_text_a_statement_takes_as_is_stays_sql():
    src = TAINT_FIXTURES / "py31a" / "core_text" / "server.py"
    where = line_in(src, 'text(f"body LIKE')
    rows = groups.rows("core_text")
    assert rows == [
        ("server.py", where, "tool-read-only-bypass", "filter_notes"),
        ("server.py", where, "tool-sql-injection", "filter_notes"),
        ("server.py", line_in(src, "literal_column(column)"), "tool-sql-injection", "sorted_notes"),
        ("server.py", line_in(src, "SELECT count(*)"), "tool-sql-injection", "count_notes"),
    ]
    assert groups.message("core_text", "tool-sql-injection", "filter_notes") == (
        "tool 'filter_notes' passes parameter 'where' to text(): SQL injection (the query is an f-string)")
    assert groups.message("core_text", "tool-sql-injection", "sorted_notes").startswith(
        "tool 'sorted_notes' runs caller-supplied query text 'column' verbatim with literal_column()")
    assert groups.message("core_text", "tool-read-only-bypass", "filter_notes").startswith(
        "tool 'filter_notes' is annotated readOnlyHint=True but runs the caller's query text")
