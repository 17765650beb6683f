"""Causes of the twenty-fourth Python holdout, reader B (issue 12, branch py24b), each with a twin
that stays reported (``fixtures/taint/py24b``)."""

from __future__ import annotations

import shutil

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.engines.bandit_args import demotions
from mcpaudit.models import Confidence

from pyflowgroups import FixtureFiles, line_in, rows

files = FixtureFiles("py24b")


def test_str_replace_on_a_path_string_is_no_file_move(tmp_path):
    found = files.audit("strreplace.py", tmp_path)
    # os.path.abspath(p).replace("\\", "/"): two arguments, str.replace; no capability for note_exists
    # twin: (NOTES / name).replace(target), one argument, Path.replace: a move the caller names
    moved = files.line_of("strreplace.py", "(NOTES / name).replace(")
    assert [r[:3] for r in rows(found)] == [("tool-path-traversal", moved, "archive_note")]
    assert rows(found)[0][3].startswith("tool 'archive_note' passes parameter 'name' to .replace(): path traversal")


def test_sftp_put_and_get_read_and_write_the_local_path(tmp_path):
    found = files.audit("sftpcopy.py", tmp_path)
    put, get = files.line_of("sftpcopy.py", "sftp.put(local_path"), files.line_of("sftpcopy.py", "sftp.get(remote_path, local_path)")
    assert [r[:3] for r in rows(found)] == [("capability-file-access", put, "send_file"),
                                            ("capability-file-access", get, "fetch_file")]
    msgs = {r[2]: r[3] for r in rows(found)}
    assert msgs["send_file"].startswith("tool 'send_file' reads any file the caller names: parameter 'local_path' "
                                        "reaches SFTP/SCP .put()")
    assert msgs["fetch_file"].startswith("tool 'fetch_file' reads and writes any file the caller names: parameter "
                                         "'local_path' reaches SFTP/SCP .get()")
    # twin: a download onto the server's own fixed file (fetch_log) is no file access of the caller's


def test_bandit_paramiko_call_on_a_literal_command_moves_to_the_audit_view():
    text = (files.root / "sftpcopy.py").read_text()
    const, built = files.line_of("sftpcopy.py", '.exec_command("uptime")'), files.line_of("sftpcopy.py", '"systemctl is-active "')
    why = demotions(text, [("B601", const), ("B601", built)])
    # twin: a command built from a value keeps bandit's finding
    assert why == {("B601", const): "the command is a string literal: no value reaches the remote shell through it"}


def test_a_script_written_through_a_named_temporary_file_then_run_by_its_name(tmp_path):
    found = files.audit("tempscript.py", tmp_path)
    osa = files.line_of("tempscript.py", 'subprocess.run(["/usr/bin/osascript", handle.name], capture_output')
    py = files.line_of("tempscript.py", "subprocess.run(cmd,")
    assert [r[:3] for r in rows(found)] == [("capability-code-execution", osa, "run_applescript"),
                                            ("capability-code-execution", py, "run_python")]
    assert rows(found)[0][3] == ("tool 'run_applescript' evaluates code the caller writes: parameter 'script' "
                                 "reaches subprocess.run() as is")
    # twin: show_notice writes the caller's title into another temp file and runs a constant script


def test_a_package_scanned_alone_and_a_field_looked_up_vouch_for_nothing_else(tmp_path):
    # server.py imports its helpers as hostcopy.transfer (the scanned folder's own name), and
    # get_client(request.host) looks the host up: that proves nothing of request.local_path
    shutil.copytree(files.root / "hostcopy", tmp_path / "hostcopy")
    res = api.audit([tmp_path / "hostcopy"], Config(engines=("cst",), cache=False))
    found = [f for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM]
    put = line_in(files.root / "hostcopy" / "transfer.py", "sftp.put(local_path")
    assert [(f.rule_id, f.location.path, f.location.line, f.tool) for f in found] == [
        ("capability-file-access", "transfer.py", put, "upload_file")]
    assert found[0].message.startswith("tool 'upload_file' reads any file the caller names: parameter "
                                       "'request.local_path' reaches SFTP/SCP .put()")
    # twin: upload_report sends the server's own fixed report


def _scan_copy(name: str, tmp_path):
    shutil.copytree(files.root / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False))
    return [f for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM]


def test_a_handler_table_merged_from_other_modules_and_kept_on_self(tmp_path):
    # ALL_HANDLERS = {**FILE_HANDLERS, **PAGE_HANDLERS} (tools/__init__.py), self.handlers = it in
    # a method, handler = self.handlers[name] in call_tool: each module's handlers are followed
    found = _scan_copy("spreadtables", tmp_path)
    opened = line_in(files.root / "spreadtables" / "notetools" / "files.py", 'with open(path, "w"')
    assert [(f.rule_id, f.location.path, f.location.line, f.tool) for f in found] == [
        ("tool-path-traversal", "notetools/files.py", opened, "save_note")]
    assert found[0].message == ("tool 'save_note' passes parameter 'arguments['file_name']' to open(): path "
                                "traversal / arbitrary file access (write)")
    # twins: count_words (the other table) touches no file; the dispatcher's debug line of the whole
    # arguments is no credential leak: no declared parameter holds one (include_cookies is a boolean)


def test_a_flag_named_for_a_credential_holds_none():
    from mcpaudit.analysis.mappinglogs import credential_param
    from mcpaudit.models import Parameter

    assert not credential_param(Parameter(name="include_cookies", annotation="boolean"))
    assert credential_param(Parameter(name="session_cookie", annotation="string"))
    assert credential_param(Parameter(name="api_key"))


def test_each_caller_value_at_a_shared_sink_keeps_its_own_flow(tmp_path):
    found = {f.tool: f for f in files.audit("routes.py", tmp_path)}
    run = files.line_of("routes.py", "create_subprocess_shell(cmd")
    call = files.line_of("routes.py", 'api.delete(f"/groups/')
    assert sorted((f.rule_id, f.location.line, t) for t, f in found.items()) == [
        ("tool-shell-injection", run, "screen"), ("tool-ssrf", call, "delete_group_variable")]
    # screen's keycode is shown; its text (another route, type_text) is listed beside it
    shell = found["screen"]
    assert shell.message == "tool 'screen' passes parameter 'keycode' to asyncio.create_subprocess_shell(): OS command injection"
    assert [(o["tool"], o["flow"][0]["note"]) for o in shell.properties["other_flows"]] == [
        ("screen", "parameter 'text' of MCP tool 'screen' (caller-controlled)")]
    # the API path's second value (key, after group) is listed too; reboot's constant command is quiet
    ssrf = found["delete_group_variable"]
    assert [(o["tool"], o["flow"][0]["note"]) for o in ssrf.properties["other_flows"]] == [
        ("delete_group_variable", "parameter 'key' of MCP tool 'delete_group_variable' (caller-controlled)")]


def test_a_transport_option_passed_to_run_through_a_keyword_dict(tmp_path):
    # run_kwargs = {"transport": transport}; run_kwargs["host"] = host; run_async(**run_kwargs): a
    # click option picks sse/streamable-http on 127.0.0.1, no auth, fastmcp 2.9.2 pinned
    for name in ("clirun", "clirun_stdio"):
        shutil.copytree(files.root / name, tmp_path / name)
    res = api.audit([tmp_path / "clirun"], Config(cache=False))
    run = line_in(files.root / "clirun" / "server.py", "asyncio.run(mcp.run_async(")
    found = [(f.rule_id, f.location.path, f.location.line) for f in res.findings if f.confidence >= Confidence.MEDIUM]
    assert found == [("http-transport-no-auth", "server.py", run)]
    msg = next(f.message for f in res.findings if f.rule_id == "http-transport-no-auth")
    assert msg.startswith("mcp.run(transport=<from configuration>) serves MCP over HTTP and no authentication is "
                          "configured anywhere in the project (bound to 127.0.0.1 by default")
    # twin: the dict names stdio
    twin = api.audit([tmp_path / "clirun_stdio"], Config(cache=False))
    assert not [f for f in twin.findings if f.rule_id == "http-transport-no-auth"]
