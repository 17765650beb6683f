"""Causes fixed by branch pyrec20 (fixtures/taint/pyrec20/, each with a safe twin).

* A code runner whose interpreter comes from a module table keyed by the caller's language
  (``RUNNERS[language]["command"] + [path]``) runs the file the tool wrote the caller's text
  into: code execution (scriptfiles.table_argv). A table of formatters runs nothing.
* A line typed into a program the server started elsewhere (``os.write`` to a pty master,
  ``self.process.stdin.write``) is a command tool's capability when the line starts with the
  caller's value and the tool says it runs commands (stdinscript._typed_line); never an injection.
* ``common = os.path.commonpath([p, root])`` then ``if common != root: refuse`` is the same
  containment check as the comparison written inline (narrowing._commonpath).
* A helper's containment test on its unresolved parameter (``path.relative_to(root)``) is sound
  for a caller that resolved the value it passes (verdicts.helper_narrowings).
"""

from __future__ import annotations

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import FixtureFiles, rows

_FILES = FixtureFiles("pyrec20")
FIXTURES = _FILES.root
audit = _FILES.audit
line_of = _FILES.line_of


def test_an_interpreter_picked_from_a_language_table_runs_the_written_file(tmp_path):
    L = lambda needle: line_of("language_table.py", needle)  # noqa: E731
    found = audit("language_table.py", tmp_path)
    assert rows(found) == [
        ("capability-code-execution", L("# expect: capability-code-execution"), "run_snippet",
         "tool 'run_snippet' evaluates code the caller writes: parameter 'code' reaches subprocess.run() as is"),
    ]
    low = api.audit([tmp_path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW)).findings
    # the sink the capability shows is traced: no audit-view row repeats it as "not traced" (lead57)
    assert not any(f.location.line == L("# expect: capability-code-execution") for f in low)
    assert not any(f.location.line > L("def format_snippet") and f.rule_id.startswith("tool-code") for f in low)


def test_a_line_typed_into_a_started_program_is_a_command_tools_capability(tmp_path):
    L = lambda needle: line_of("typed_lines.py", needle)  # noqa: E731
    found = audit("typed_lines.py", tmp_path)
    assert rows(found) == [
        ("capability-command-execution", L('os.write(self.master_fd, f"{line}'), "debugger_command",
         "tool 'debugger_command' runs commands the caller chooses: parameter 'command' reaches "
         "os.write() to a terminal as is"),
        ("capability-command-execution", L('self.process.stdin.write(line'), "console_command",
         "tool 'console_command' runs commands the caller chooses: parameter 'command' reaches "
         "self.process.stdin.write() as is"),
    ]
    by_tool = {f.tool: f for f in found}
    assert L("TERM.send(command)") in [s.location.line for s in by_tool["debugger_command"].flow]
    low = api.audit([tmp_path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW)).findings
    # the twins: a breakpoint line the server's words begin, a note sent by a tool that runs nothing
    assert not [f for f in low if f.tool in ("set_breakpoint", "add_note")]


def test_a_commonpath_kept_in_a_local_is_a_containment_check(tmp_path):
    L = lambda needle: line_of("commonpath_local.py", needle)  # noqa: E731
    found = audit("commonpath_local.py", tmp_path)
    assert rows(found) == [
        ("tool-path-traversal", L("# expect: tool-path-traversal"), "read_draft",
         "tool 'read_draft' passes parameter 'name' to open(): path traversal / arbitrary file access"),
    ]
    assert "commonpath() on a path that was not resolved first" in found[0].message


def test_a_helpers_containment_test_holds_for_a_resolved_argument(tmp_path):
    L = lambda needle: line_of("contained_helper.py", needle)  # noqa: E731
    found = audit("contained_helper.py", tmp_path)
    assert rows(found) == [
        ("tool-path-traversal", L("# expect: tool-path-traversal"), "read_raw",
         "tool 'read_raw' passes parameter 'name' to .read_text(): path traversal / arbitrary file access"),
    ]
    assert "relative_to() on a path that was not resolved first" in found[0].message
