"""py33a: general causes of the thirty-third Python holdout (reader A)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

G = FlowGroups("py33a")


# -- .fetch() on a receiver of unknown type, in a project whose own class defines fetch(url) -----

def test_own_session_fetch_is_no_query():
    assert G.tools("own_fetch") == ["fetch_in_session", "open_session", "stealthy_fetch_in_session"]
    assert G.rows("own_fetch") == []
    assert [f for f in G.found("own_fetch", low=True) if f.rule_id.endswith("sql-injection")] == []


def test_fetch_in_a_project_using_a_database_library_stays_a_query():
    line = G.line_of("own_fetch_twin", "dbsrv/server.py", "await entry.backend.fetch(")
    assert G.rows("own_fetch_twin") == [("dbsrv/server.py", line, "tool-sql-injection", "find_user")]
    msg = G.message("own_fetch_twin", "tool-sql-injection", "find_user")
    assert "passes parameter 'user' to .fetch(): SQL injection (the query is an f-string)" in msg


def test_fetch_of_a_project_method_taking_query_text_stays_a_query():
    line = G.line_of("own_fetch_query", "qsrv/server.py", "return store.fetch(")
    assert G.rows("own_fetch_query") == [("qsrv/server.py", line, "tool-sql-injection", "find_user")]
    msg = G.message("own_fetch_query", "tool-sql-injection", "find_user")
    assert "passes parameter 'user' to .fetch(): SQL injection (the query is an f-string)" in msg


# -- [root for root in roots if p.is_relative_to(root)], then a raise when it is empty -----------

def test_roots_kept_by_a_comprehension_then_required_contain_the_path():
    assert G.tools("state_roots") == ["state_load", "state_save"]
    assert G.rows("state_roots") == []


def test_roots_comprehension_without_a_raise_or_over_another_value_contains_nothing():
    warn = G.line_of("state_roots_twin", "server.py", "return _check_state_path(file_path).read_text()")
    other = G.line_of("state_roots_twin", "server.py", "return _check_other_path(file_path, other).read_text()")
    assert G.rows("state_roots_twin") == [
        ("server.py", warn, "tool-path-traversal", "state_load"),
        ("server.py", other, "capability-file-access", "state_load_beside"),
    ]
    msg = G.message("state_roots_twin", "tool-path-traversal", "state_load")
    assert "passes parameter 'file_path' to .read_text(): path traversal" in msg
    msg = G.message("state_roots_twin", "capability-file-access", "state_load_beside")
    assert "reads any file the caller names: parameter 'file_path' reaches .read_text() as is" in msg
