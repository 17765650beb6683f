"""TypeScript recall (tsrecall3): library facts and idioms the ledger's reading found missing.

- SheetJS (xlsx) reads and writes workbooks by file name (fixtures/typescript/sheetfiles).
- Command lines whose output is a credential (`sf org display`, `gh auth token`; models:
  secrets.yaml secret-commands) make a secret of what they print (fixtures/typescript/secretcommands).
- A ws WebSocketServer on a port of its own, on every interface, with nothing checking who connects
  is an open network listener (fixtures/typescript/wslistener).
- A file read from a nested argument field (`textDocument.uri`, its file: scheme stripped or the URL
  converted) is the caller's path (fixtures/typescript/nesteduri).
- A script written to a file and then run by an interpreter (osascript, bash: `script-programs` in
  the process models) runs the caller's text written in it (fixtures/typescript/scriptfiles).
"""

from __future__ import annotations

import pytest

from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, audit_group, by_rule, line_of, scan, steps
import test_ts_engine

GROUPS = ["sheetfiles", "secretcommands", "nesteduri", "scriptfiles"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_sheetjs_reads_and_writes_the_file_a_name_points_to():
    caps = by_rule("sheetfiles", "capability-file-access")
    read = caps[("server.ts", line_of("server.ts", "XLSX.readFile(file)", "sheetfiles"))]
    assert read.tool == "read_sheet"
    assert read.message.startswith("tool 'read_sheet' reads any file the caller names: parameter 'file' "
                                   "reaches xlsx.readFile() as is")
    wrote = caps[("server.ts", line_of("server.ts", "XLSX.writeFile(wb, output)", "sheetfiles"))]
    assert wrote.message.startswith("tool 'export_rows' reads and writes any file the caller names: "
                                    "parameter 'output' reaches xlsx.writeFile() as is")
    trav = by_rule("sheetfiles", "tool-path-traversal")
    f = trav[("server.ts", line_of("server.ts", "path.join(EXPORTS, name)", "sheetfiles"))]
    assert f.message == ("tool 'export_named' passes parameter 'name' to xlsx.writeFile(): path traversal / "
                         "arbitrary file access (write)")
    assert steps(f)[-1] == ("server.ts", f.location.line, "reaches xlsx.writeFile()")
    cjs = trav[("legacy.js", line_of("legacy.js", "XLSX.writeFileXLSX(wb", "sheetfiles"))]
    assert cjs.tool == "save_copy" and cjs.parameter == "target"
    out, _ = scan("sheetfiles")
    assert not [x for x in out.findings if x.tool == "export_report" and x.confidence.name != "LOW"]


def test_the_output_of_a_command_that_prints_a_credential_is_a_secret():
    logs = by_rule("secretcommands", "secret-in-log")
    sf = logs[("server.ts", line_of("server.ts", 'console.error("[sf] STDOUT:"', "secretcommands"))]
    assert sf.message == "secret 'the output of `sf org display`' is written to a log by console.error()"
    assert steps(sf) == [
        ("server.ts", line_of("server.ts", "await execAsync(command)", "secretcommands"),
         "secret the output of `sf org display` read"),
        ("server.ts", line_of("server.ts", "await execAsync(command)", "secretcommands"), "assigned to 'result'"),
        ("server.ts", sf.location.line, "reaches console.error()"),
    ]
    alias = logs[("server.ts", line_of("server.ts", "console.error(shown)", "secretcommands"))]
    assert alias.message == sf.message  # the words before the alias name the command
    gcloud = logs[("server.ts", line_of("server.ts", "console.log(`gcloud:", "secretcommands"))]
    assert "the output of `gcloud auth print-access-token`" in gcloud.message  # program + argv
    ret = by_rule("secretcommands", "secret-in-tool-result")
    gh = ret[("server.ts", line_of("server.ts", "text: `logged in with", "secretcommands"))]
    assert gh.tool == "github_login" and "the output of `gh auth token`" in gh.message


def test_the_error_stream_and_other_commands_output_carry_no_secret():
    out, _ = scan("secretcommands")
    lines = {f.location.line for f in out.findings}
    assert line_of("server.ts", 'console.warn("[sf] STDERR:"', "secretcommands") not in lines
    assert line_of("server.ts", 'console.error("[sf] version:"', "secretcommands") not in lines
    assert not [f for f in out.findings if f.tool in ("github_user", "org_status")]


def _listeners(tmp_path, name):
    res = audit_group(tmp_path, f"wslistener/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_websocket_server_on_every_interface_that_checks_no_one_is_an_open_listener(tmp_path):
    [f] = _listeners(tmp_path, "open")
    assert (f.location.path, f.location.line) == (
        "server.ts", line_of("open/server.ts", "new WebSocketServer({ port: 9009 })", "wslistener"))
    assert "no authentication is configured anywhere in the project" in f.message
    # MCP runs over stdio: the open listener is the extension's channel, not the tools
    # (tshold13b: the message says what is exposed)
    assert "MCP itself runs over stdio only" in f.message and f.message.endswith("(its routes, or the channel it opens)")
    assert f.confidence == Confidence.MEDIUM


@pytest.mark.parametrize("name", ["checked", "loopback"])
def test_a_websocket_server_on_loopback_or_checking_the_origin_is_not(tmp_path, name):
    assert _listeners(tmp_path, name) == []


def test_websocket_listener_facts():
    from textwrap import dedent

    from mcpaudit.analysis.posture import extract_facts

    src = (FIXTURES / "wslistener" / "open" / "server.ts").read_text()
    facts = {f.id: f for f in extract_facts(None, {"src/ws.ts": dedent(src)}, [], {})}
    line = line_of("open/server.ts", "new WebSocketServer(", "wslistener")
    assert facts["transport.http"].value is True
    assert [(e.path, e.line) for e in facts["http.bind_all"].evidence] == [("src/ws.ts", line)]
    attached = src.replace("new WebSocketServer({ port: 9009 })", "new WebSocketServer({ noServer: true })")
    facts = {f.id: f for f in extract_facts(None, {"src/ws.ts": attached}, [], {})}
    assert facts["transport.http"].value is not True


def test_a_file_read_from_a_nested_uri_field_is_the_callers_path():
    found = by_rule("nesteduri", "tool-path-traversal")
    f = found[("server.ts", line_of("server.ts", "path.join(WORKSPACE, file)", "nesteduri"))]
    assert f.tool == "open_document" and f.parameter == "arguments['textDocument']"
    assert [s[1:] for s in steps(f)][-4:] == [
        (line_of("server.ts", "async open(params", "nesteduri"), "parameter 'params'"),
        (line_of("server.ts", "const uri: string", "nesteduri"), "assigned to 'uri'"),
        (line_of("server.ts", "const file = uri.startsWith", "nesteduri"), "assigned to 'file'"),
        (f.location.line, "reaches fs/promises.readFile()"),
    ]
    assert ("server.ts", line_of("server.ts", "fileURLToPath(params", "nesteduri")) in found
    assert not [x for x in scan("nesteduri")[0].findings if x.tool == "open_by_name"]


def test_a_script_file_written_with_the_callers_text_and_run_is_code_injection():
    found = by_rule("scriptfiles", "tool-code-injection")
    f = found[("server.ts", line_of("server.ts", 'execAsync(`osascript "${scriptPath}"`)', "scriptfiles"))]
    assert f.tool == "add_to_target" and f.parameter == "target"
    assert f.message == ("tool 'add_to_target' passes parameter 'target' to child_process.exec(): code injection "
                         "(the file 'scriptPath' is run by osascript, with the caller's text written in it)")
    assert steps(f)[-2:] == [
        ("server.ts", line_of("server.ts", "fs.writeFile(scriptPath, script", "scriptfiles"),
         "written to the file 'scriptPath'"),
        ("server.ts", f.location.line, "reaches child_process.exec()"),
    ]
    bash = found[("server.ts", line_of("server.ts", 'execFileAsync("bash", [file])', "scriptfiles"))]
    assert bash.tool == "run_setup" and "is run by bash" in bash.message


def test_a_script_given_the_callers_value_as_an_argument_or_a_file_only_read_is_not():
    out, _ = scan("scriptfiles")
    assert not [f for f in out.findings if f.tool in ("rename_target", "save_note")]
