"""Holdout causes of issue 12 (thirteenth Python reading, pyhold13a): options of security
scanners that take a value, a script run by an interpreter keyed by its file name, options whose value is a file
the program reads or writes, a str
handed to ``list.extend`` (``fixtures/taint/scanner_options.py``, and through a runner in
another module: ``fixtures/taint/textextend/``); a module-level def that rebinds
an imported name (``fixtures/taint/rebound/``); paramiko exec_command reached from a factory's
tool through a sibling helper, a pooled closure and a control-character filter
(``fixtures/taint/sshexec/``); a chmod mode that gives no
one else the write bit (``fixtures/bandit_cleanup/runner_modes.py``); a Docker container from an
attribute client (``fixtures/taint/docker_sessions.py``); a first-word allow-list in front of a
shell line (``fixtures/taint/first_word_allow.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TAINT = FIXTURES / "taint"


def _findings(*rels: str, root: Path = TAINT):
    files = [(str(root / r), r) for r in rels]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return sorted(((f.rule_id, f.location.line, f.message) for f in out.findings
                   if f.confidence >= Confidence.MEDIUM), key=lambda x: x[1])


def test_scanner_options_that_take_a_value_hold_no_option():
    got = _findings("scanner_options.py")
    assert got == [
        ("tool-argument-injection", 42, "tool 'port_scan' passes parameter 'target' to subprocess.run() at line 47: "
         "argument injection (added to the argument list after 'nmap -oX -' with no '--' before it: a value "
         "starting with '-' is read as an option; nmap's --script runs the NSE (Lua) scripts it names, from any file, with os.execute)"),
        ("tool-argument-injection", 54, "tool 'port_scan_options' passes parameter 'options' to subprocess.run() at "
         "line 56: argument injection (added to the argument list after 'nmap -oX -' with no '--' before it: a "
         "value starting with '-' is read as an option; nmap's --script runs the NSE (Lua) scripts it names, from any file, with os.execute)"),
        ("tool-argument-injection", 85, "tool 'probe_site' passes parameter 'url' to subprocess.run(): argument "
         "injection (a value starting with '-' is read as an option (no '--' before it); the models do not say "
         "whether webprobe -u takes the next element as its value)"),
        ("capability-file-access", 92, "tool 'fuzz_with_list' reads any file the caller names: parameter 'wordlist' "
         "reaches subprocess.run(['ffuf -w', ...]) as is"),
        ("tool-path-traversal", 105, "tool 'scan_report' passes parameter 'report' to subprocess.run(['nmap -oX', "
         "...]): path traversal / arbitrary file access (write)"),
        # ansible-playbook --tags/--limit and ansible-galaxy -r take a value (no finding at 112, 119);
        # ansible's host pattern is a positional
        ("tool-argument-injection", 125, "tool 'ping_hosts' passes parameter 'pattern' to subprocess.run(): "
         "argument injection (a value starting with '-' is read as an option (no '--' before it))"),
    ]


def test_a_mode_without_group_or_other_write_is_demoted(tmp_path):
    from mcpaudit.engines import bandit

    shutil.copy(FIXTURES / "bandit_cleanup" / "runner_modes.py", tmp_path / "runner_modes.py")
    out = bandit.run([tmp_path / "runner_modes.py"], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.location.line, f.confidence.label) for f in out.findings if f.rule_id == "B103")
    assert got == [(7, "low"), (11, "high"), (15, "high")]
    low = [f for f in out.findings if f.rule_id == "B103" and f.location.line == 7][0]
    assert low.message.endswith("; the mode gives neither group nor others write access: no one else can change "
                                "the file (audit view)")


def test_a_def_after_an_import_rebinds_the_name():
    got = _findings("rebound/helpers.py", "rebound/server.py")
    assert got == [("tool-shell-injection", 7, "tool 'resolve' passes parameter 'name' to "
                    "subprocess.run(shell=True): OS command injection")]


def test_paramiko_exec_command_through_a_factory_helper_and_a_pooled_closure():
    got = _findings("sshexec/clients.py", "sshexec/cleaning.py", "sshexec/server.py")
    assert got == [("tool-shell-injection", 18, "tool 'remote_command' passes parameter 'command' to paramiko "
                    ".exec_command(): OS command injection (the command line runs in the remote host's shell)")]


def test_a_container_from_an_attribute_client_runs_exec_run_commands(tmp_path):
    from mcpaudit import api
    from mcpaudit.config import Config

    assert _findings("docker_sessions.py") == [
        ("tool-shell-injection", 23, "tool 'run_in_session' passes parameter 'command' to docker .exec_run(): OS "
         "command injection (the command runs in a container)")]
    shutil.copy(TAINT / "docker_sessions.py", tmp_path / "docker_sessions.py")
    res = api.audit([tmp_path], Config(engines=("cst", "semgrep"), cache=False, min_confidence=Confidence.LOW))
    got = sorted((f.location.line, f.rule_id) for f in res.findings if f.confidence >= Confidence.MEDIUM)
    # the anchored allow-only-safe-characters check holds: no pattern rule's sh -c hit stays at 34
    assert got == [(23, "tool-shell-injection")]


def test_a_first_word_allow_list_does_not_guard_a_shell_line():
    got = _findings("first_word_allow.py")
    assert got == [
        ("tool-shell-injection", 21, "tool 'run_allowed' passes parameter 'command' to subprocess.run(shell=True): "
         "OS command injection; only a weak check on the way: checked by a first-word allow-list: a shell still "
         "runs what follows an allowed first word ($(...), `...`, a second command after ';', a redirection)"),
        ("capability-command-execution", 30, "tool 'run_allowed_words' runs commands the caller chooses: parameter "
         "'command' reaches subprocess.run() as is"),
    ]


def test_a_str_passed_as_is_to_a_runner_that_extends_its_argv_holds_no_option():
    got = _findings("textextend/scan.py", "textextend/server.py")
    assert got == [("tool-argument-injection", 10, "tool 'scan_flagged' passes parameter 'flags' to subprocess.run() "
                    "through run_scan() at textextend/scan.py:12: argument injection (added to the argument list "
                    "after 'nmap -oX -' with no '--' before it: a value starting with '-' is read as an option; nmap's --script runs the NSE (Lua) scripts it names, from any file, with os.execute) "
                    "(also reached from tool 'scan_worded')")]
