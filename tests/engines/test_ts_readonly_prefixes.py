"""A read-only query check by statement prefix that admits a statement which writes by itself
(fixtures/typescript/readonly_prefixes): at a driver that runs one statement per call no stacked
"; DROP" follows the SELECT, but an admitted PRAGMA still writes (``writing-prefixes`` in the SQL
models, shared with the Python analysis). The twin admits EXPLAIN QUERY PLAN, which plans only."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, expectations, scan

ROOT = FIXTURES / "readonly_prefixes"


def _line(rel: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, hits
    return hits[0]


def _bypass(name: str):
    out, _ = scan(f"readonly_prefixes/{name}")
    return [f for f in out.findings if f.rule_id == "tool-read-only-bypass"]


def test_a_prefix_check_that_admits_pragma_is_bypassed_by_a_setter_pragma():
    [f] = _bypass("pragma")
    assert {(f.location.path, f.location.line, f.rule_id)} == expectations(ROOT / "pragma")
    assert f.tool == "read_query" and f.confidence == Confidence.HIGH
    assert f.message == (
        "tool 'read_query' lets caller query text 'query' reach db.prepare() behind a read-only check by query "
        "prefix ('select'/'pragma'): stacked statements do not run (better-sqlite3's prepare() refuses a second "
        "statement), but 'PRAGMA writable_schema = ON', side-effecting functions and SELECT ... INTO pass it")
    # the check is on a lower-cased copy of the parameter: the flow shows it where the test is
    check = _line("pragma/server.ts", '!normalized.startsWith("pragma")')
    assert ("server.ts", check, "checked: read-only prefix") in [
        (s.location.path, s.location.line, s.note) for s in f.flow]


def test_a_prefix_check_that_admits_only_statements_that_cannot_write_alone_names_no_writer():
    [f] = _bypass("plan")
    assert "by query prefix ('select'/'explain query plan'): stacked statements do not run" in f.message
    assert "PRAGMA" not in f.message and "DELETE" not in f.message
