"""Holdout-10 precision (pyfix11a): tool schemas declared by module-level functions."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _cst(folder: str):
    root = FIXTURES / folder
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, project = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return out.findings, project


def test_schemas_returned_by_module_functions_take_no_credential():
    findings, _ = _cst("model_schemas/functions")
    assert [f for f in findings if f.rule_id == "secret-in-log"] == []


def test_a_credential_in_a_function_declared_schema_keeps_the_whole_mapping_log():
    findings, _ = _cst("model_schemas/functions_secret")
    assert [(f.rule_id, f.location.path, f.location.line, f.message) for f in findings
            if f.rule_id == "secret-in-log"] == [
        ("secret-in-log", "server.py", 25, "the whole argument mapping 'arguments' is written to a log by "
         "logging.getLogger.debug(); it can carry tokens and credentials"),
    ]
