"""Suite-wide: a place for tests to leave notes (artifacts they wrote, and why a test that needs
something this machine lacks was skipped) that the end of the run prints, so a screenshot path or
a skip reason is never buried in -rs output."""

from __future__ import annotations

from typing import List

import pytest

_NOTES: List[str] = []


@pytest.fixture(scope="session")
def run_note():
    """``run_note(text)``: print ``text`` in the summary at the end of the test run."""
    return _NOTES.append


def pytest_terminal_summary(terminalreporter):
    if _NOTES:
        terminalreporter.section("mcpaudit test notes")
        for note in _NOTES:
            terminalreporter.write_line(note)
