"""Issue 12, branch py32b (the thirty-second Python holdout's general causes): ``fixtures/taint/py32b``.

* a check-named helper that returns the error to send back (an error dict, a message) when an
  anchored pattern fails and ``None`` when it passes is a validator for the caller that refuses
  on a truthy answer (``err = validate(n); if err: return err``, ``if err is not None: raise``,
  ``if validate(n): return``): the name is one path component under the fixed folder
  (refusals.py). The twin's pattern lets ``/`` and ``.`` through, and a caller that ignores the
  answer is not protected by it.
"""

from __future__ import annotations

from pyflowgroups import FlowGroups, TAINT_FIXTURES, line_in

groups = FlowGroups("py32b")


def test_a_refusing_validator_guards_the_name_its_caller_refuses_on():
    assert groups.found("refusing_validator") == []
    assert groups.found("refusing_validator", low=True) == []


def test_an_open_pattern_or_an_ignored_answer_is_no_check():
    src = TAINT_FIXTURES / "py32b" / "refusing_validator_open" / "server.py"
    assert groups.rows("refusing_validator_open") == [
        ("server.py", line_in(src, 'with open(path, "r"'), "tool-path-traversal", "plugin"),
        ("server.py", line_in(src, '"scripts", name + ".py"'), "tool-path-traversal", "read_script"),
    ]
    assert groups.message("refusing_validator_open", "tool-path-traversal", "plugin") == (
        "tool 'plugin' passes parameter 'params['name']' to open(): path traversal / arbitrary file access")
    assert groups.message("refusing_validator_open", "tool-path-traversal", "read_script").startswith(
        "tool 'read_script' passes parameter 'name' to open(): path traversal / arbitrary file access")


def test_an_llm_sandbox_session_runs_the_callers_code_and_commands():
    """kernels.yaml ``llm-sandbox-session``: ``run(code)`` is code execution and
    ``execute_command(cmd)`` command execution in the session's container, for a session built
    through a local bound to the class (``session_cls = A if plots else B``, ctxmanagers.class_alias)
    and opened as a context manager; reported once per tool as its capability."""
    src = TAINT_FIXTURES / "py32b" / "sandbox_session" / "server.py"
    found = groups.found("sandbox_session", low=True)
    assert sorted((f.rule_id, f.location.line, f.tool, f.message) for f in found) == [
        ("capability-code-execution", line_in(src, "session.run(code=code"), "execute_code",
         "tool 'execute_code' evaluates code the caller writes: parameter 'code' reaches llm-sandbox session .run() as is"),
        ("capability-command-execution", line_in(src, "session.execute_command(command)"), "run_shell",
         "tool 'run_shell' runs commands the caller chooses: parameter 'command' reaches llm-sandbox session .execute_command() as is"),
    ]
    assert groups.found("sandbox_session_fixed", low=True) == []


def test_read_only_words_past_an_action_tools_summary_scope_some_actions():
    """effects.claim_text: for a tool that dispatches on an ``action`` parameter, only the summary
    (first paragraph) of its description can promise read-only; "Read-only actions:" and
    "diff(a, b) (read-only)" further down scope some actions."""
    assert groups.found("action_sections", low=True) == []
    src = TAINT_FIXTURES / "py32b" / "action_summary" / "server.py"
    assert groups.rows("action_summary") == [
        ("server.py", line_in(src, '"last_shown.txt"), "w"'), "tool-read-only-bypass", "notes"),
        ("server.py", line_in(src, '"shown_by_name.txt"), "w"'), "tool-read-only-bypass", "show_note"),
    ]
    assert groups.message("action_summary", "tool-read-only-bypass", "notes") == (
        "tool 'notes' is described as read-only but writes files (open())")
    assert groups.message("action_summary", "tool-read-only-bypass", "show_note") == (
        "tool 'show_note' is described as read-only but writes files (open())")


def test_compile_as_a_syntax_check_runs_nothing():
    """sinkbits.syntax_check: ``compile(src, name, "exec")`` as a statement of its own (the code
    object dropped) only checks the syntax; the twin keeps the object and runs it."""
    assert groups.found("compile_check", low=True) == []
    src = TAINT_FIXTURES / "py32b" / "compile_run" / "server.py"
    found = groups.found("compile_run")
    assert [(f.rule_id, f.location.line, f.tool) for f in found] == [
        ("capability-code-execution", line_in(src, "code = compile(source"), "run_script")]
    assert found[0].message.startswith(
        "tool 'run_script' evaluates code the caller writes: parameter 'source' reaches compile() as is")
