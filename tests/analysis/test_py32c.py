"""py32c: general causes of the thirty-second Python holdout (reader A)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

G = FlowGroups("py32c")


# -- a match on the tool name in call_tool, with str Enum members of another module ---------------

def test_match_arms_on_enum_members_register_their_tools():
    assert G.tools("match_enum") == ["graph__count", "graph__load_file", "graph__show_schema"]
    gsql = G.line_of("match_enum", "graphsrv/tools.py", "await conn.gsql(")
    load = G.line_of("match_enum", "graphsrv/tools.py", "await conn.runLoadingJobWithFile(")
    assert G.rows("match_enum") == [
        ("graphsrv/tools.py", gsql, "tool-sql-injection", "graph__show_schema"),
        ("graphsrv/tools.py", load, "capability-file-access", "graph__load_file"),
    ]
    msg = G.message("match_enum", "tool-sql-injection", "graph__show_schema")
    assert "parameter 'arguments['graph_name']' to pyTigerGraph .gsql(): SQL injection" in msg
    msg = G.message("match_enum", "capability-file-access", "graph__load_file")
    assert "reads any file the caller names" in msg and "pyTigerGraph .runLoadingJobWithFile()" in msg


def test_match_arms_twin_fixed_gsql_and_file_stay_quiet():
    assert G.tools("match_enum_safe") == ["graph__count", "graph__load_file", "graph__show_schema"]
    assert G.rows("match_enum_safe") == []


# -- pymilvus's MilvusClient built under a method's own import: no query text, no URL --------------

def test_vector_store_client_methods_are_no_query_or_request():
    assert G.tools("vector_client") == ["delete_documents", "get_document"]
    assert G.rows("vector_client") == []


def test_http_client_built_under_a_local_import_still_fetches():
    line = G.line_of("vector_client_twin", "server.py", "return self.client.get(url).text")
    assert G.rows("vector_client_twin") == [("server.py", line, "capability-network-request", "get_page")]
    msg = G.message("vector_client_twin", "capability-network-request", "get_page")
    assert "fetches any URL the caller gives: parameter 'url' reaches self.client.get()" in msg
