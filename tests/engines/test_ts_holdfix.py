"""General causes read from the fourth TypeScript holdout (issue 14), each on a fixture of our
own with a safe twin: secrets by origin (``secretorigin``: a project redaction helper's result,
a secret-named variable holding a file path or the label of where a token came from); value
shapes (``valueshapes``: a zod url() value is no option, a downloader's URL operand is a request
target); tool objects built by a project factory and run from a Map (``toolfactory``), where an
unawaited async check is no check."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import audit_group, line_of, scan, steps, tools_of


@pytest.mark.parametrize("name", ["secretorigin", "valueshapes", "toolfactory"])
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_a_redaction_helpers_result_is_not_the_secret_but_the_raw_value_is():
    out, _ = scan("secretorigin")
    logs = {f.location.line: f for f in out.findings if f.rule_id == "secret-in-log"}
    assert line_of("server.ts", "${redactConnectionString(dsn)}", "secretorigin") not in logs
    assert line_of("server.ts", "${maskToken(authToken)}", "secretorigin") not in logs
    raw = logs[line_of("server.ts", "connecting to ${dsn}", "secretorigin")]
    assert raw.message == "secret 'process.env.DB_PASSWORD' is written to a log by console.error()"
    assert steps(raw)[0][:2] == ("server.ts", line_of("server.ts", "const dbPassword =", "secretorigin"))
    # a helper whose name does not say it redacts keeps the secret
    assert line_of("server.ts", "${describeToken(authToken)}", "secretorigin") in logs


def test_a_token_file_path_or_source_label_is_not_the_token():
    out, _ = scan("secretorigin")
    lines = {f.location.line for f in out.findings}
    assert line_of("server.ts", "token written to ${authTokenFilePath}", "secretorigin") not in lines
    assert line_of("server.ts", "configured via ${authTokenSource}", "secretorigin") not in lines


def test_a_downloaders_url_operand_is_a_request_target_not_an_option():
    out, _ = scan("valueshapes")
    line = line_of("server.ts", '"yt-dlp", ["--write-sub"', "valueshapes")
    hits = [f for f in out.findings if f.location.line == line]
    assert [f.rule_id for f in hits] == ["tool-ssrf"]  # url(): never read as a yt-dlp option
    f = hits[0]
    assert f.message == ("tool 'transcript' passes parameter 'url' to child_process.execFileSync() ['yt-dlp', …]: "
                         "server-side request forgery (yt-dlp requests the URL)")
    assert steps(f)[-1][1:] == (line, "reaches child_process.execFileSync() ['yt-dlp', …]")


def test_a_fixed_host_operand_and_option_values_are_no_request_target():
    out, _ = scan("valueshapes")
    fixed = line_of("server.ts", "youtube.com/watch", "valueshapes")
    assert not [f for f in out.findings if f.location.line == fixed]
    mirror = [f for f in out.findings if f.tool == "mirror"]
    assert [(f.rule_id, f.message.split("parameter ")[1][:8]) for f in mirror] == [("tool-ssrf", "'target'")]


def test_factory_built_tool_objects_run_from_a_map_are_the_tools():
    tools = tools_of("toolfactory")
    assert set(tools) == {"read_note", "delete_note"}  # no call_tool pseudo-tool
    read = tools["read_note"]
    assert (read.framework, read.location.path, read.description) == ("table", "tools/notes.ts", "Read one note.")
    assert [(p.name, p.tainted) for p in read.parameters] == [("args", True)]  # notesRoot is the factory's


def test_an_unawaited_async_check_never_fails_but_an_awaited_one_counts():
    out, _ = scan("toolfactory")
    f = [f for f in out.findings if f.tool == "read_note"]
    assert [(x.rule_id, x.location.line) for x in f] == [
        ("tool-path-traversal", line_of("tools/notes.ts", 'fs.readFile(full, "utf-8")', "toolfactory"))]
    assert f[0].message == ("tool 'read_note' passes parameter 'args['folder']' to fs.promises.readFile(): "
                            "path traversal / arbitrary file access")  # no check on the way
    assert steps(f[0])[0][2] == "parameter 'args' of MCP tool 'read_note' (caller-controlled)"
    d = [f for f in out.findings if f.tool == "delete_note"]
    assert [x.rule_id for x in d] == ["tool-path-traversal"]
    assert d[0].message.endswith("only a weak check on the way: checked by isInside() (not verified by mcpaudit)")


def test_a_slices_bounds_pick_elements_and_never_become_them():
    out, _ = scan("valueshapes")
    f = [f for f in out.findings if f.tool == "first_notes"]
    assert [(x.rule_id, x.location.line) for x in f] == [
        ("tool-path-traversal", line_of("server.ts", "readFileSync(batch[0]", "valueshapes"))]
    assert "parameter 'name'" in f[0].message and "'from'" not in f[0].message
    assert all("'from'" not in s[2] for s in steps(f[0]))


def _audit_http(tmp_path, name):
    res = audit_group(tmp_path, f"authunset/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"], res


def test_a_bearer_check_that_passes_while_no_token_is_configured_is_no_authentication(tmp_path):
    found, _ = _audit_http(tmp_path, "off")
    line = line_of("off/server.ts", "new StreamableHTTPServerTransport(", "authunset")
    assert [(f.location.path, f.location.line) for f in found] == [("server.ts", line)]
    check = line_of("off/auth.ts", "tokens.length === 0", "authunset")
    assert found[0].message.startswith(
        "new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional, off unless "
        f"configured: if (tokens.length === 0) return {{ ok: true }} at auth.ts:{check} is added conditionally (if a "
        f"credential is configured: auth.ts:{check} lets every request through while none is)")


def test_a_bearer_check_that_refuses_without_a_token_is_authentication(tmp_path):
    found, _ = _audit_http(tmp_path, "on")
    assert found == []


def test_tools_registered_under_a_computed_name_with_a_factory_handler_leave_the_surface_incomplete(tmp_path):
    res = audit_group(tmp_path, "computedname")
    line = line_of("server.ts", "server.registerTool(meta.name", "computedname")
    assert res.surface["complete"] is False and res.surface["evidence"] == f"server.ts:{line}"
    assert res.surface["reason"] == "a tool registration the analysis could not follow (registerTool(meta.name))"
