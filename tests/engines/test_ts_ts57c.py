"""ts57c (issue 14): the forty-fourth TypeScript holdout's wrong rows (``fixtures/typescript/ts57c``).

* ``ownquery``: ``client.query(...)`` on an object of the project's own class (returned by a
  project getter declared ``: ReportClient``, built with ``new`` of a class of the module) is that
  class's method: the linker follows it, and the capability is reported at the pg pool's
  ``query`` inside it (``analysis/ts/ownreceivers.py``: ``SinkRec.unless_target``). A receiver of
  unknown type (``pool: any``) keeps matching by name. ``ownquery_safe``: the project's
  ``SearchClient.query`` runs Pinecone ``searchRecords`` (a semantic search, no query language),
  reached through a getter, a parameter typed ``SearchClient``, ``new SearchClient()`` and a
  class of the module whose ``query`` reads a Map: no raw-query capability, no SQL injection.
* ``constmessage``: a constant whose literal is a sentence (``MISSING_AUTH_TOKEN_MESSAGE``) is no
  secret whatever its name; a constant with a credential's shape (``trk_live_<32 hex>``) and the
  token from the environment still are (``analysis/secretvalues.py``, ``ts/logorigin.py``).
  ``constmessage_safe``: only prose constants logged (imported and of the module).
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan

from mcpaudit.analysis.secretvalues import credential_word, prose_literal
from mcpaudit.models import Confidence

G = "ts57c"
GROUPS = ["ownquery", "ownquery_safe", "constmessage", "constmessage_safe"]

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/{n}" for n in GROUPS])


def _rows(name, caps=False):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line, f.rule_id))
        if f.confidence >= Confidence.MEDIUM and (caps or not f.rule_id.startswith("capability-"))]


# -- a project's own class method named query ------------------------------------------------

def test_a_project_clients_query_is_followed_into_its_method():
    g = f"{G}/ownquery"
    inner = line_of("src/report-client.ts", "await this.pool.query(params.sql);", g)
    audit = line_of("src/tools.ts", "await this.pool.query(statement);", g)
    legacy = line_of("src/tools.ts", "await pool.query(sql);", g)
    words = "runs query text the caller writes (reads and writes)"
    assert _rows("ownquery", caps=True) == [
        ("capability-raw-query", "src/report-client.ts", inner, "run_report",
         f"tool 'run_report' {words}: parameter 'sql' reaches this.pool.query() as is"),
        ("capability-raw-query", "src/tools.ts", audit, "audit_sql",
         f"tool 'audit_sql' {words}: parameter 'statement' reaches this.pool.query() as is"),
        ("capability-raw-query", "src/tools.ts", legacy, "legacy_sql",
         f"tool 'legacy_sql' {words}: parameter 'sql' reaches pool.query() as is"),
    ]


def test_the_call_site_on_a_project_object_is_no_sink_of_its_own():
    out, _ = scan(f"{G}/ownquery")
    g = f"{G}/ownquery"
    calls = {line_of("src/tools.ts", "await client.query({ sql, limit });", g),
             line_of("src/tools.ts", "JSON.stringify(await db.query(statement))", g)}
    assert not [f for f in out.findings if f.location.path == "src/tools.ts" and f.location.line in calls]


def test_a_project_search_clients_query_is_no_raw_query():
    assert _rows("ownquery_safe", caps=True) == []
    out, _ = scan(f"{G}/ownquery_safe")
    assert not [f for f in out.findings if f.rule_id in ("capability-raw-query", "tool-sql-injection")]
    assert {t.name for t in scan(f"{G}/ownquery_safe")[1].tools} == {
        "search", "search_default", "search_archive", "search_recent"}


def test_the_receiver_is_marked_with_its_project_target():
    from mcpaudit.engines.ts import analyze_file
    from test_ts_engine import FIXTURES

    root = FIXTURES / G / "ownquery_safe"
    tools = analyze_file(str(root / "src/tools.ts"), "src/tools.ts", 10 ** 7, 20.0).summary
    marked = sorted(s.unless_target for fn in tools.functions.values() for s in fn.sinks if s.unless_target)
    assert "CachedSearch.query" in marked
    assert "src/search-client#SearchClient.query" in marked
    assert "src/context#getSearchClient.query" in marked


# -- a constant message read as a secret -----------------------------------------------------

def test_a_prose_constant_is_no_secret_but_a_token_shaped_one_is():
    g = f"{G}/constmessage"
    fallback = line_of("src/index.ts", '"using the shared key", FALLBACK_API_TOKEN);', g)
    caught = line_of("src/index.ts", "console.error(MISSING_AUTH_TOKEN_MESSAGE, authToken);", g)
    assert _rows("constmessage") == [
        ("secret-in-log", "src/index.ts", fallback, None,
         "secret 'FALLBACK_API_TOKEN' is written to a log by console.error()"),
        ("secret-in-log", "src/index.ts", caught, None, "secret 'authToken' is written to a log by console.error()"),
    ]


def test_prose_constants_logged_are_quiet():
    assert _rows("constmessage_safe") == []


def test_prose_and_credential_shapes():
    assert prose_literal("Sentry authentication token not found. Please specify your Sentry auth token.")
    assert prose_literal("Your token has expired. Run the login command again.")
    assert not prose_literal("trk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0")
    assert not prose_literal("Authorization: Bearer sk-proj-abc123")  # a known key prefix in a sentence
    assert not prose_literal("token is 9f8e7d6c5b4a39281706f5e4d3c2b1a0 here")
    assert not prose_literal("changeme")
    assert credential_word("ghp_abcdefABCDEF0123456789")
    assert not credential_word("https://tracker.example.com/api/0/")
    assert not credential_word("TRACKER_TOKEN.")
