"""Tools kept in a table keyed by tool name and handed to the project's own server factory
(fixtures/typescript/tables): each entry's ``execute`` is a tool handler when a call-tool handler
of the project runs a looked-up tool's ``execute``; the same table in a project without one is
not an MCP surface."""

from __future__ import annotations

from mcpaudit.engines import ts as ts_engine
from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, expectations, steps

ROOT = FIXTURES / "tables"


def _scan(name: str):
    root = ROOT / name
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.ts"))]
    return ts_engine.run(files, root, jobs=1)


def test_table_entries_are_tools_with_their_names_descriptions_and_flows():
    out, project = _scan("served")
    tools = {t.name: t for t in project.tools if t.kind == "tool"}
    assert {"show_commit", "show_file_log"} <= set(tools)
    assert tools["show_commit"].description == "Show one commit of the repository."
    got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
    assert got == expectations(ROOT / "served")
    f = next(f for f in out.findings if f.rule_id == "tool-argument-injection")
    assert f.tool == "show_commit" and f.parameter == "ref"
    assert steps(f)[0][2] == "parameter 'ref' of MCP tool 'show_commit' (caller-controlled)"
    assert steps(f)[-1][2] == "reaches child_process.execFileSync()"


def test_a_table_no_call_tool_handler_runs_is_not_a_surface():
    out, project = _scan("unserved")
    assert not [t for t in project.tools if t.kind == "tool"]
    assert not [f for f in out.findings if f.rule_id.startswith("tool-")]
