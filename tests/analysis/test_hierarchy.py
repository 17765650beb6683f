"""Calls on a value typed as an abstract base (fixtures/taint/hierarchy): they land in the
overrides of the project's subclasses, across modules, through a factory's return annotation, an
annotated local and a template method calling an abstract step on self."""

from __future__ import annotations

from pathlib import Path
from typing import List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "hierarchy"
_FOUND: List[Finding] = []


def found() -> List[Finding]:
    if not _FOUND:
        files = [(str(p), p.relative_to(ROOT).as_posix()) for p in sorted(ROOT.rglob("*.py"))]
        out, _ = cst_engine.run(files, ROOT, jobs=1)
        assert not out.errors, out.errors
        _FOUND.extend(f for f in out.findings if f.confidence >= Confidence.MEDIUM)
    return _FOUND


def line_of(rel: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_an_abstract_method_call_dispatches_to_every_subclass_override():
    got = [f for f in found() if f.tool == "run_job"]
    assert [(f.rule_id, f.location.path, f.location.line) for f in got] == [
        ("tool-shell-injection", "impl.py", line_of("impl.py", '"echo " + arg'))]
    f = got[0]
    assert f.message == "tool 'run_job' passes parameter 'arg' to subprocess.check_output(shell=True): OS command injection"
    assert [(s.location.path, s.location.line, s.note) for s in f.flow][1:3] == [
        ("server.py", line_of("server.py", "return runner.run(arg)"), "passed to run()"),
        ("impl.py", line_of("impl.py", "class ShellRunner") + 1, "parameter 'arg'"),
    ]


def test_a_template_method_calling_an_abstract_step_on_self():
    got = [f for f in found() if f.tool == "find_item"]
    assert [(f.rule_id, f.location.path, f.location.line) for f in got] == [
        ("tool-sql-injection", "impl.py", line_of("impl.py", "self.conn.execute(text)"))]
    assert got[0].message == ("tool 'find_item' passes parameter 'name' to .execute(): SQL injection "
                              "(the query text is built from the value)")
    notes = [(s.location.path, s.note) for s in got[0].flow]
    assert ("base.py", "passed to query()") in notes


def test_the_safe_override_is_not_reported():
    assert not [f for f in found() if f.location.line == line_of("impl.py", '["echo", "--", arg]')]
