"""Argument injection judged through a helper's returned option list, and commands whose every
positional is needed (issue 12, branch helm41): ``fixtures/taint/helm41``. ``["helm"] +
cluster_flags(c) + ["status", release]`` with ``cluster_flags`` returning ``["--kube-context", c]``
or ``[]`` is a known argv, so the positional count applies (optlists.py, argarity.py); helm
upgrade / install NAME CHART take exactly two positionals and no harmful option stands in for
either (the process models' ``stand-ins``). Helpers of any other shape, an optional positional
and a constant stand-in keep the finding (the twins)."""

from __future__ import annotations

from pyflowgroups import FlowGroups

groups = FlowGroups("helm41")

_SHORT = "so as an option it leaves the command short and helm refuses to run it)"


def _line(needle: str) -> int:
    return groups.line_of("optionhelpers", "server.py", needle)


def _low():
    return {f.tool: f for f in groups.found("optionhelpers", low=True) if f.rule_id == "tool-argument-injection"}


def test_a_helpers_option_list_joined_into_the_argv_lets_the_positional_count_apply():
    low = _low()
    status = low["release_status"]
    assert status.location.line == _line('cmd += ["--show-desc"]') + 1  # where the known argv runs
    assert status.message.endswith("(audit view: helm status takes exactly 1 positional argument and gets 1, "
                                   "this one among them, " + _SHORT)
    history = low["release_history"]  # [*scope_flags(c, ns), "history", release]: a list built by appends
    assert history.location.line == _line('*scope_flags(cluster, ns), "history", release]')
    assert history.message.endswith("(audit view: helm history takes exactly 1 positional argument and gets 1, "
                                    "this one among them, " + _SHORT)


def test_two_needed_positionals_with_no_harmful_stand_in_are_shown_in_the_audit_view():
    low = _low()
    move = low["release_move"]
    assert move.message.endswith("(audit view: helm upgrade takes exactly 2 positional arguments and gets 2, "
                                 "this one among them, " + _SHORT)
    create = low["release_create"]
    assert create.location.line == _line('["helm", "install", release, chart, "--wait"]')
    assert create.message.endswith("(audit view: helm install takes exactly 2 positional arguments and gets 2, "
                                   "this one among them, " + _SHORT)


def test_other_helpers_a_constant_stand_in_and_an_optional_positional_keep_the_finding():
    # a helper returning a conditional expression or a command word: the argv head, reported where
    # the value is added; known argvs: where they run
    kept = [("server.py", _line(needle) + after, "tool-argument-injection", tool) for needle, after, tool in (
        ('["helm", "install", "--generate-name", release, chart]', 1, "release_named"),
        ('["helm"] + debug_flags(level) + ["status", release]', 0, "release_debug"),
        ('["helm"] + word_flags(cluster) + [release]', 0, "release_words"),
        ('["rollback", release, revision]', 1, "release_rollback"))]
    assert groups.rows("optionhelpers") == sorted(kept)
    debug = groups.message("optionhelpers", "tool-argument-injection", "release_debug")
    assert "parameter 'level'" in debug and "added to the argument list after 'helm'" in debug
