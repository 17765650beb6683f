"""Flows and sinks the twelfth TypeScript holdout missed (issue 14): modules loaded by a
destructured ``await Promise.all([import(...)])``, AppleScript/JXA run by ``osascript -e``, a
shell whose program and script flag come from configuration, and a command run on the
connection a pool's method returns (fixtures/typescript/osascript, configshell, pooledconns)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

RUN = "run as AppleScript or JXA by osascript, whose `do shell script` runs any command"


@pytest.mark.parametrize("group", ["osascript", "configshell", "pooledconns"])
def test_findings_equal_annotations(group):
    test_ts_engine.test_findings_equal_annotations(group)


# -- osascript: dynamic imports and osascript -e ----------------------------------------------

def test_modules_loaded_by_promise_all_resolve_as_imports():
    _, project = scan("osascript")
    tools = {t.name: t for t in project.tools}
    assert sorted(tools) == ["default_app", "execute_script", "greet_user", "make_window"]
    # the schema comes from a namespace loaded at its position in the Promise.all
    assert [p.name for p in tools["execute_script"].parameters] == ["script_content", "language"]


def test_the_callers_script_after_dash_e_is_the_tools_code_execution():
    out, _ = scan("osascript")
    f = only(out.findings, tool="execute_script")
    line = line_of("runner.ts", 'await execFileAsync("osascript", osaArgs', "osascript")
    assert (f.rule_id, f.location.path, f.location.line) == ("capability-code-execution", "runner.ts", line)
    assert f.message == ("tool 'execute_script' evaluates code the caller writes: parameter "
                         "'script_content' reaches child_process.execFile() ['osascript', '-e', …] as is")
    assert [s[:2] for s in steps(f)][-1] == ("runner.ts", line)
    assert "passed to run()" in [s[2] for s in steps(f)]


def test_caller_text_spliced_into_a_jxa_script_is_code_injection():
    out, _ = scan("osascript")
    f = only(out.findings, tool="make_window")
    assert (f.rule_id, f.location.path, f.location.line) == (
        "tool-code-injection", "runner.ts", line_of("runner.ts", 'spawn("osascript", ["-l"', "osascript"))
    assert f.message == (f"tool 'make_window' passes parameter 'name' to child_process.spawn() "
                         f"['osascript', '-e', …]: code injection ({RUN})")


def test_a_value_passed_to_a_fixed_script_after_dashdash_is_no_sink():
    out, _ = scan("osascript")
    assert not [f for f in out.findings if f.tool == "greet_user"]


def test_backslashes_then_quotes_escaped_keep_the_value_in_its_string_literal():
    out, _ = scan("osascript")
    assert not [f for f in out.findings if f.tool == "default_app"]


# -- configshell: the shell from configuration -------------------------------------------------

def test_a_configured_shells_script_operand_is_command_execution():
    out, _ = scan("configshell")
    f = only(out.findings, tool="execute_command")
    assert (f.rule_id, f.location.line) == (
        "capability-command-execution", line_of("server.ts", "const child = spawn(shellConfig.command", "configshell"))
    assert f.message == ("tool 'execute_command' runs commands the caller chooses: parameter "
                         "'arguments['command']' reaches child_process.spawn() with the shell of 'shellConfig' as is")
    assert not [g for g in out.findings if g.tool == "execute_command" and g.rule_id == "tool-argument-injection"]


def test_a_configured_program_that_is_no_shell_keeps_argument_injection():
    out, _ = scan("configshell")
    f = only(out.findings, tool="list_folder")
    assert f.rule_id == "tool-argument-injection"
    assert f.location.line == line_of("server.ts", "spawn(LISTER.command", "configshell")


# -- pooledconns: the class a pool method returns ----------------------------------------------

def test_a_command_run_on_a_pooled_connection_is_followed():
    out, _ = scan("pooledconns")
    f = only(out.findings, tool="ssh_execute")
    line = line_of("ssh.ts", "this.client.exec(command,", "pooledconns")
    assert (f.rule_id, f.location.path, f.location.line) == ("capability-command-execution", "ssh.ts", line)
    assert [s[1:] for s in steps(f) if s[0] == "server.ts"][-1] == (
        line_of("server.ts", "connection.executeCommand(command)", "pooledconns"), "passed to executeCommand()")


def test_a_fixed_command_on_a_stored_connection_is_no_finding():
    out, _ = scan("pooledconns")
    assert not [f for f in out.findings if f.tool == "ssh_uptime"]


# -- scriptrunner: code run through a file a helper wrote --------------------------------------

def test_scriptrunner_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("scriptrunner")


def test_a_snippet_written_by_a_helper_and_run_by_a_table_interpreter_is_code_execution():
    out, _ = scan("scriptrunner")
    f = only(out.findings, tool="run-code")
    line = line_of("files.ts", "exec(command, (error, stdout)", "scriptrunner")
    assert (f.rule_id, f.location.path, f.location.line) == ("capability-code-execution", "files.ts", line)
    assert f.message == "tool 'run-code' evaluates code the caller writes: parameter 'code' reaches child_process.exec() as is"
    notes = [s[2] for s in steps(f)]
    assert notes[:4] == ["parameter 'code' of MCP tool 'run-code' (caller-controlled)", "passed to saveSnippet()",
                         "parameter 'content'", "written to the file 'filePath'"]
    assert "assigned to 'command'" in notes and notes[-1] == "reaches child_process.exec()"


def test_a_literal_interpreter_naming_the_helpers_file_is_code_execution():
    out, _ = scan("scriptrunner")
    f = only(out.findings, tool="run-python")
    assert (f.rule_id, f.location.path) == ("capability-code-execution", "files.ts")


def test_a_file_counted_by_a_table_of_counters_is_no_finding():
    out, _ = scan("scriptrunner")
    assert not [f for f in out.findings if f.tool == "count-text"]


# -- maskedresults: a credential field the server masks elsewhere, returned whole ----------------

def test_maskedresults_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("maskedresults")


def test_a_result_whose_password_the_server_masks_elsewhere_returned_whole_is_a_secret():
    out, _ = scan("maskedresults")
    f = only(out.findings, rule_id="secret-in-tool-result")
    line = line_of("server.ts", "JSON.stringify(connections, null, 2)", "maskedresults")
    assert (f.location.path, f.location.line) == ("server.ts", line)
    # (ts27a: a return in a case of the CallTool switch is that case's tool's)
    assert f.message == "tool 'read_connections' returned a value containing secret 'readConnections().password' to the caller"
    assert [s[2] for s in steps(f)] == [
        "secret readConnections().password read (a field the server masks where it shows it elsewhere)",
        "assigned to 'connections'", "returned"]


def test_the_masked_resources_and_a_result_never_masked_are_quiet():
    out, _ = scan("maskedresults")
    assert [f.location.line for f in out.findings if f.rule_id.startswith("secret")] == [
        line_of("server.ts", "JSON.stringify(connections, null, 2)", "maskedresults")]
