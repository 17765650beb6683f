"""Sinks reached through an injected dependency object (fixtures/typescript/depobjects): a
handler's parameter typed by an interface whose properties are ``typeof fs.promises.chown`` or are
set to ``fs.promises.readFile`` in an object literal declared with that interface; ``deps.x(...)``
is a call of that sink. ``fs.chown`` is a path write sink."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "depobjects"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_member_set_in_the_typed_literal_is_the_sink():
    out, _ = scan(G)
    f = only(out.findings, tool="show_note")
    assert f.rule_id == "tool-path-traversal"
    assert f.location.line == line_of("server.ts", 'return deps.readFile(deps.join(ROOT, name)', G)
    assert f.message == ("tool 'show_note' passes parameter 'name' to fs.promises.readFile(): "
                         "path traversal / arbitrary file access")


def test_a_typeof_member_is_the_sink_and_chown_writes():
    out, _ = scan(G)
    f = only(out.findings, tool="share_note")
    assert f.rule_id == "tool-path-traversal"
    assert f.location.line == line_of("server.ts", "await deps.chown(", G)
    assert f.message == ("tool 'share_note' passes parameter 'name' to fs.promises.chown(): "
                         "path traversal / arbitrary file access (write)")


def test_a_writing_tool_through_the_object_is_a_capability():
    out, _ = scan(G)
    f = only(out.findings, tool="save_note")
    assert f.rule_id == "capability-file-access"
    assert f.location.line == line_of("server.ts", "await deps.writeFile(target", G)
    assert f.message.startswith("tool 'save_note' reads and writes any file the caller names: "
                                "parameter 'name' reaches fs.promises.writeFile() as is")


def test_a_number_through_the_object_is_no_finding():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "show_day"]
    assert not [f for f in out.findings if f.location.line == line_of("server.ts", "day-${Math.floor(day)}", G)]
