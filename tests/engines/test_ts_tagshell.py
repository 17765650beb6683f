"""execa runners made from an options object (fixtures/typescript/tagshell).

``execa({ cwd })`cmd ${x}``` runs the template's words as an argv, each interpolation one element
(models: the template-argv row's ``runners``): the caller's program runs anything, a value after
``--`` is an operand. With ``shell: true`` among the options the words are joined and a shell runs
them, so every interpolation is shell text. Safe twins: an operand after ``--`` and a runner with
``shell: false``."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

T = "tagshell"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(T)


def test_a_runner_with_shell_true_runs_interpolations_as_shell_text():
    out, _ = scan(T)
    f = only(out.findings, tool="git_log")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-shell-injection", "server.ts", line_of("server.ts", "git log --oneline ${branch}", T))
    assert f.message.startswith("tool 'git_log' passes parameter 'branch' to execa.execa`…`")
    assert "with shell: true a shell runs the template's words joined" in f.message


def test_a_runner_without_a_shell_is_an_argv():
    out, _ = scan(T)
    f = only(out.findings, tool="tool_version")
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of("server.ts", "`${program} --version`", T))
    assert "the program to run comes from the caller" in f.message
    assert not [g for g in out.findings if g.tool in ("git_show", "count_lines")]
