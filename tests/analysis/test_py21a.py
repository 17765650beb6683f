"""Causes of the twenty-first Python holdout, reader A (issue 12, branch py21a), each with a twin
(``fixtures/taint/flows21a``): tools dispatched through a table of record dicts
(``TOOLS[name]["handler"](request)``), a low-level dispatcher assigned into the server's
``request_handlers`` table, and receivers whose name holds "db" inside another word (a code
sandbox's ``run(code)``, a feedback client) that are no database handle."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows21a"
groups = FlowGroups("flows21a")


def _rows(name: str, low: bool = False):
    return {(f.location.path, f.location.line, f.rule_id): f for f in groups.found(name, low)}


def test_a_table_of_record_dicts_dispatches_to_each_records_handler():
    rows = _rows("recordtable")
    greet = FLOWS / "recordtable" / "tools" / "greet.py"
    hit = rows[("tools/greet.py", line_in(greet, "# expect: tool-shell-injection"), "tool-shell-injection")]
    assert hit.tool == "greet" and hit.parameter == "arguments"
    assert "OS command injection" in hit.message
    # twin: the quoted command of the other record's handler
    assert not [k for k in rows if k[0] == "tools/shout.py"]
    # the records' other field (the tool definitions list_tools calls) is no tool
    assert "get_tool_definition" not in groups.tools("recordtable")


def test_a_dispatcher_assigned_into_request_handlers_is_the_call_tool_handler():
    rows = _rows("requesttable")
    server = FLOWS / "requesttable" / "server.py"
    hit = rows[("server.py", line_in(server, "# expect: tool-shell-injection"), "tool-shell-injection")]
    assert hit.tool == "ping_host" and hit.confidence >= Confidence.MEDIUM
    assert hit.parameter.startswith("request.params")
    # twin: the same shape never assigned into the table stays in the audit view
    assert not [k for k in rows if k[0] == "unregistered.py"]
    assert not [f for f in groups.found("requesttable", low=True) if f.location.path == "unregistered.py" and f.tool]
    assert len([t for t in groups.tools("requesttable") if t in ("ping_dispatch", "ping_host")]) == 1


def test_request_handler_table_is_catalog_data():
    S = catalog().python.surface
    assert S.lowlevel_request_table == "request_handlers"
    assert S.lowlevel_requests["CallToolRequest"] == "call_tool"


def test_db_inside_another_word_names_no_database_handle():
    found = groups.found("sandboxrun")
    server = FLOWS / "sandboxrun" / "server.py"
    by_line = {f.location.line: f for f in found}
    assert line_in(server, "transform.sandbox_provider.run(code") not in by_line
    assert line_in(server, "transform.feedback.run(text)") not in by_line
    cypher = by_line[line_in(server, "# expect: capability-raw-query")]
    assert cypher.rule_id == "capability-raw-query" and cypher.tool == "cypher"
    pattern = catalog().python.receivers["db-handle"].name_pattern
    assert pattern.search("chromadb") and pattern.search("db_conn") and pattern.search("my_db")
    assert not pattern.search("sandbox_provider") and not pattern.search("feedback")


def test_a_function_passed_to_a_registering_helper_is_what_its_parameter_calls():
    found = groups.found("passedfn")
    client = FLOWS / "passedfn" / "client.py"
    hit = next(f for f in found if f.location.path == "client.py"
               and f.location.line == line_in(client, "# expect: tool-ssrf"))
    assert hit.rule_id == "tool-ssrf" and hit.tool == "get_ticket" and hit.parameter == "ticket_id"
    assert any(s.location.path == "tools/tickets.py" for s in hit.flow)  # through the tool's call of its parameter
    # twin: the note id is an int (keyword-passed function, the same closure)
    assert not [f for f in found if f.tool == "get_note"]
    # the helpers register on a server fastmcp's FastMCP.from_openapi built in the factory
    assert {"get_ticket", "get_note"} <= set(groups.tools("passedfn"))


def test_a_secret_logged_in_a_function_nothing_reaches_goes_to_the_audit_view():
    server = FLOWS / "requesttable" / "server.py"
    logged = [f for f in groups.found("requesttable") if f.rule_id == "secret-in-log"]
    assert [(f.location.path, f.location.line) for f in logged] == [
        ("server.py", line_in(server, "# expect: secret-in-log"))]
    dead = [f for f in groups.found("requesttable", low=True)
            if f.rule_id == "secret-in-log" and f.location.path == "unregistered.py"]
    assert len(dead) == 1 and dead[0].confidence == Confidence.LOW
    assert "dispatch(), which nothing in the project calls, imports or registers" in dead[0].message


# test_dead_functions_count_imports_attributes_strings_and_entry_points: unreferenced.py's stale-copy
# case is decided by analysis/entryreach.py now (tests/analysis/test_pyreach22.py)


def test_a_generic_helper_does_not_mix_the_workers_of_its_callers():
    low = [f for f in groups.found("passedfn", low=True) if f.location.path == "workers.py" and f.tool]
    assert not low  # count_words' text never reaches _archive's tar argv
    assert {"count_words", "nightly_archive"} <= set(groups.tools("passedfn"))
