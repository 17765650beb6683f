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
    assert G.tools("match_enum_safe") == ["safe_graph__count", "safe_graph__load_file", "safe_graph__show_schema"]
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


# -- project escapers whose replace chain escapes the backslash first --------------------------------

def test_escapers_leaving_the_backslash_alone_are_reported_on_mysql():
    line = G.line_of("sql_escapers", "server.py", "cursor.execute(sql)")
    assert G.rows("sql_escapers") == [("server.py", line, "tool-sql-injection", "embed_text")]
    msg = G.message("sql_escapers", "tool-sql-injection", "embed_text")
    assert "passes parameter 'text' to .execute(): SQL injection" in msg
    assert "also reached from tools 'count_notes', 'find_notes'" in msg


def test_escapers_escaping_the_backslash_first_are_complete_on_mysql():
    assert G.tools("sql_escapers_safe") == ["embed_note_text", "find_notes_by_title"]
    assert G.rows("sql_escapers_safe") == []


# -- a low-level call_tool logging its whole arguments: what its own server's tools take decides -----

def test_whole_arguments_log_reported_where_the_servers_tools_take_a_password():
    line = G.line_of("mapping_logs", "adminsrv/server.py", 'logger.info(f"Calling tool:')
    assert G.rows("mapping_logs") == [("adminsrv/server.py", line, "secret-in-log", "call_tool")]
    msg = G.message("mapping_logs", "secret-in-log", "call_tool")
    assert "the whole argument mapping 'arguments' is written to a log by logging.getLogger.info()" in msg


def test_whole_arguments_log_quiet_where_no_listed_tool_takes_a_credential():
    assert not [r for r in G.rows("mapping_logs") if r[0].startswith("sqlsrv/")]


# -- TLS checks off under a setting of a pydantic-settings class passed as a parameter --------------

def _tls_rows(tmp_path):
    import shutil
    from pathlib import Path

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / "optin_tls_settings"
    shutil.copytree(Path(__file__).resolve().parents[2] / "fixtures" / "optin_tls_settings", root)
    res = api.audit([root], Config(engines=("semgrep",), cache=False, min_confidence=Confidence.LOW))
    return sorted((f.location.path, f.location.line, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id == "tls-verify-disabled")


def test_tls_off_under_a_settings_class_parameter_is_an_opt_out(tmp_path):
    rows = _tls_rows(tmp_path)
    assert [r[:3] for r in rows] == [("client.py", 12, "low"), ("client.py", 18, "high"), ("client.py", 25, "high")]
    assert rows[0][3].endswith("certificate checking is off only in a branch on the operator's own setting "
                               "(not server_config.verify_ssl), whose default keeps it on: an explicit opt-out, "
                               "not the default (audit view)")
    assert "opt-out" not in rows[1][3] and "opt-out" not in rows[2][3]
