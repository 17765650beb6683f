"""A sink kept on a class field (fixtures/typescript/fieldsinks): ``this.run = override ||
promisify(exec)`` in the constructor, ``private ping = promisify(exec)``; a call through the
field is a call of the sink."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "fieldsinks"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_promisified_exec_on_a_field_with_an_override_is_the_sink():
    out, _ = scan(G)
    f = only(out.findings, tool="notify")
    assert f.rule_id == "tool-shell-injection"
    assert f.location.line == line_of("server.ts", "await this.run(`osascript", G)
    assert f.message == "tool 'notify' passes parameter 'message' to child_process.exec(): OS command injection"
    assert [s.note for s in f.flow] == [
        "parameter 'message' of MCP tool 'notify' (caller-controlled)", "passed to notify()",
        "parameter 'message'", "reaches child_process.exec()"]


def test_a_number_or_a_constant_through_the_field_is_no_finding():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "beep"]
    assert not [f for f in out.findings if f.location.line in (
        line_of("server.ts", "await this.ping(", G), line_of("server.ts", 'this.run("uptime")', G))]
