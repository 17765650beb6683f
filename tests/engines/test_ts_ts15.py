"""General causes read from the fifteenth TypeScript holdout (issue 14), each on a fixture of our
own with a safe twin: a byte encoding's text (``buf.toString("base64")``, hex) holds only its
alphabet, which a shell does not interpret (``encodedargs``); a downloader named as the program of
a shell command line requests the URL its operand names (``urlcommands``); library sinks: AutoIt's
Run family, SSM's SendCommand of a shell document, GramJS sendFile, and GramJS invoke's result as
Telegram's response (``librarysinks``); a whole axios error logged in the catch of a request that
sent the server's key carries that key in its config (``errorconfigs``); a web server closed in a
``finally`` of the function that made it, or by its own handler, is a one-shot redirect catcher,
not an HTTP exposure (``tempservers``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of

GROUPS = ["encodedargs", "urlcommands", "librarysinks", "errorconfigs"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_base64_and_hex_text_is_inert_in_a_shell_command():
    shell = by_rule("encodedargs", "tool-shell-injection")
    assert set(shell) == {("server.ts", line_of("server.ts", "spawn(process.execPath, [UI_SCRIPT, payload], { shell: true });  //",
                                                "encodedargs"))}
    f = next(iter(shell.values()))
    assert f.tool == "start_plain_chat"
    assert f.message == "tool 'start_plain_chat' passes parameter 'title' to child_process.spawn() with shell: true: OS command injection"


def test_base64url_may_start_an_option():
    args = by_rule("encodedargs", "tool-argument-injection")
    f = args[("server.ts", line_of("server.ts", 'execFile("chat-ui", [token])', "encodedargs"))]
    assert f.tool == "start_token_chat"
    assert f.message.startswith("tool 'start_token_chat' passes parameter 'title' to child_process.execFile(): argument injection")


def test_a_downloader_in_a_shell_line_requests_the_callers_url():
    caps = by_rule("urlcommands", "capability-network-request")
    f = caps[("server.ts", line_of("server.ts", "await execAsync(wgetCommand)", "urlcommands"))]
    assert f.message == "tool 'download_site' fetches any URL the caller gives: parameter 'url' reaches child_process.exec() ['wget', …] as is"
    f = caps[("server.ts", line_of("server.ts", "curl -sL ${url}", "urlcommands"))]
    assert f.tool == "fetch_page"
    ssrf = by_rule("urlcommands", "tool-ssrf")
    f = ssrf[("server.ts", line_of("server.ts", '"wget -q " + source', "urlcommands"))]
    assert f.message == ("tool 'archive_note' passes parameter 'source' to child_process.exec() ['wget', …]: "
                         "server-side request forgery (wget requests the URL)")
    assert set(caps) | set(ssrf) == {("server.ts", line_of("server.ts", n, "urlcommands")) for n in
                                     ("await execAsync(wgetCommand)", "curl -sL ${url}", '"wget -q " + source')}


def test_autoit_run_starts_the_callers_program():
    caps = by_rule("librarysinks", "capability-command-execution")
    f = caps[("desktop.ts", line_of("desktop.ts", "autoIt.run(program, workingDir, 1)", "librarysinks"))]
    assert f.message == "tool 'run' runs commands the caller chooses: parameter 'program' reaches node-autoit-koffi.run() as is"
    f = caps[("desktop.ts", line_of("desktop.ts", "autoIt.runAsWait(user", "librarysinks"))]
    assert f.tool == "runAsWait" and "parameter 'program'" in f.message
    shell = by_rule("librarysinks", "tool-shell-injection")
    f = shell[("desktop.ts", line_of("desktop.ts", 'autoIt.run("notepad.exe C:', "librarysinks"))]
    assert f.message == ("tool 'open_report' passes parameter 'name' to node-autoit-koffi.run(): OS command injection "
                         "(AutoIt starts the program the command line names)")
    assert not {k for k in {**caps, **shell} if k[0] == "desktop.ts"} - {
        ("desktop.ts", line_of("desktop.ts", n, "librarysinks"))
        for n in ("autoIt.run(program, workingDir, 1)", "autoIt.runAsWait(user", 'autoIt.run("notepad.exe C:')}


def test_ssm_send_command_of_a_shell_document_runs_its_commands():
    caps = by_rule("librarysinks", "capability-command-execution")
    f = caps[("instances.ts", line_of("instances.ts", "const send = new SendCommandCommand({", "librarysinks"))]
    assert f.message == ("tool 'exec_command' runs commands the caller chooses: parameter 'command' reaches "
                         "new @aws-sdk/client-ssm.SendCommandCommand() as is")
    shell = by_rule("librarysinks", "tool-shell-injection")
    f = shell[("instances.ts", line_of("instances.ts", "new SendCommandCommand(input)", "librarysinks"))]
    assert f.tool == "service_status"
    assert f.message.startswith("tool 'service_status' passes parameter 'service' to new @aws-sdk/client-ssm.SendCommandCommand()")
    assert {f.tool for f in (*caps.values(), *shell.values())} & {"install_package", "uptime"} == set()


def test_gramjs_send_file_reads_a_path_but_not_telegrams_documents():
    caps = by_rule("librarysinks", "capability-file-access")
    assert set(caps) == {("telegram.ts", line_of("telegram.ts", "{ file: filePath }", "librarysinks"))}
    f = next(iter(caps.values()))
    assert f.message == "tool 'send_file' reads any file the caller names: parameter 'filePath' reaches this.client.sendFile() as is"
    assert not by_rule("librarysinks", "tool-path-traversal")


def test_a_whole_axios_error_logged_carries_the_requests_credential():
    logs = by_rule("errorconfigs", "secret-in-log")
    assert set(logs) == {("server.ts", line_of("server.ts", 'console.log("image API error:", error)', "errorconfigs"))}
    f = next(iter(logs.values()))
    assert f.message == "secret 'this.config.apiKey' is written to a log by console.log()"
    assert [s.note for s in f.flow] == [
        "secret 'this.config.apiKey' read",
        "the axios error of the request on line 20 carries that request, its credential included",
        "reaches console.log()"]


def _no_auth(tmp_path, name):
    res = audit_group(tmp_path, f"tempservers/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_an_oauth_redirect_catcher_is_no_http_exposure(tmp_path):
    assert _no_auth(tmp_path, "catcher") == []


def test_a_web_server_closed_only_on_sigint_stands(tmp_path):
    found = _no_auth(tmp_path, "standing")
    assert [(f.location.path, f.location.line) for f in found] == [
        ("server.ts", line_of("standing/server.ts", "http.createServer", "tempservers"))]
    assert found[0].message.startswith("a web server of the project's own listens on every interface (server.ts:8) "
                                       "and no authentication is configured anywhere in the project")


def test_an_error_known_to_be_no_request_error_or_rethrown_carries_nothing():
    # the else arm of axios.isAxiosError(e), after an arm an alias's isAxiosError exits, a catch
    # around a try that handled the request's error, and `throw error` (its message reaches the
    # caller): no finding beside the one whole error logged
    assert set(by_rule("errorconfigs", "secret-in-log")) == {
        ("server.ts", line_of("server.ts", 'console.log("image API error:", error)', "errorconfigs"))}
    assert not by_rule("errorconfigs", "secret-in-tool-result")
