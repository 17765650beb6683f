"""Issue 12, branch py30b (the thirtieth Python holdout, reader B): ``fixtures/taint/py30b``.

* tools registered by a start-up loop over a list built from the package's ``__all__`` with
  ``getattr`` (exportlists.py);
* adb's connect commands take one host operand and no option (``option-hazards`` rows);
* a class member handed on where its class is the declared type is an enum member, not a
  credential, also when the class is imported from outside the scanned tree (membertypes.py);
* an is-absolute refusal together with a ``..`` part refusal confines a later join (dotparts.py).
Each group has a twin that keeps its findings.
"""

from __future__ import annotations

from pyflowgroups import FlowGroups

groups = FlowGroups("py30b")


def test_functions_named_in_all_are_registered_by_the_loop():
    assert groups.tools("allnames") == ["run_filter", "word_count"]
    [f] = groups.found("allnames")
    assert (f.location.path, f.location.line, f.rule_id, f.tool) == (
        "pkg/tools/text.py", groups.line_of("allnames", "pkg/tools/text.py", 'f"grep {expression}'),
        "tool-shell-injection", "run_filter")
    assert f.message == "tool 'run_filter' passes parameter 'expression' to subprocess.run(shell=True): OS command injection"


def test_adb_connect_commands_take_no_option():
    assert groups.found("adbconnect", low=True) == []


def test_adb_install_keeps_its_argument_injection():
    [f] = groups.found("adbconnect_twin")
    assert (f.location.line, f.rule_id, f.tool) == (
        groups.line_of("adbconnect_twin", "server.py", '"adb", "install"'), "tool-argument-injection", "install_app")
    assert f.message.startswith("tool 'install_app' passes parameter 'package_path' to subprocess.run(): argument injection")


def test_a_member_passed_as_its_own_class_is_no_secret():
    assert groups.found("enummember", low=True) == []


def test_a_class_constant_logged_as_is_stays_a_secret():
    [f] = groups.found("enummember_twin")
    assert (f.location.line, f.rule_id) == (groups.line_of("enummember_twin", "server.py", "Config.SECRET_KEY"),
                                            "secret-in-log")
    assert f.message == ("secret 'scanner_cli.settings.Config.SECRET_KEY' is written to a log by "
                         "logging.getLogger.info()")


def test_relative_without_dot_dot_parts_is_confined():
    assert groups.found("relparts", low=True) == []


def test_either_refusal_alone_keeps_the_traversal():
    rows = {f.tool: f for f in groups.found("relparts_twin")}
    assert sorted(rows) == ["read_artifact", "save_note"]
    read = rows["read_artifact"]
    assert (read.rule_id, read.location.line) == (
        "tool-path-traversal", groups.line_of("relparts_twin", "server.py", "file_path.read_text()"))
    assert read.message.endswith("only a weak check on the way: a '..' part check is a deny-list, not a containment check")
    save = rows["save_note"]
    assert (save.rule_id, save.location.line) == (
        "tool-path-traversal", groups.line_of("relparts_twin", "server.py", 'open(os.path.join("/srv/notes", name), "w")'))
    assert save.message == "tool 'save_note' passes parameter 'name' to open(): path traversal / arbitrary file access (write)"


def test_a_script_run_by_an_interpreter_path_built_here_or_by_a_helper_is_code():
    rows = {f.tool: f for f in groups.found("venvpython") if f.rule_id == "capability-code-execution"}
    assert sorted(rows) == ["run_code", "run_snippet"]
    assert rows["run_code"].location.line == groups.line_of("venvpython", "server.py", "create_subprocess_exec(str(py)")
    assert rows["run_code"].message == ("tool 'run_code' evaluates code the caller writes: parameter 'code' reaches "
                                        "asyncio.create_subprocess_exec() as is")
    assert rows["run_snippet"].location.line == groups.line_of("venvpython", "server.py", "[str(python), path]")
    assert rows["run_snippet"].message == ("tool 'run_snippet' evaluates code the caller writes: parameter 'source' "
                                           "reaches subprocess.run() as is")
    steps = [s.note for s in rows["run_code"].flow]
    assert "written to the file 'script'" in steps


def test_a_helper_returning_a_formatter_runs_no_code():
    assert [f for f in groups.found("venvpython_twin", low=True) if f.rule_id in (
        "capability-code-execution", "tool-code-injection")] == []


def test_a_match_case_of_literals_is_an_allow_list():
    assert groups.found("matchcase", low=True) == []


def test_a_capture_case_keeps_the_sql_injection():
    [f] = groups.found("matchcase_twin")
    assert (f.rule_id, f.location.line, f.tool) == (
        "tool-sql-injection", groups.line_of("matchcase_twin", "server.py", ".execute(sql, params)"), "find_memories")
    assert f.message == ("tool 'find_memories' passes parameter 'query_filter' to .execute(): SQL injection "
                         "(the query text is built from the value)")


def test_rg_names_its_program_option_and_sed_deny_list_names_attached_short_options():
    rows = {f.tool: f for f in groups.found("textprogs") if f.rule_id == "tool-argument-injection"}
    assert rows["search_text"].message.endswith(
        "; rg options that run a program, touch a file or send a credential elsewhere: --pre)")
    assert rows["search_text"].location.line == groups.line_of("textprogs", "server.py", '["rg", pattern, path]')
    assert groups.found("textprogs_twin", low=True) == []  # rg -e PATTERN: the value of -e
    [f] = groups.found("sedflags")
    assert (f.rule_id, f.tool, f.location.line) == (
        "tool-argument-injection", "run_sed", groups.line_of("sedflags", "server.py", 'create_subprocess_exec("sed"'))
    assert f.message.endswith("checked by validate_arguments() (not verified by mcpaudit): an option deny-list by "
                              "exact name (-i): a short option also takes its value attached or follows other flags "
                              "in one word (-i.bak, -ni), which the exact name does not match")
    [g] = groups.found("sedflags_twin")
    assert g.message.endswith("checked by validate_arguments() (not verified by mcpaudit)")
