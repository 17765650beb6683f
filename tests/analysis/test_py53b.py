"""Causes of the thirty-ninth Python holdout the readers found missed (issue 12, branch py53b): request
objects that take (method, url) and the client that sends them, str.rsplit, a shell's (or an
interpreter's) program text in an argv run by the project's own runner, and that runner's
programs that run a written script or write an output option's file - each with a twin
(``fixtures/taint/py53b``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

from mcpaudit.catalog import catalog

files = FixtureFiles("py53b")


def _by_tool(found, tool):
    return next(f for f in found if f.tool == tool)


def test_request_objects_take_the_url_second_and_the_sending_client_carries_the_credential(tmp_path):
    # requests.Request("GET", url) sent by a python-jenkins client built with the operator's API
    # token (jenkins_request): a path fill with the server's credential; httpx.Request("GET", url)
    # sent by client.send: a whole URL of the caller's
    found = files.audit("reqobject.py", tmp_path)
    jenkins = files.line_of("reqobject.py", 'CI.jenkins_request(requests.Request("GET", url))')
    relay = files.line_of("reqobject.py", 'client.send(httpx.Request("GET", target))')
    assert rows(found) == [
        ("tool-ssrf", jenkins, "fetch_ci_artifact53",
         "tool 'fetch_ci_artifact53' passes parameter 'artifact_path' to requests.Request(): server-side request forgery"),
        ("tool-ssrf", relay, "relay_get53",
         "tool 'relay_get53' passes parameter 'target' to httpx.Request(): server-side request forgery"),
    ]
    assert _by_tool(found, "fetch_ci_artifact53").message.endswith(
        "it fills the path under the host its base URL fixes; '../' reaches other endpoints of that host with the "
        "server's credential (the client's arguments it was built with)")
    assert _by_tool(found, "relay_get53").message.endswith("server-side request forgery")


def test_a_request_object_sent_bare_by_a_session_is_an_audit_path_fill(tmp_path):
    assert rows(files.audit("reqobject_safe.py", tmp_path)) == []


def test_the_models_read_request_objects_as_request_method_url():
    M = catalog().python
    assert {"send", "jenkins_request", "jenkins_open"} <= M.request_senders


def test_rsplit_keeps_the_url_it_splits(tmp_path):
    # base, topic = topic.rsplit("/", 1): base is the caller's URL, posted to; the startswith("http")
    # before it checks the scheme only, no host (no weak-check note), and the tool says it takes
    # a full topic URL: its network capability (py57e; py53b reported it as tool-ssrf)
    found = files.audit("rsplitflow.py", tmp_path)
    line = files.line_of("rsplitflow.py", "resp = requests.post(base,")
    assert rows(found) == [("capability-network-request", line, "ntfy_publish53",
                            "tool 'ntfy_publish53' fetches any URL the caller gives: parameter 'topic' reaches "
                            "requests.post() as is")]


def test_the_last_segment_of_an_rsplit_under_a_fixed_host_stays_a_path_fill(tmp_path):
    assert rows(files.audit("rsplitflow_safe.py", tmp_path)) == []


def test_a_shell_or_interpreter_program_text_in_an_argv_run_by_a_helper_is_a_command(tmp_path):
    # _run(["bash", "-c", command]) in a tool that says it runs commands: its capability; sh -c
    # with the value spliced in: shell injection; python3 -c: code injection - not argument injection
    found = files.audit("shellwrap.py", tmp_path)
    run = files.line_of("shellwrap.py", '_run(["bash", "-c", command])')
    grep = files.line_of("shellwrap.py", '_run(["sh", "-c", "grep -c "')
    fmt = files.line_of("shellwrap.py", '_run(["python3", "-c",')
    assert rows(found) == [
        ("capability-command-execution", run, "run_command53",
         "tool 'run_command53' runs commands the caller chooses: parameter 'command' reaches subprocess.run() through "
         f"the argument list built at line {run} as is"),
        ("tool-code-injection", fmt, "format_number53",
         "tool 'format_number53' passes parameter 'expression' to subprocess.run() through the argument list built at "
         f"line {fmt}: code injection (run as Python source by python3"),  # ; pasted after print(format( (py58d)
        ("tool-shell-injection", grep, "count_log_matches53",
         "tool 'count_log_matches53' passes parameter 'pattern' to subprocess.run() through the argument list built at "
         f"line {grep}: OS command injection (the value is run as a sh script)"),
    ]
    assert not any(f.rule_id == "tool-argument-injection" for f in found)


def test_a_quoted_value_in_a_helpers_shell_script_stays_silent(tmp_path):
    assert rows(files.audit("shellwrap_safe.py", tmp_path)) == []


def test_a_written_script_run_by_a_helper_and_an_output_option_are_code_and_a_file_write(tmp_path):
    found = files.audit("runfile.py", tmp_path)
    msf = files.line_of("runfile.py", '_run_tool(["msfconsole", "-q", "-r", rc_path]')
    sh = files.line_of("runfile.py", '_run_tool(["bash", f.name])')
    wget = files.line_of("runfile.py", 'cmd += ["-O", output_path]')
    venom = files.line_of("runfile.py", '_run_tool(["msfvenom", "-p"')
    assert rows(found) == [
        ("capability-code-execution", msf, "msf_resource53",
         "tool 'msf_resource53' evaluates code the caller writes: parameter 'resource_script' reaches subprocess.run() "
         f"through the argument list built at line {msf} as is"),
        ("capability-file-access", wget, "mirror_release53",
         "tool 'mirror_release53' reads and writes any file the caller names: parameter 'output_path' reaches 'wget -O' "
         "in subprocess.run() as is"),
        ("tool-code-injection", sh, "banner_width53",
         "tool 'banner_width53' passes parameter 'banner' to subprocess.run() through the argument list built at line "
         f"{sh}: code injection (the file 'f.name' is run by bash, with the caller's text written in it)"),
        ("tool-path-traversal", venom, "build_listener53",
         "tool 'build_listener53' passes parameter 'report_name' to subprocess.run() through _run_tool() at "
         "runfile.py:15: path traversal / arbitrary file access (an operand of 'msfvenom -o', which writes the file it "
         "names"),
    ]
    assert _by_tool(found, "build_listener53").message.endswith("which writes the file it names; write)")
    # msfvenom's OptionParser takes -o's value whole: no argument injection beside the write
    assert not any(f.rule_id == "tool-argument-injection" for f in found)
    flow = [s.note for s in _by_tool(found, "banner_width53").flow]
    assert flow[0].startswith("parameter 'banner' of MCP tool 'banner_width53'")
    assert "written to the file 'f.name'" in flow


def test_a_script_of_the_servers_own_text_and_a_server_named_output_stay_silent(tmp_path):
    assert rows(files.audit("runfile_safe.py", tmp_path)) == []


def test_the_process_models_know_script_options_and_the_new_output_options():
    M = catalog().python
    assert M.script_options["msfconsole"] >= {"-r", "--resource"}
    assert "-o" in M.output_options["msfvenom"]
    assert "-x" in M.code_programs["msfconsole"][0]
