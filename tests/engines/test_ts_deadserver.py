"""Handlers in a module nothing uses (fixtures/typescript/deadserver): an old server class that
no module imports, in a module whose top level runs nothing, while the entry serves other tools,
is kept at low confidence with a note; a server class the entry imports stays a finding, and so
does one in a project with no live server module (deadserver_lib: a library's class)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan

from mcpaudit.models import Confidence


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("deadserver")
    test_ts_engine.test_findings_equal_annotations("deadserver_lib")


def test_a_handler_of_an_unused_module_is_low_with_a_note():
    out, _ = scan("deadserver")
    hits = [f for f in out.findings if f.location.path == "oldserver.ts"]
    assert len(hits) == 1
    f = hits[0]
    assert f.rule_id == "tool-shell-injection" and f.confidence == Confidence.LOW
    assert f.location.line == line_of("oldserver.ts", "exec(`ssh ${host} uptime`", "deadserver")
    assert f.message.endswith("(from oldserver.ts, a module no module of the project imports and whose top "
                              "level runs nothing: its handlers are not served)")


def test_an_imported_server_class_stays_a_finding():
    out, _ = scan("deadserver")
    hits = [f for f in out.findings if f.location.path == "admin.ts"]
    assert [(f.rule_id, f.confidence) for f in hits] == [("tool-shell-injection", Confidence.HIGH)]
    assert "not served" not in hits[0].message


def test_a_library_with_no_live_server_loses_nothing():
    out, _ = scan("deadserver_lib")
    assert [(f.rule_id, f.confidence) for f in out.findings] == [("tool-shell-injection", Confidence.HIGH)]
