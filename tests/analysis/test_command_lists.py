"""A command validator mcpaudit cannot prove, read through its lists (fixtures/command_lists,
mcpaudit/analysis/cmdlists.py): a program allow-list that holds launchers, or an option deny-list
by exact name, leaves the caller the program or the options that run one, so the finding is no
longer only in the audit view. Each folder is its own project, held to its ``# expect:``
lines by tests/test_fixtures.py."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.models import Confidence
from tests.test_fixtures import scan_folder

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "command_lists"


def _scan(name: str):
    return scan_folder(ROOT / name)


def test_a_launcher_on_the_allow_list_is_named():
    [f] = [f for f in _scan("launcher_allow") if f.rule_id == "tool-shell-injection"]
    assert f.confidence == Confidence.MEDIUM
    assert f.message.endswith(
        "only a weak check on the way: checked by validate_command() (not verified by mcpaudit): its program "
        "allow-list holds programs that run other programs (env, find, xargs), so the caller runs any program "
        "through them")


def test_an_allow_list_without_launchers_and_a_mixed_one_stay_in_the_audit_view():
    for name in ("plain_allow", "mixed_allow"):
        [f] = [f for f in _scan(name) if f.rule_id == "tool-shell-injection"]
        assert f.confidence == Confidence.LOW
        assert f.message.endswith("checked by validate_command() (not verified by mcpaudit)")


def test_an_option_deny_list_by_exact_name_is_named():
    [f] = [f for f in _scan("option_denylist") if f.rule_id == "tool-argument-injection"]
    assert (f.location.path, f.confidence, f.tool) == ("runner.py", Confidence.MEDIUM, "run_tool")
    assert f.message.endswith(
        "checked by check_arguments() (not verified by mcpaudit): an option deny-list by exact name (--to-command, "
        "--upload-pack, --use-compress-program): GNU programs also take any unambiguous abbreviation of a long "
        "option (--to-comm=...), and options it does not name run programs too")


FIRST_WORD = ("behind a read-only check by first-word deny-list ({verbs}): an option before the verb "
              "('-n x delete ...'), a writing verb the list does not name, or a second command after ';' in a "
              "shell line pass it")


def test_a_first_word_deny_list_before_a_shell_is_a_read_only_bypass_at_each_tool_s_check():
    found = _scan("first_word_deny")
    src = (ROOT / "first_word_deny" / "server.py").read_text(encoding="utf-8").splitlines()
    line = {t: next(i for i, ln in enumerate(src, 1) if t in ln) for t in ("if verb in refused", "if verb in CHART_WRITERS")}
    got = sorted((f.location.path, f.location.line, f.tool, f.confidence, f.message)
                 for f in found if f.rule_id == "tool-read-only-bypass")
    assert got == [
        ("server.py", line["if verb in refused"], "cluster", Confidence.HIGH,
         "tool 'cluster' lets caller command line 'command' reach subprocess.run(shell=True) "
         + FIRST_WORD.format(verbs="'apply', 'create', 'delete', 'edit', ...")),
        ("server.py", line["if verb in CHART_WRITERS"], "charts", Confidence.HIGH,
         "tool 'charts' lets caller command line 'command' reach subprocess.run(shell=True) "
         + FIRST_WORD.format(verbs="'install', 'rollback', 'uninstall', 'upgrade'")),
    ]
    f = next(f for f in found if f.tool == "charts" and f.rule_id == "tool-read-only-bypass")
    assert [(s.location.path, s.location.line, s.note) for s in f.flow][:2] == [
        ("server.py", next(i for i, ln in enumerate(src, 1) if "async def charts" in ln),
         "parameter 'command' of MCP tool 'charts' (caller-controlled)"),
        ("server.py", line["if verb in CHART_WRITERS"], "passes a read-only check by first-word deny-list"),
    ]


def test_the_shell_finding_stays_whole_and_a_help_word_list_is_no_read_only_switch():
    found = _scan("first_word_deny")
    [shell] = [f for f in found if f.rule_id == "tool-shell-injection"]
    assert (shell.location.path, shell.confidence) == ("runner.py", Confidence.HIGH)
    assert "weak check" not in shell.message
    assert not [f for f in found if f.tool == "cluster_help" and f.rule_id == "tool-read-only-bypass"]


def test_an_option_allow_list_tested_under_and_is_no_deny_list():
    """``if a.startswith("-") and a not in ALLOWED: raise`` allows the listed options only: its short
    options (``-f``, which the process models now know as an output/script option) are no deny-list
    by exact name, and the allow-listed argv keeps the command-execution capability (lead, stop 53)."""
    found = _scan("option_allowlist")
    assert {(f.location.path, f.location.line, f.rule_id) for f in found if f.confidence >= Confidence.MEDIUM} == {
        ("runner.py", 5, "capability-command-execution")}
    assert not any("deny-list by exact name" in f.message for f in found)
