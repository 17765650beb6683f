"""Resolve-equality containment (``fixtures/taint/san_resolve_equal.py``): a relative name joined
onto a root and required to equal its own resolve()/realpath() stays under the root."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of

FIXTURE = TAINT / "san_resolve_equal.py"


def _mine():
    return [f for f in fixture_findings() if f.location.path == "san_resolve_equal.py"
            and f.confidence >= Confidence.MEDIUM]


def test_relative_name_equal_to_its_resolved_form_is_confined():
    tools = {f.tool for f in _mine()}
    assert "write_note" not in tools and "read_note_os" not in tools


def test_twins_without_one_of_the_facts_are_reported():
    got = {(f.tool, f.parameter, f.location.line, f.rule_id) for f in _mine()}
    want = {
        ("read_note_absolute_name", "name", line_of(FIXTURE, "with open(p) as f:  # expect"), "tool-path-traversal"),
        ("read_note_abspath", "name", 65, "tool-path-traversal"),
        ("read_note_other_variable", "name", 76, "tool-path-traversal"),
        ("read_note_no_equality", "name", 85, "tool-path-traversal"),
        # the name is confined, the folder it is confined to is the caller's
        ("write_into", "folder", line_of(FIXTURE, 'with open(p, "w") as f:  # expect'), "tool-path-traversal"),
    }
    assert got == want
    f = next(f for f in _mine() if f.tool == "write_into")
    assert f.message == "tool 'write_into' passes parameter 'folder' to open(): path traversal / arbitrary file access (write)"
