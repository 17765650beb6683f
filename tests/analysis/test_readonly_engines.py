"""Read-only modes that the engine does not keep (fixtures/capabilities/duckdb_*.py): a DuckDB
connection opened read_only still writes host files with COPY ... TO unless external access is
turned off, so caller query text run there is tool-read-only-bypass; the locked twin is quiet."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "capabilities"


def _audit(tmp_path, *names):
    for name in names:
        (tmp_path / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    return api.audit([tmp_path], Config(engines=("cst",), cache=False))


def _line(name: str, text: str) -> int:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if text in ln)


def test_read_only_duckdb_connection_with_external_access_is_a_bypass(tmp_path):
    res = _audit(tmp_path, "duckdb_readonly.py")
    [f] = [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    assert (f.location.line, f.tool) == (_line("duckdb_readonly.py", "conn.execute(query)"), "query")
    assert "duckdb.connect(read_only=...)" in f.message and "COPY ... TO" in f.message


def test_external_access_off_or_no_read_only_mode_is_quiet(tmp_path):
    res = _audit(tmp_path, "duckdb_locked.py")
    assert not [f for f in res.findings if f.rule_id == "tool-read-only-bypass"]
    assert {c.tool for c in res.capabilities if c.rule_id == "capability-raw-query"} == {"locked_query", "scratch_query"}
