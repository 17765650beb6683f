"""A sink call written over several lines (fixtures/argument_lines/server.py): the flow names the
line of the argument that carries the caller's value, just before the call it reaches; the
finding itself stays at the call. One-line calls and constant arguments add no such step."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "argument_lines"
FIXTURE = ROOT / "server.py"


def _line(text: str) -> int:
    return next(i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if text in ln)


def _findings():
    res = api.audit([ROOT], Config(engines=("cst",), cache=False))
    return {f.tool: f for f in res.findings}


def test_flow_names_the_argument_line_of_a_multi_line_call():
    found = _findings()
    assert set(found) == {"save_note", "grep_logs", "read_note"}
    save = found["save_note"]
    assert (save.rule_id, save.location.line) == ("tool-path-traversal", _line("with open(  # expect"))
    *_, arg, sink = save.flow
    assert (arg.location.line, arg.location.column, arg.note) == (
        _line("file=target,"), 9, "passed as an argument of the call")
    assert (sink.location.line, sink.note) == (_line("with open(  # expect"), "reaches open()")
    grep = found["grep_logs"]
    assert (grep.rule_id, grep.location.line) == ("tool-shell-injection", _line("out = subprocess.run(  # expect"))
    assert [(s.location.line, s.note) for s in grep.flow[-2:]] == [
        (_line('"grep " + pattern'), "passed as an argument of the call"),
        (_line("out = subprocess.run(  # expect"), "reaches subprocess.run(shell=True)")]


def test_one_line_call_adds_no_argument_step():
    read = _findings()["read_note"]
    assert read.location.line == _line('return open("/srv/notes/" + name)')
    assert [s.note for s in read.flow][-1] == "reaches open()"
    assert "passed as an argument of the call" not in [s.note for s in read.flow]
