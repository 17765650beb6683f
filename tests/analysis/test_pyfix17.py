"""Python causes left over from the thirteenth and fourteenth holdouts (pyfix17, issue 12):
smolagents' LocalPythonExecutor called with the caller's code
(``fixtures/capabilities/python_executor.py``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _findings(*rels: str, root: Path = FIXTURES):
    files = [(str(root / r), Path(r).name) for r in rels]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return sorted(((f.rule_id, f.location.line, f.message) for f in out.findings
                   if f.confidence >= Confidence.MEDIUM), key=lambda x: x[1])


def test_calling_a_local_python_executor_runs_the_callers_code():
    assert _findings("capabilities/python_executor.py") == [
        ("capability-code-execution", 15, "tool 'run_python' evaluates code the caller writes: parameter 'code' "
         "reaches smolagents LocalPythonExecutor (its AST interpreter is no security boundary) as is"),
    ]
