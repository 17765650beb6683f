"""Causes fixed by branch pyrec19 (fixtures/taint/pyrec19/, each with a safe twin).

* A method of a field's project class (``self.sessions.find_or_open(sid)``, the field declared
  ``self.sessions: PaneSessions``) gives its annotated result class to the local it is assigned
  to, so the session's own method (``session.type_line(...)``) is followed to its sink.
* A value added to a local list (``lines.append(f"set {key} {value}")``) names that line in
  the flow, before the loop that sends each element.
* Database clients' helpers that paste a name into their own SQL (risingwave-py's
  ``insert_row``/``check_exist``): an injection, never a raw-query capability.
* ``python3 -c <source>`` in an argv list runs the element after ``-c`` as Python source
  (``code-programs``, as the TypeScript engine has since stop 32): code injection.
* A script file run by a program a module constant reads from the environment with a default
  (``os.getenv("PLOT_PYTHON", "python3")``) is run by that default (scriptfiles._env_default).
"""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

_FILES = FixtureFiles("pyrec19")
FIXTURES = _FILES.root
audit = _FILES.audit
line_of = _FILES.line_of


def test_a_session_a_managers_method_returns_is_followed(tmp_path):
    L = lambda needle: line_of("tmux_sessions.py", needle)  # noqa: E731
    found = audit("tmux_sessions.py", tmp_path)
    assert rows(found) == [
        ("tool-shell-injection", L("self.pane.send_keys(line"), "show_note",
         "tool 'show_note' passes parameter 'note' to libtmux .send_keys(): OS command injection "
         "(the keys are typed into a tmux pane's shell, which runs the line)"),
    ]
    steps = [s.location.line for s in found[0].flow]
    assert L('session.type_line(f"echo {note}")') in steps  # the session's method, reached through the manager


def test_the_flow_names_the_line_a_value_joins_a_list(tmp_path):
    L = lambda needle: line_of("console_lines.py", needle)  # noqa: E731
    found = audit("console_lines.py", tmp_path)
    assert rows(found) == [
        ("tool-shell-injection", L("child.sendline(line)"), "configure",
         "tool 'configure' passes parameter 'options' to pexpect child .sendline(): OS command injection "
         "(the line is typed into the spawned program, which runs it)"),
    ]
    notes = [(s.location.line, s.note) for s in found[0].flow]
    assert (L('lines.append(f"set {key} {value}")'), "added to 'lines'") in notes


def test_a_clients_name_pasting_helpers_are_injections(tmp_path):
    L = lambda needle: line_of("name_builders.py", needle)  # noqa: E731
    assert rows(audit("name_builders.py", tmp_path)) == [
        ("tool-sql-injection", L("rw.check_exist(name=table_name"), "table_exists",
         "tool 'table_exists' passes parameter 'table_name' to RisingWave .check_exist(): SQL injection "
         "(the client pastes the name into the SQL it runs, unquoted)"),
        ("tool-sql-injection", L("rw.insert_row(table_name=table_name"), "add_row",
         "tool 'add_row' passes parameter 'table_name' to RisingWave .insert_row(): SQL injection "
         "(the client pastes the name into the SQL it runs, unquoted)"),
    ]


def test_python_dash_c_runs_the_callers_source(tmp_path):
    L = lambda needle: line_of("python_dash_c.py", needle)  # noqa: E731
    assert rows(audit("python_dash_c.py", tmp_path)) == [
        ("tool-code-injection", L('["python3", "-c", src]'), "evaluate",
         "tool 'evaluate' passes parameter 'expression' to subprocess.run(['python3', '-c', ...]): code injection "
         "(run as Python source by python3)"),
    ]


def test_a_program_read_from_the_environment_runs_by_its_default(tmp_path):
    L = lambda needle: line_of("env_program.py", needle)  # noqa: E731
    assert rows(audit("env_program.py", tmp_path)) == [
        ("tool-code-injection", L("[PLOT_PYTHON, path]"), "draw_chart",
         "tool 'draw_chart' passes parameter 'spec' to subprocess.run(): code injection "
         "(the file 'path' is run by python3, with the caller's text written in it)"),
    ]
