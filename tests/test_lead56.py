"""A resolver's (value, error) verdict (issue 12, lead56): ``path, error = resolve(name); if error:
<leave>`` keeps of ``path`` only what the returns whose error element can be falsy hand back
(analysis/tupleverdicts.py; py56a built the ``(ok, value)`` form). The resolver of the fixture
returns the offending path beside its message, so a tool that goes on after the error reads it."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "analysis"))

from pyflowgroups import TAINT_FIXTURES, copied_rule_rows, line_in  # noqa: E402

PROJECTS = TAINT_FIXTURES.parent / "lead56"


def test_a_tool_that_leaves_on_the_error_element_reads_only_the_checked_path(tmp_path):
    server = PROJECTS / "errortuple" / "server.py"
    found = copied_rule_rows(PROJECTS, "errortuple", tmp_path, "tool-path-traversal")
    # read_note returns the error: quiet; peek_note only prints it and reads the path the failing
    # return handed back (outside the notes folder): reported, at its read
    assert found == [
        ("server.py", line_in(server, "return path.read_text().splitlines()[0]"), "high", "peek_note",
         "tool 'peek_note' passes parameter 'name' to .read_text(): path traversal / arbitrary file access"),
    ]


def test_a_returned_element_is_tagged_by_its_constant_or_message_literal():
    from mcpaudit.analysis import tupleverdicts as T
    from mcpaudit.lazycst import cst

    def tag(src):
        return T._element_tag(cst.parse_expression(src))

    assert (tag("None"), tag("True"), tag("False")) == (None, True, False)
    assert tag('"Unsafe id."') is True and tag("f'outside: {name}'") is True
    assert tag('""') is False and tag("''") is False and tag('""""""') is False
    assert tag("full") is T._UNTAGGED and tag("str(exc)") is T._UNTAGGED
