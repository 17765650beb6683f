"""Read-only promises made for a whole server (fixtures/readonly_modes): instructions that promise
read-only access, and a read-only role listed as SQL verbs. Each folder is its own project, held to
its ``# expect:`` lines by tests/test_fixtures.py."""

from __future__ import annotations

from pathlib import Path

from tests.test_fixtures import scan_folder

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "readonly_modes"


def _scan(name: str):
    return scan_folder(ROOT / name)


def test_the_role_finding_names_the_role_and_where_it_is_defined():
    [f] = [f for f in _scan("role_table") if f.rule_id == "tool-read-only-bypass"]
    assert f.tool == "run_sql"
    assert f.message.startswith(
        "tool 'run_sql' is run in the server's read-only role (role 'readonly' allows SELECT, SHOW, DESCRIBE, "
        "EXPLAIN, at roles.py:5), which can only be kept by looking for verbs in the query text")


def test_the_server_claim_finding_quotes_the_promise():
    [f] = [f for f in _scan("server_claim") if f.rule_id == "tool-read-only-bypass"]
    assert f.message == ("tool 'run_query' is served by a server whose instructions promise read-only access but "
                         "runs the caller's query text with no read-only mode the database enforces (.execute())")
