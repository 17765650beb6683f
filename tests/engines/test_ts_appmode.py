"""A server's own read-only mode (fixtures/typescript/appmode): a guard in its code refuses some
tools when a read-only flag is set, and a tool it lets through runs the caller's aggregation
pipeline, whose $out/$merge stages write. The safe twin refuses those stages in read-only mode."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import ts as ts_engine
from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, expectations

ROOT = FIXTURES / "appmode"


def _scan(name: str):
    root = ROOT / name
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.ts"))]
    out, _ = ts_engine.run(files, root, jobs=1)
    return out


def _line(rel: Path, needle: str) -> int:
    hits = [i for i, ln in enumerate(rel.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1
    return hits[0]


def test_a_pipeline_tool_the_read_only_mode_lets_through_is_reported_where_the_pipeline_runs():
    out = _scan("unsafe")
    got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
    assert got == expectations(ROOT / "unsafe")
    f = next(f for f in out.findings if f.rule_id == "tool-read-only-bypass")
    # the explain call before it only plans the pipeline: the finding is on the call that runs it
    assert f.location.line == _line(ROOT / "unsafe" / "server.ts", "coll.aggregate(pipeline).toArray()")
    assert f.tool == "run_pipeline" and f.confidence == Confidence.HIGH
    assert f.message == ("tool 'run_pipeline' is allowed in the server's read-only mode (its guard in server.ts) "
                         "but runs the caller's aggregation pipeline, whose $out and $merge stages write "
                         "collections (coll.aggregate())")


def test_a_read_only_mode_that_refuses_the_writing_stages_is_quiet():
    out = _scan("safe")
    assert not [f for f in out.findings if f.rule_id == "tool-read-only-bypass"]


def test_a_read_only_mode_that_refuses_the_pipeline_tool_by_name_is_quiet():
    out = _scan("refused")
    assert not [f for f in out.findings if f.rule_id == "tool-read-only-bypass"]
    assert got_lines(out) == expectations(ROOT / "refused")


def got_lines(out):
    return {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
