"""A lookup in a fixed table of constant strings is an allow-list (fixtures/taint/san_lookup.py):
``FILES[key]`` / ``FILES.get(key)`` yield the table's values, never the key; the key itself, a
table holding a parameter, ``.get(key, key)`` and a table a tool writes into keep the caller's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.engines import cst as cst_engine

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


@pytest.fixture(scope="module")
def findings():
    path = ROOT / "san_lookup.py"
    out, _project = cst_engine.run([(str(path), "san_lookup.py")], ROOT, jobs=1)
    assert not out.errors, out.errors
    return out.findings


def test_lookups_in_constant_tables_are_quiet_and_the_twins_are_reported(findings):
    got = {(f.location.line, f.rule_id, f.message.split(" passes ")[0]) for f in findings}
    assert got == {
        (57, "tool-path-traversal", "tool 'read_key_itself'"),
        (66, "tool-path-traversal", "tool 'read_mixed'"),
        (72, "tool-path-traversal", "tool 'read_default_key'"),
        (80, "tool-path-traversal", "tool 'read_grown'"),
    }


def test_the_reported_value_is_the_callers_text(findings):
    by_line = {f.location.line: f.message for f in findings}
    assert "parameter 'other'" in by_line[66]  # the table's value that is a parameter
    assert "parameter 'key'" in by_line[72]  # .get(key, key): the default is the key
