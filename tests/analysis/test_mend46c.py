"""mend46c: the reviewer's findings on stop 46's Python modules (issue 12).

The groups live in ``fixtures/mend46c/``, outside ``fixtures/taint``: several are projects of more
than one server (or a server whose tools another module declares), and the whole taint tree is
scanned as one project by ``tests/test_fixtures.py``, where every group would see the others."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, FlowGroups

G = FlowGroups("mend46c")
G.root = TAINT_FIXTURES.parent / "mend46c"


# -- a dispatcher's whole-arguments log when list_tools merges tools of another module ---------------

def test_whole_arguments_log_reported_when_a_merged_tool_of_another_module_takes_a_key():
    assert G.tools("merged_tools_log") == ["list_providers", "store_key"]
    line = G.line_of("merged_tools_log", "server.py", 'logger.info(f"Calling tool:')
    assert G.rows("merged_tools_log") == [("server.py", line, "secret-in-log", "call_tool")]
    msg = G.message("merged_tools_log", "secret-in-log", "call_tool")
    assert "the whole argument mapping 'arguments' is written to a log by logging.getLogger.info()" in msg


def test_whole_arguments_log_quiet_when_no_merged_tool_takes_a_credential():
    assert G.tools("merged_tools_log_safe") == ["list_providers", "store_key"]
    assert G.rows("merged_tools_log_safe") == []


# -- a command or method parameter is no action dispatch: the whole description is read ------------

def test_read_only_promise_past_the_summary_of_a_command_or_method_tool_is_kept():
    src = "command_paragraph"
    check = G.line_of(src, "server.py", '"last_check.txt"), "w"')
    query = G.line_of(src, "server.py", '"last_query.txt"), "w"')
    rows = [r for r in G.rows(src) if r[2] == "tool-read-only-bypass"]
    assert rows == [("server.py", check, "tool-read-only-bypass", "run_check"),
                    ("server.py", query, "tool-read-only-bypass", "query_api")]
    assert G.message(src, "tool-read-only-bypass", "run_check") == (
        "tool 'run_check' is described as read-only but writes files (open())")
    assert G.message(src, "tool-read-only-bypass", "query_api") == (
        "tool 'query_api' is described as read-only but writes files (open())")


def test_command_and_method_tools_promising_nothing_stay_quiet():
    assert [r for r in G.rows("command_paragraph_safe") if r[2] == "tool-read-only-bypass"] == []


# -- a call_tool module listing no tools: another server's same-named tool fixes nothing -----------

def test_another_servers_same_named_enum_does_not_clear_this_servers_finding():
    group = "two_servers_choices"
    line = G.line_of(group, "files/server.py", '(SHARE / f"{kind}.txt")')
    assert G.rows(group) == [("files/server.py", line, "tool-path-traversal", "read_file")]
    assert G.message(group, "tool-path-traversal", "read_file") == (
        "tool 'read_file' passes parameter 'arguments['kind']' to .read_text(): "
        "path traversal / arbitrary file access")


def test_the_one_validating_handler_reads_the_enum_of_tools_declared_in_another_module():
    assert G.tools("split_list_choices") == ["call_tool", "count_files", "read_file"]
    assert G.rows("split_list_choices") == []


# -- an empty string or dict returned as the "error" is falsy: no refusal ---------------------------

def test_a_validator_returning_an_empty_string_or_dict_refuses_nothing():
    group = "falsy_refusals"
    read = G.line_of(group, "server.py", 'with open(os.path.join(PLUGIN_DIR, name + ".lua")')
    unlink = G.line_of(group, "server.py", 'os.unlink(os.path.join(PLUGIN_DIR')
    assert G.rows(group) == [("server.py", read, "tool-path-traversal", "read_plugin"),
                             ("server.py", unlink, "tool-path-traversal", "remove_plugin")]
    assert G.message(group, "tool-path-traversal", "read_plugin") == (
        "tool 'read_plugin' passes parameter 'name' to open(): path traversal / arbitrary file access")
    assert G.message(group, "tool-path-traversal", "remove_plugin") == (
        "tool 'remove_plugin' passes parameter 'name' to os.unlink(): "
        "path traversal / arbitrary file access (write)")


def test_a_validator_returning_a_message_or_error_dict_still_guards_its_caller():
    assert G.tools("falsy_refusals_safe") == ["read_plugin", "remove_plugin"]
    assert G.rows("falsy_refusals_safe") == []


# -- a def whose name only starts with the imported class's name is no def of it --------------------

def test_a_project_subclass_beside_a_factory_of_a_longer_name_still_runs_the_library_method(tmp_path):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence
    from pyflowgroups import line_in

    shutil.copytree(G.root / "libsub_factory", tmp_path / "libsub_factory")
    res = api.audit([tmp_path / "libsub_factory"], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    src = G.root / "libsub_factory" / "kernelrun" / "app.py"
    assert [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in res.capabilities] == [(
        "capability-code-execution", "kernelrun/app.py", line_in(src, "executor.execute_code_blocks("), "execute_code",
        "tool 'execute_code' evaluates code the caller writes: parameter 'code' reaches AutoGen code executor "
        ".execute_code_blocks() as is; reachable over stdio only, by the local user who starts the server")]
