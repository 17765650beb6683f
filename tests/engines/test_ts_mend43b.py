"""mend43b: SQL sent over HTTP (analysis/ts/sqlhttp.py, sqlverbs.py). fetch's second argument is
its options (its ``body`` is the statement of a whole-body endpoint, not the options object);
InfluxDB v1's ``/query`` is the database's only with a ``db`` parameter (a docs search at
``/query?q=`` is none) and runs queries only for a GET; a route registration
(``app.post("/v1/statement", auth, handler)``) is no request."""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

GROUP = "mend43b/sqlhttp"


def _at(res, rule):
    return sorted(((f.location.line, f.tool, f.message) for f in res.findings
                   if f.rule_id == rule and f.confidence.value != "low"), key=lambda t: t[0])


def test_whole_body_statement_is_the_body_of_fetch_options_not_the_options(tmp_path):
    res = audit_group(tmp_path, GROUP)
    sql = _at(res, "tool-sql-injection")
    assert [t for t in sql if t[1] == "list_catalogs"] == []
    call = line_of("server.ts", "const res = await fetch(`${TRINO}/v1/statement`, request);", GROUP)
    counted = [t for t in sql if t[1] == "count_table"]
    assert [t[0] for t in counted] == [call]
    assert counted[0][2].startswith("tool 'count_table' passes parameter 'table' to fetch() to a SQL endpoint: "
                                    "SQL injection (the query is a template literal)")


def test_influx_v1_query_needs_a_db_and_a_docs_search_at_query_is_no_sql(tmp_path):
    res = audit_group(tmp_path, GROUP)
    sql = _at(res, "tool-sql-injection")
    assert {t[1] for t in sql} == {"count_table", "measurement_points"}
    line = line_of("server.ts", 'const res = await axios.get(`${INFLUX}/query`, { params: { db: "metrics", q: `SELECT', GROUP)
    points = [t for t in sql if t[1] == "measurement_points"]
    assert [t[0] for t in points] == [line]
    assert points[0][2].startswith("tool 'measurement_points' passes parameter 'measurement' to axios.get() to a SQL "
                                   "endpoint: SQL injection (the query is a template literal)")
    assert not [f for f in res.findings if f.tool == "search_docs"]
    assert not [c for c in res.capabilities if c.tool == "search_docs"]


def test_influx_v1_query_is_read_only_for_get_only(tmp_path):
    res = audit_group(tmp_path, GROUP)
    post = line_of("server.ts", 'const res = await axios.post(`${INFLUX}/query`, null, { params: { db: "metrics", q: stmt } });', GROUP)
    bypass = _at(res, "tool-read-only-bypass")
    assert [(t[0], t[1]) for t in bypass] == [(post, "influx_run")]
    assert bypass[0][2].startswith("tool 'influx_run' is described as read-only but runs the caller's query text "
                                   "with no read-only mode the database enforces (axios.post() to a SQL endpoint)")
    caps = {c.tool: c for c in res.capabilities if c.rule_id == "capability-raw-query"}
    assert "(read-only, enforced by the database)" in caps["influx_select"].message
    assert "(reads and writes)" in caps["influx_run"].message


def test_a_route_registration_is_no_request(tmp_path):
    res = audit_group(tmp_path, GROUP)
    reg = line_of("server.ts", 'app.post("/v1/statement", auth, forward);', GROUP)
    assert not [f for f in res.findings if f.location.line == reg]
    assert not [f for f in res.findings if f.tool == "start_proxy"]
