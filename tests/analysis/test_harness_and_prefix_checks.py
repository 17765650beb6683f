"""Two facts about an id validator (mcpaudit/analysis/harness.py): a branch taken only under a
test harness (a test runner's environment variable, pytest loaded, a settings object's test
flag, or a ``strict`` flag filled from one) is not the production path, so the check past it
holds (fixtures/taint/harness_switch.py); a parse check on what is left after a constant prefix
is cut off checks the whole id (fixtures/taint/prefix_checks.py). Their twins stay reported."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of

HARNESS = TAINT / "harness_switch.py"
PREFIX = TAINT / "prefix_checks.py"
CLIMB = ("only a weak check on the way: it fills the path under the host its base URL fixes; '../' reaches "
         "other endpoints of that host with the server's credential (the 'headers' argument)")


def _mine(name: str):
    return [f for f in fixture_findings() if f.location.path == name]


def test_a_check_skipped_only_under_a_test_harness_holds():
    tools = {f.tool for f in _mine("harness_switch.py")}
    assert not tools & {"get_item", "get_order", "get_note"}


def test_a_check_skipped_under_an_ordinary_setting_stays_weak():
    got = {(f.location.line, f.rule_id, f.tool, f.confidence, f.message) for f in _mine("harness_switch.py")}
    assert got == {
        (line_of(HARNESS, f"v1/{what}s/{{checked}}"), "tool-ssrf", tool, Confidence.MEDIUM,
         f"tool '{tool}' passes parameter '{param}' to requests.get(): server-side request forgery; {CLIMB}")
        for what, tool, param in (("user", "get_user", "user_id"), ("team", "get_team", "team_id"),
                                  ("group", "get_group", "group_id"))
    }


def test_a_uuid_check_after_a_constant_prefix_checks_the_whole_id():
    tools = {f.tool for f in _mine("prefix_checks.py")}
    assert not tools & {"get_workspace", "get_folder", "get_project", "get_space"}


def test_a_check_on_part_of_the_remainder_or_on_an_untested_cut_does_not_clear():
    got = {(f.location.line, f.rule_id, f.tool, f.confidence) for f in _mine("prefix_checks.py")}
    assert got == {
        (line_of(PREFIX, "v1/boards/{checked}"), "tool-ssrf", "get_board", Confidence.MEDIUM),
        (line_of(PREFIX, "v1/tasks/{checked}"), "tool-ssrf", "get_task", Confidence.MEDIUM),
    }
    [task] = [f for f in _mine("prefix_checks.py") if f.tool == "get_task"]
    assert task.message == f"tool 'get_task' passes parameter 'task_id' to requests.get(): server-side request forgery; {CLIMB}"
