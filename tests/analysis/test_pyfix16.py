"""Fourteenth Python holdout causes (pyfix16): a read-only prefix check on a lower-cased copy of
the query, or as ``any(low.startswith(p) for p in PREFIXES)`` (``fixtures/readonly_modes/prefix_copy.py``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _findings(*rels: str, root: Path):
    files = [(str(root / r), r) for r in rels]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return sorted(((f.rule_id, f.location.line, f.message) for f in out.findings
                   if f.confidence >= Confidence.MEDIUM), key=lambda x: x[1])


def test_a_prefix_check_on_a_lowered_copy_checks_the_query():
    got = _findings("prefix_copy.py", root=FIXTURES / "readonly_modes")
    msg = ("tool '{}' lets caller query text 'query' reach .execute() behind a read-only check by query prefix "
           "('SELECT'/'WITH'): 'SELECT 1; DROP TABLE t', 'WITH x AS (DELETE ...)' and 'EXPLAIN ANALYZE DELETE ...' "
           "pass it")
    # find_note (line 38) binds the checked title as a parameter: nothing to report
    assert got == [
        ("tool-read-only-bypass", 20, msg.format("read_rows")),
        ("tool-read-only-bypass", 29, msg.format("read_report")),
    ]
