"""SQL sent over HTTP from TypeScript (tssink29, ``fixtures/typescript/tssink29/sqlhttp``).

A request whose URL's constant text ends with a database's query endpoint (the SQL models'
``sql-endpoints``: InfluxDB 3's ``/api/v3/query_sql`` with ``{ q }``, CrateDB's ``/_sql`` with
``{ stmt }``) carries a statement the database runs (``analysis/ts/sqlhttp.py``): the caller's
name quoted into a fixed statement there is SQL injection, through the project's own wrapper of
an HTTP client as through ``fetch`` with a ``JSON.stringify`` body. The safe twins (the name bound
as a statement parameter; a search text posted to an endpoint that is no SQL endpoint) stay quiet.
A read-only query tool whose statements go to an endpoint that runs queries only (InfluxDB 3's)
keeps its promise; one that sends them to InfluxDB 2's Flux endpoint (``to()`` writes) does not.
"""

from __future__ import annotations

import pytest
from test_ts_engine import audit_group, line_of

from mcpaudit.catalog import catalog

SQLHTTP = "tssink29/sqlhttp"


def _sql(res):
    return sorted((f for f in res.findings if f.rule_id == "tool-sql-injection"), key=lambda f: f.location.line)


def test_a_statement_sent_to_a_sql_endpoint_is_a_query_sink(tmp_path):
    res = audit_group(tmp_path, SQLHTTP)
    wrapped, fetched = _sql(res)
    post = line_of("server.ts", 'return db.post("/api/v3/query_sql", payload);', SQLHTTP)
    assert (wrapped.location.path, wrapped.location.line, wrapped.tool) == ("server.ts", post, "describe_table")
    assert wrapped.message.startswith("tool 'describe_table' passes parameter 'table' to db.post() to a SQL endpoint: "
                                      "SQL injection (the query text is built from the value)")
    built = line_of("server.ts", "const query = `SELECT column_name, data_type FROM information_schema.columns", SQLHTTP)
    assert built in [s.location.line for s in wrapped.flow]
    call = line_of("server.ts", "const res = await fetch(`${CRATE_URL}/_sql`, {", SQLHTTP)
    assert (fetched.location.line, fetched.tool) == (call, "count_rows")
    assert fetched.message.startswith("tool 'count_rows' passes parameter 'table' to fetch() to a SQL endpoint: "
                                      "SQL injection (the query is a template literal)")


def test_bound_parameters_and_other_endpoints_stay_quiet(tmp_path):
    res = audit_group(tmp_path, SQLHTTP)
    assert {f.tool for f in _sql(res)} == {"describe_table", "count_rows"}
    assert not [f for f in res.findings if f.tool in ("describe_table_bound", "search_docs") and f.confidence.value != "low"]
    assert not [c for c in res.capabilities if c.tool in ("describe_table_bound", "search_docs")]


def test_sql_endpoint_rows_are_loaded():
    rows = catalog().typescript.sql_endpoints
    by_path = {p: r for r in rows for p in r.paths}
    assert by_path["/api/v3/query_sql"].keys == frozenset({"q"}) and by_path["/api/v3/query_sql"].reads_only
    assert by_path["/v1/statement"].whole_body and not by_path["/_sql"].reads_only


def test_a_read_only_endpoint_keeps_the_promise_another_breaks_it(tmp_path):
    res = audit_group(tmp_path, SQLHTTP)
    caps = {c.tool: c for c in res.capabilities if c.rule_id == "capability-raw-query"}
    post = line_of("server.ts", 'return db.post("/api/v3/query_sql", payload);', SQLHTTP)
    assert (caps["query_sql"].location.line, caps["query_sql"].parameter) == (post, "sql")
    assert caps["query_sql"].message.startswith("tool 'query_sql' runs query text the caller writes (read-only, "
                                                "enforced by the database): parameter 'sql' reaches db.post() to a SQL endpoint as is")
    flux = line_of("server.ts", 'await db.post("/api/v2/query?org=main", { query: flux, type: "flux" });', SQLHTTP)
    assert caps["query_flux"].location.line == flux
    bypass = [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    assert [(f.location.line, f.tool) for f in bypass] == [(flux, "query_flux")]
    assert bypass[0].message.startswith("tool 'query_flux' is described as read-only but runs the caller's query text "
                                        "with no read-only mode the database enforces (db.post() to a SQL endpoint)")


@pytest.mark.parametrize("section", ["sql_endpoints", "single_statement", "stdin_programs"])
@pytest.mark.parametrize("row", ["/v1/statement", ["/query"]])
def test_a_row_that_is_not_a_mapping_is_a_model_error(section, row):
    from types import SimpleNamespace

    from mcpaudit.catalog._yaml import ModelError
    from mcpaudit.catalog.tsrows import TsSections

    loader = TsSections()
    loader.m = SimpleNamespace(sql_endpoints=[], single_statement=[], stdin_programs=[])
    name = section.replace("_", "-")
    with pytest.raises(ModelError, match=rf"^sql.yaml {name}\[0\]: a mapping, not {type(row).__name__} "):
        getattr(loader, f"section_{section}")([row], "sql.yaml", name)
