"""The engine agreement after ts54a's returned clients (lead, stop 54).

ts54a records a library row's sink on a method called on a project function's result
(``dbAdapter.all(query)`` with ``dbAdapter = createDbAdapter(...)``), kept at the link only when
that function returns the library's client (``SinkRec.if_origin``). Such a sink is no sink when
the function returns a project class; ``wrappers.safe_wrapper_calls`` still counted it and marked
the caller's ``dbAll(query)`` line "followed and found safe", so semgrep's read-only prefix check
on the tool (``ts-sql-readonly-prefix-check``) went to the audit view: the dev corpus's
CVE-2025-59333 case (executeautomation/mcp-database-server) was missed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.api import audit
from mcpaudit.config import Config
from mcpaudit.engines._subprocess import find_executable
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "typescript" / "lead54" / "adapterwrapper"


@pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep not installed")
def test_a_prefix_check_before_a_project_adapter_method_stays_a_default_finding():
    result = audit([ROOT], Config(engines=("ts", "semgrep"), jobs=1, cache=False,
                                  min_confidence=Confidence.LOW))
    hits = [f for f in result.findings if f.rule_id == "ts-sql-readonly-prefix-check"]
    assert [(f.location.path.replace("\\", "/").split("adapterwrapper/")[-1], f.location.line) for f in hits] == \
        [("src/index.ts", 13)]
    assert hits[0].confidence == Confidence.MEDIUM
    assert "taint-verdict" not in hits[0].properties
    assert "found no caller input" not in hits[0].message


def test_the_adapter_call_is_not_followed_and_found_safe():
    from mcpaudit.engines import ts as ts_engine

    files = [(str(p), p.relative_to(ROOT).as_posix()) for p in sorted(ROOT.rglob("*.ts"))]
    _out, project = ts_engine.run(files, ROOT, jobs=1)
    lines = {(p.replace("\\", "/"), ln) for p, ln, _fam in project.safe_sinks}
    assert not any(p.endswith("src/index.ts") and ln == 13 for p, ln in lines), sorted(lines)
