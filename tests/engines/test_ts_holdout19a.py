"""Sinks and precision from the nineteenth TypeScript holdout, reader A (issue 14): neo4j-driver's
Cypher runs, a free caller option list spread into a program with a command option, the class of
an object a factory function returns, a raw query behind a read-only check, value-taking long
options of an unknown program (fixtures/typescript/neo4jcypher, ...)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan

GROUPS = ["neo4jcypher"]


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
