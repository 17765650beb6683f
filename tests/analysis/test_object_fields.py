"""An object a tool builds and uses in the same call (fixtures/taint/object_fields.py): its
constructor's stores reach the sinks its methods (and their own self.m() calls, and another
object's method they hand the value to) reach, for every family, at the sink; the twins
(constant constructor argument, a constant field, a quoted value) report nothing."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def test_a_constructor_store_reaches_the_sinks_of_the_objects_methods(tmp_path):
    src = (TAINT / "object_fields.py").read_text(encoding="utf-8")
    (tmp_path / "object_fields.py").write_text(src, encoding="utf-8")
    lines = src.splitlines()
    line = lambda text: next(i for i, ln in enumerate(lines, 1) if text in ln)  # noqa: E731
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    got = sorted((f.location.line, f.rule_id, f.tool, f.message) for f in res.findings
                 if f.confidence >= Confidence.MEDIUM)
    assert got == [
        (line("with open(self.path"), "tool-path-traversal", "read_notebook",
         "tool 'read_notebook' passes parameter 'name' to open(): path traversal / arbitrary file access"),
        (line("subprocess.run(line, shell=True)"), "tool-shell-injection", "stop_project",
         "tool 'stop_project' passes parameter 'name' to subprocess.run(shell=True): OS command injection"),
    ]
    shell = next(f for f in res.findings if f.tool == "stop_project")
    notes = [s.note for s in shell.flow]
    assert notes[:4] == ["parameter 'name' of MCP tool 'stop_project' (caller-controlled)", "passed to __init__()",
                         "parameter 'name'", "stored in 'self.name'"]
    assert "returned by _command()" in notes and notes[-1] == "reaches subprocess.run(shell=True)"
