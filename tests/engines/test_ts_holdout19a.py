"""Sinks and precision from the nineteenth TypeScript holdout, reader A (issue 14): neo4j-driver's
Cypher runs, a free caller option list spread into a program with a command option, the class of
an object a factory function returns, a raw query behind a read-only check, value-taking long
options of a program named by its path variable, an options object handed to a request helper
(fixtures/typescript/neo4jcypher, freeoptions, factoryclients, libsqlselect, optionfields)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan

GROUPS = ["neo4jcypher", "freeoptions", "factoryclients", "libsqlselect", "optionfields"]


@pytest.mark.parametrize("group", GROUPS)
def test_findings_equal_annotations(group):
    test_ts_engine.test_findings_equal_annotations(group)


# -- neo4jcypher: session.run / tx.run / driver.executeQuery -----------------------------------

def test_session_run_of_the_callers_cypher_is_the_tools_raw_query():
    out, _ = scan("neo4jcypher")
    f = only(out.findings, tool="execute_cypher")
    assert (f.rule_id, f.location.line) == ("capability-raw-query", line_of("server.ts", "session.run(query", "neo4jcypher"))
    assert f.message.startswith("tool 'execute_cypher' runs query text the caller writes (reads and writes): "
                                "parameter 'query' reaches session.run() as is")


def test_a_caller_label_in_cypher_text_is_an_injection():
    out, _ = scan("neo4jcypher")
    f = only(out.findings, tool="create_node")
    assert (f.rule_id, f.location.line) == ("tool-sql-injection", line_of("server.ts", "session.run(query", "neo4jcypher"))
    assert f.message == ("tool 'create_node' passes parameter 'label' to session.run(): "
                         "SQL injection (the query text is built from the value)")
    g = only(out.findings, tool="count_label")
    assert (g.rule_id, g.location.line) == ("tool-sql-injection", line_of("server.ts", "count(n) AS c`);  // expect", "neo4jcypher"))
    assert "driver.executeQuery()" in g.message


def test_cypher_parameters_and_an_allow_listed_label_are_no_sink():
    out, _ = scan("neo4jcypher")
    assert not [f for f in out.findings if f.tool in ("find_person", "count_known_label", "delete_by_name")]


# -- freeoptions: [...ffuf_args], gowitnessPath -f <value> ----------------------------------------

def test_a_free_option_list_of_a_program_with_a_command_option_is_command_execution():
    out, _ = scan("freeoptions")
    f = only(out.findings, tool="do-ffuf")
    assert (f.rule_id, f.location.line) == ("capability-command-execution", line_of("server.ts", "...ffuf_args]", "freeoptions"))
    assert f.message.startswith("tool 'do-ffuf' runs commands the caller chooses: parameter 'ffuf_args' reaches "
                                "child_process.spawn() ['ffuf', …] as is")


def test_a_free_option_list_after_dashdash_or_of_an_undescribed_program_is_no_default_finding():
    out, _ = scan("freeoptions")
    assert not [f for f in out.findings if f.tool == "do-whois"]


def test_a_program_named_by_its_path_variable_reads_its_option_table():
    out, _ = scan("freeoptions")
    assert not [f for f in out.findings if f.tool == "screenshot-file"]  # gowitness -f <list>
    f = only(out.findings, tool="other-file")  # toolPath: a program the code does not name
    assert (f.rule_id, f.location.line) == ("tool-argument-injection", line_of("server.ts", "spawn(toolPath", "freeoptions"))


# -- factoryclients: const c = createClient(...); c.upload(file) -----------------------------------

@pytest.mark.parametrize("tool", ["upload_file", "upload_again"])
def test_a_method_on_what_a_factory_function_returns_reaches_the_class(tool):
    out, _ = scan("factoryclients")
    f = only(out.findings, tool=tool)
    assert (f.rule_id, f.location.path, f.location.line) == (
        "capability-file-access", "client.ts", line_of("client.ts", "readFileSync(filePath)", "factoryclients"))
    assert f.message.startswith(f"tool '{tool}' reads any file the caller names: parameter 'file' reaches fs.readFileSync() as is")


def test_a_safe_method_on_a_factory_made_client_is_no_sink():
    out, _ = scan("factoryclients")
    assert not [f for f in out.findings if f.tool == "scan_status"]


# -- libsqlselect: a SELECT check at a one-statement SQLite driver --------------------------------

def test_a_select_check_at_libsql_execute_holds_and_the_tool_keeps_its_read_capability():
    out, _ = scan("libsqlselect")
    fs = [f for f in out.findings if f.tool == "query_database"]
    assert [(f.rule_id, f.location.line) for f in fs] == [
        ("capability-raw-query", line_of("server.ts", "client.execute({ sql", "libsqlselect"))]
    assert "(reads only: its check that the query starts with SELECT holds at a driver that runs one statement " \
           "per call (libSQL's execute() runs one statement per call), and a SQLite SELECT cannot write)" in fs[0].message


def test_a_select_check_at_pg_is_bypassable_and_the_raw_query_stays_the_tools_capability():
    out, _ = scan("libsqlselect")
    at = line_of("server.ts", "pool.query(sql)", "libsqlselect")
    got = sorted((f.rule_id, f.location.line) for f in out.findings if f.tool == "query_postgres")
    assert got == [("capability-raw-query", at), ("tool-read-only-bypass", at)]
    cap = only([f for f in out.findings if f.rule_id == "capability-raw-query"], tool="query_postgres")
    assert "(reads and writes)" in cap.message and "; only a read-only check by query prefix ('SELECT')" in cap.message


# -- optionfields: send(config) { axios(config) } ------------------------------------------------

def test_an_options_object_with_a_fixed_url_and_a_caller_body_is_no_request_target():
    out, _ = scan("optionfields")
    assert not [f for f in out.findings if f.tool == "save_note"]


@pytest.mark.parametrize("tool,needle", [("fetch_url", "await axios(config)"), ("fetch_text", "axios(url)")])
def test_a_callers_url_in_the_options_object_or_as_the_string_is_still_the_request_target(tool, needle):
    out, _ = scan("optionfields")
    f = only(out.findings, tool=tool)
    assert (f.rule_id, f.location.line) == ("capability-network-request", line_of("server.ts", needle, "optionfields"))
