"""Open Python causes of the 35th/36th holdouts (issue 12, branch py51a), each with a twin that
stays reported (``fixtures/taint/py51a``)."""

from __future__ import annotations

import libcst as cst

from mcpaudit.analysis.helpprobes import probe_words
from pyflowgroups import FlowGroups

G = FlowGroups("py51a")

# -- a help or version command line is no execution effect ------------------------------------------


def test_a_configured_help_probe_through_a_shared_runner_is_a_read():
    # cli_describe hands run_command f"{name} {config.help_flag}", cli_version name + " " +
    # version_flag, cli_topics f"{name} help": the runner's sink is pod_summary's caller's (a
    # shell-injection finding), but these tools' callers choose nothing there and the command prints
    # the CLI's usage: readOnlyHint=True and destructiveHint=False hold
    run = G.line_of("help_probe", "server.py", "await asyncio.create_subprocess_exec(*argv")
    assert G.tools("help_probe") == ["cli_describe", "cli_execute", "cli_topics", "cli_version", "pod_summary"]
    assert G.rows("help_probe") == [("server.py", run, "capability-command-execution", "cli_execute"),
                                    ("server.py", run, "tool-shell-injection", "pod_summary")]


def test_a_configured_word_that_is_no_probe_or_a_callers_program_still_executes():
    run = G.line_of("help_probe_twin", "server.py", "await asyncio.create_subprocess_exec(*argv")
    assert G.rows("help_probe_twin") == [("server.py", run, "capability-command-execution", "cli_execute"),
                                         ("server.py", run, "capability-command-execution", "program_help"),
                                         ("server.py", run, "tool-annotation-mismatch", "cli_describe"),
                                         ("server.py", run, "tool-read-only-bypass", "cli_describe"),
                                         ("server.py", run, "tool-shell-injection", "pod_summary")]
    assert G.message("help_probe_twin", "tool-read-only-bypass", "cli_describe") == (
        "tool 'cli_describe' is annotated readOnlyHint=True but executes commands or code "
        "(asyncio.create_subprocess_exec()) (also reached from tools 'cli_version', 'program_help')")
    assert G.message("help_probe_twin", "tool-annotation-mismatch", "cli_describe").startswith(
        "tool 'cli_describe' is annotated destructiveHint=False but executes commands or code")


def _probe(src: str):
    return probe_words(cst.parse_expression(src))


def test_the_probe_words():
    assert _probe('f"{self.cli} --help"') == "--help"
    assert _probe('f"{cfg.name} {cfg.help_flag}"') == "--help"
    assert _probe('[cli, settings["version_option"]]') == "--help"
    assert _probe('"git help commit"') == "help commit"
    assert _probe('f"{cli} -V"') == "-V"
    assert _probe('f"{cli} --version {extra}"') is None  # the probe word must stand alone
    assert _probe('f"{cli} {cfg.cleanup_flag}"') is None
    assert _probe('f"{cli}--help"') is None  # glued to the program: one word
    assert _probe('f"--help"') is None  # no program


# -- a fixed prefix in a file name stops a climb on POSIX only -------------------------------------------


def test_fixed_text_before_the_callers_extension_keeps_its_confidence_in_a_module_that_runs_on_windows():
    # os.name == "nt": Windows drops input_1.\..\ by its text, with no directory named input_1.
    line = G.line_of("prefix_windows", "server.py", 'with open(target, "wb") as fh:')
    assert G.rows("prefix_windows") == [("server.py", line, "tool-path-traversal", "convert_upload")]
    found = G.found("prefix_windows")[0]
    assert found.confidence.label == "high"
    assert found.message == ("tool 'convert_upload' passes parameter 'input_format' to open(): path traversal / "
                             "arbitrary file access (write)")


def test_the_same_name_in_a_module_with_no_windows_test_is_an_audit_result():
    line = G.line_of("prefix_posix", "server.py", 'with open(target, "wb") as fh:')
    assert G.rows("prefix_posix") == []
    found = [f for f in G.found("prefix_posix", low=True) if f.rule_id == "tool-path-traversal"]
    assert [(f.location.line, f.confidence.label, f.tool) for f in found] == [(line, "low", "convert_upload")]
    assert "(audit view: the value follows the fixed text '.' in the file name" in found[0].message


# -- docker-py exec_run with a string command: split with shlex, no shell ----------------------------------


def test_a_value_in_an_exec_run_string_is_an_argv_word_a_sh_c_script_or_the_program():
    ls = G.line_of("exec_string", "server.py", 'box.exec_run(f"ls -la {path}")')
    sh = G.line_of("exec_string", "server.py", "box.exec_run(f\"sh -c 'cat {name}'\")")
    prog = G.line_of("exec_string", "server.py", "return box.exec_run(cmd=cmd)")
    assert G.rows("exec_string") == [("server.py", ls, "tool-argument-injection", "list_dir"),
                                     ("server.py", sh, "tool-shell-injection", "peek_box_file"),
                                     ("server.py", prog, "tool-shell-injection", "package_version")]
    assert G.message("exec_string", "tool-argument-injection", "list_dir") == (
        "tool 'list_dir' passes parameter 'path' to docker .exec_run(): argument injection (docker-py splits a "
        "string command with shlex.split and the container runs that argv with no shell: the caller's text adds "
        "words to the argv of ls, options among them)")
    assert G.message("exec_string", "tool-shell-injection", "peek_box_file") == (
        "tool 'peek_box_file' passes parameter 'name' to docker .exec_run(): OS command injection (the value is run "
        "as a sh script in the container)")
    assert G.message("exec_string", "tool-shell-injection", "package_version") == (
        "tool 'package_version' passes parameter 'package' to docker .exec_run(): OS command injection (docker-py "
        "splits a string command with shlex.split (no shell): the caller's text names the program run in the "
        "container)")


def test_operands_after_a_double_dash_and_fixed_strings_are_no_injection():
    assert G.tools("exec_string_twin") == ["disk_usage", "read_box_file"]
    assert G.rows("exec_string_twin") == []


def test_split_command_words():
    from mcpaudit.analysis.containerexec import split_command

    words = split_command(cst.parse_expression("f\"sh -c 'cat {name} | wc -l'\""))
    assert [w for w, _ in words] == ["sh", "-c", "cat \0 | wc -l"]
    assert split_command(cst.parse_expression('"ls -la"')) is None  # nothing of a value's
    assert split_command(cst.parse_expression("f\"sh -c '{x}\"")) is None  # an unclosed quote
