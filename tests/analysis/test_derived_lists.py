"""Tool functions registered through lists built across functions and modules
(fixtures/dispatch_derived): a list copied and extended by one function, filtered by another
and unpacked from its returned tuple; records made from dicts with a function key, filtered by
a helper given the list, each registered by its function field."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.engines import cst as cst_engine

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "dispatch_derived"


@pytest.fixture(scope="module")
def scanned():
    files = [(str(p), p.relative_to(ROOT).as_posix()) for p in sorted(ROOT.rglob("*.py"))]
    out, project = cst_engine.run(files, ROOT, jobs=1)
    assert not out.errors, out.errors
    return out.findings, project


def _line(rel: str, needle: str) -> int:
    lines = (ROOT / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if needle in ln)


def test_every_function_of_the_derived_lists_is_a_tool_and_no_other(scanned):
    _, project = scanned
    tools = {t.name: (t.location.path, t.function) for t in project.tools}
    assert tools == {
        "unit_status": ("pkg/ops.py", "unit_status"),
        "restart_unit": ("pkg/ops.py", "restart_unit"),
        "purge_rows": ("pkg/ops.py", "purge_rows"),
        "report_read": ("pkg/records.py", "read_report"),  # named by its dict row
        "report_count": ("pkg/records.py", "report_count"),
    }


def test_the_discovered_tools_bring_their_findings(scanned):
    findings, _ = scanned
    got = {(f.location.path, f.location.line, f.rule_id, f.tool) for f in findings}
    assert got == {
        ("pkg/ops.py", _line("pkg/ops.py", "systemctl restart"), "tool-shell-injection", "restart_unit"),
        ("pkg/ops.py", _line("pkg/ops.py", "DELETE FROM"), "tool-sql-injection", "purge_rows"),
        ("pkg/records.py", _line("pkg/records.py", "open(os.path.join"), "tool-path-traversal", "report_read"),
    }
    [f] = [f for f in findings if f.tool == "report_read"]
    assert f.message == "tool 'report_read' passes parameter 'name' to open(): path traversal / arbitrary file access"
