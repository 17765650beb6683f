"""Issue 12, branch py31a (the thirty-first Python holdout's general causes): ``fixtures/taint/py31a``.

* SQLAlchemy Core statement builders (``insert(T).values(...)``, ``update(T).where(...).values(...)``,
  ``delete``, ``select``, a ``Table``'s ``.insert()``, the dialects' upsert) bind every value: the
  statement carries no caller text to ``execute()``, for injection and for a read-only tool
  (sql.yaml ``statement-builders``, sqlbuilders.py); the twin's ``text()``, ``literal_column()``
  and string query stay SQL.
* a request helper's client parameter is the clients the module's callers hand it, followed
  through the callers' parameters, ``self`` fields and closures (``async with ... as client``
  around a nested ``_one``), an ``injected or Client(...)`` judged by its fallback constructor
  (passedclients.py): a client built on httpx's ``ASGITransport`` never leaves the process (no
  SSRF); a path fill whose callers' clients carry no credential is an audit result, one whose
  closure's client carries the server's key stays a finding.
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


def test_a_client_on_an_in_process_transport_sends_nothing_out():
    assert groups.found("inprocess_client", low=True) == []
    src = TAINT_FIXTURES / "py31a" / "remote_client" / "server.py"
    assert groups.rows("remote_client") == [
        ("server.py", line_in(src, "return await client.request(method, path)"), "tool-ssrf", "handle_call_tool")]
    assert groups.message("remote_client", "tool-ssrf", "handle_call_tool").startswith(
        "tool 'handle_call_tool' passes parameter 'arguments' to httpx.AsyncClient.request(): server-side request forgery")


def test_the_client_a_closure_hands_on_is_its_enclosing_binding():
    src = TAINT_FIXTURES / "py31a" / "closure_client" / "server.py"
    assert groups.found("closure_client") == []
    low = groups.found("closure_client", low=True)
    assert [(f.rule_id, f.location.line, f.tool) for f in low] == [
        ("tool-ssrf", line_in(src, "client.get(_quote_url(symbol))"), "price")]
    assert "it fills only the path under the fixed host query1.finance.yahoo.com" in low[0].message
    assert "the request carries no credential of the server's" in low[0].message
    twin = TAINT_FIXTURES / "py31a" / "closure_client_twin" / "server.py"
    assert groups.rows("closure_client_twin") == [
        ("server.py", line_in(twin, "client.get(_quote_url(symbol))"), "tool-ssrf", "price")]
    assert "with the server's credential (the client's 'headers' argument)" in groups.message(
        "closure_client_twin", "tool-ssrf", "price")
