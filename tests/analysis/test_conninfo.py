"""A caller value inside a libpq connection string (fixtures/taint/conninfo.py)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "conninfo.py"


def test_a_caller_value_in_a_conninfo_string_is_ssrf_and_keyword_parameters_are_quiet(tmp_path):
    src = FIXTURE.read_text(encoding="utf-8")
    (tmp_path / FIXTURE.name).write_text(src, encoding="utf-8")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    lines = src.splitlines()
    line = lambda text: next(i for i, ln in enumerate(lines, 1) if text in ln)  # noqa: E731
    got = sorted((f.location.line, f.rule_id, f.tool, f.message) for f in res.findings if f.rule_id == "tool-ssrf")
    why = ("server-side request forgery (a libpq connection string; an unquoted value in it can add host= "
           "and send the password to another host)")
    assert got == [
        (line("psycopg.connect(f\"host"), "tool-ssrf", "row_count",
         f"tool 'row_count' passes parameter 'database' to connect() connection string: {why}"),
        (line("ConnectionPool(conninfo="), "tool-ssrf", "open_pool",
         f"tool 'open_pool' passes parameter 'database' to ConnectionPool() connection string: {why}"),
        # kept on an object by its constructor, built into the string when the pool opens
        (line("AsyncConnectionPool(conninfo, open=False)"), "tool-ssrf", "connect_database",
         f"tool 'connect_database' passes parameter 'database' to AsyncConnectionPool() connection string: {why}"),
    ]
    assert not [f for f in res.findings if f.tool == "row_count_quoted"]
