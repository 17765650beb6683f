"""Sinks, models and precision from the thirteenth TypeScript holdout (issue 14): ssh's remote
command line, spawn-rx, Neon's HTTP driver, names that describe a secret and a short slice of
a module variable's token, a web app beside a stdio server, a caller's project root under fixed folders
(fixtures/typescript/remoteshell, neonsql, secretprops, setupapps, projectroots)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan

REMOTE = "ssh runs the words after the host as a command line of that host's shell"


@pytest.mark.parametrize("group", ["remoteshell", "neonsql", "secretprops", "projectroots"])
def test_findings_equal_annotations(group):
    test_ts_engine.test_findings_equal_annotations(group)


# -- remoteshell: ssh host <command> -------------------------------------------------------------

def test_the_callers_command_after_the_ssh_host_is_the_tools_command_execution():
    out, _ = scan("remoteshell")
    f = only(out.findings, tool="run_remote_command")
    line = line_of("server.ts", "spawn(SSH_BIN", "remoteshell")
    assert (f.rule_id, f.location.path, f.location.line) == ("capability-command-execution", "server.ts", line)
    # the program is named SSH_BIN (computed in another module): ssh
    assert f.message == ("tool 'run_remote_command' runs commands the caller chooses: parameter 'command' "
                         "reaches child_process.spawn() ['ssh', host, …] as is")


def test_caller_text_in_a_fixed_remote_command_is_command_injection_despite_dashdash():
    out, _ = scan("remoteshell")
    f = only(out.findings, tool="disk_usage")
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of("server.ts", "du -sh", "remoteshell"))
    assert f.message == f"tool 'disk_usage' passes parameter 'folder' to child_process.spawn() ['ssh', host, …]: OS command injection ({REMOTE})"


def test_a_host_after_dashdash_and_the_value_of_dash_p_are_no_sink():
    out, _ = scan("remoteshell")
    assert not [f for f in out.findings if f.tool == "uptime"]
    assert not [f for f in out.findings if f.tool in ("run_remote_command", "disk_usage")
                and f.rule_id == "tool-argument-injection"]


# -- neonsql: neon(url).query / transaction -------------------------------------------------------

def test_neon_query_of_the_callers_text_is_the_tools_raw_query():
    out, _ = scan("neonsql")
    f = only(out.findings, tool="run_sql")
    assert (f.rule_id, f.location.line) == ("capability-raw-query", line_of("server.ts", "runQuery.query(sql)", "neonsql"))
    g = only(out.findings, tool="run_sql_transaction")
    assert (g.rule_id, g.location.line) == ("capability-raw-query", line_of("server.ts", "runQuery.transaction(", "neonsql"))


def test_neon_tagged_template_and_bound_parameters_are_no_sink():
    out, _ = scan("neonsql")
    assert not [f for f in out.findings if f.tool == "find_user"]
    f = only(out.findings, tool="count_rows")
    assert f.message == "tool 'count_rows' passes parameter 'table' to db.query(): SQL injection (the query is a template literal)"


# -- secretprops: names of a secret's properties, slices of module state ------------------------

def test_a_secrets_method_or_endpoint_name_is_no_secret():
    out, _ = scan("secretprops")
    logged = {f.location.line: f.message for f in out.findings if f.rule_id == "secret-in-log"}
    assert line_of("server.ts", "registered with ${client.token_endpoint_auth_method}", "secretprops") not in logged
    line = line_of("server.ts", "secret ${client.client_secret}", "secretprops")
    # (tsrec18: the environment secret the object literal holds is read there, and named)
    assert logged[line] == "secret 'process.env.OAUTH_CLIENT_SECRET' is written to a log by console.info()"


def test_a_constant_slice_of_a_module_variables_token_is_masked():
    out, _ = scan("secretprops")
    logged = {f.location.line: f.message for f in out.findings if f.rule_id == "secret-in-log"}
    assert line_of("server.ts", "adminJwtToken?.substring(0, 20)", "secretprops") not in logged
    line = line_of("server.ts", "using token ${adminJwtToken}`", "secretprops")
    assert logged[line] == "secret 'adminJwtToken' is written to a log by console.error()"


# -- setupapps: a web app of the server's own beside a stdio MCP server ---------------------------

def _transports(tmp_path, name):
    res = test_ts_engine.audit_group(tmp_path, f"setupapps/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_an_open_web_app_beside_stdio_mcp_says_the_app_is_exposed(tmp_path):
    [f] = _transports(tmp_path, "open")
    line = line_of("open/server.ts", "const app = express();", "setupapps")
    assert (f.location.path, f.location.line) == ("server.ts", line)
    assert f.message == (f"a web server of the project's own listens on every interface (server.ts:{line}) and no "
                         "authentication is configured anywhere in the project; MCP itself runs over stdio only, but "
                         "anyone who reaches the port reaches what that server serves (its routes, or the channel it opens)")


def test_a_loopback_web_app_beside_stdio_mcp_is_not_reported(tmp_path):
    assert _transports(tmp_path, "loopback") == []


# -- projectroots: the caller's project root with the server's folders under it ------------------

def test_a_callers_project_root_under_fixed_folders_is_the_tools_workspace():
    out, _ = scan("projectroots")
    assert not [f for f in out.findings if f.tool in ("read_spec", "save_approval", "log_task")]


def test_an_unchecked_id_joined_under_the_workspace_is_still_a_traversal():
    out, _ = scan("projectroots")
    f = only(out.findings, tool="get_approval")
    assert (f.rule_id, f.location.line) == ("tool-path-traversal", line_of("server.ts", "${approvalId}.json", "projectroots"))
    assert f.message == ("tool 'get_approval' passes parameter 'approvalId' to fs.promises.readFile(): path traversal / "
                         "arbitrary file access")


def test_a_dotdot_slash_check_before_resolve_stays_weak():
    # resolve() starts over at an absolute part, and '../' leaves a trailing '..'
    out, _ = scan("projectroots")
    f = only(out.findings, tool="read_note")
    assert (f.rule_id, f.location.line) == ("tool-path-traversal", line_of("server.ts", "resolve(PathUtils.workflowRoot", "projectroots"))
    assert f.message.endswith("only a weak check on the way: a '..' substring check is a deny-list, not a containment check")


def test_a_file_the_server_names_right_in_the_callers_folder_is_written_where_the_caller_says():
    out, _ = scan("projectroots")
    f = only(out.findings, tool="save_shot")
    # (a file tool's declared purpose: the capability, as before the workspace rule)
    assert (f.rule_id, f.location.line) == ("capability-file-access", line_of("server.ts", "join(folder, name)", "projectroots"))
    assert f.message == ("tool 'save_shot' reads and writes any file the caller names: parameter 'folder' reaches "
                         "fs.promises.writeFile() as is")
