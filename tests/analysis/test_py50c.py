"""Causes of the thirty-sixth Python holdout, cloud and data kinds (issue 12, branch py50c), each
with a twin that stays reported (``fixtures/py50c``)."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, copied_rule_rows, line_in

from mcpaudit.engines.bandit_context import not_bound

ROOT = TAINT_FIXTURES.parent / "py50c"


def test_a_health_check_server_is_no_http_api_and_its_bind_is_no_finding(tmp_path):
    # ProbeHandler answers GET /healthz and /ready with a status word: no API of the tools, and
    # bandit's B104 on its 0.0.0.0 moves to the audit view with the reason
    assert copied_rule_rows(ROOT, "probe_only", tmp_path, "http-transport-no-auth") == []
    path = ROOT / "probe_only" / "server.py"
    line = line_in(path, 'HTTPServer(("0.0.0.0", port), ProbeHandler)')
    col = path.read_text().splitlines()[line - 1].index('"0.0.0.0"')
    assert not_bound(path.read_text(), [(line, col)]) == {
        (line, col): "the address serves only health-check probes (ProbeHandler: /healthz, /ready), answered with "
                     "a status word: no operation is reachable there"}


def test_a_probe_server_with_a_route_that_calls_a_tool_stays_an_api(tmp_path):
    path = ROOT / "probe_tool" / "server.py"
    line = line_in(path, 'HTTPServer(("0.0.0.0", port), ProbeHandler)')
    assert copied_rule_rows(ROOT, "probe_tool", tmp_path, "http-transport-no-auth") == [
        ("server.py", line, "medium", None,
         "HTTPServer() serves the project's own HTTP API (ProbeHandler: /healthz, /tool) that its MCP tools call, "
         "and the handler checks no credential (bound to all interfaces)")]
    col = path.read_text().splitlines()[line - 1].index('"0.0.0.0"')
    assert not_bound(path.read_text(), [(line, col)]) == {}


def _capabilities(name: str, tmp_path):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    shutil.copytree(ROOT / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return [(f.rule_id, f.location.path, f.location.line, f.confidence.label, f.tool, f.message.split(";")[0])
            for f in res.findings + res.capabilities
            if f.rule_id.startswith(("capability-", "tool-shell")) and f.confidence >= Confidence.MEDIUM]


def test_a_prefix_normalisation_through_a_typed_closure_alias_is_the_tools_capability(tmp_path):
    # captured_tool = tool (tool: CliTool) keeps the class in the nested tool function, and
    # "if not command.startswith(name): command = f'{name} {command}'" is no check: the caller's
    # command line runs either way
    line = line_in(ROOT / "prefix_alias" / "server.py", "asyncio.create_subprocess_exec(*args")
    assert _capabilities("prefix_alias", tmp_path) == [
        ("capability-command-execution", "server.py", line, "high", "cli_execute",
         "tool 'cli_execute' runs commands the caller chooses: parameter 'command' reaches "
         "asyncio.create_subprocess_exec() as is")]


def test_the_same_prefixing_of_a_constant_command_stays_quiet(tmp_path):
    assert _capabilities("prefix_const", tmp_path) == []


def test_the_server_field_of_a_factorys_dataclass_bundle_is_served_by_its_run(tmp_path):
    # create_server() -> ServerBundle (pkg/server.py), a @dataclass whose field server is annotated
    # FastMCP; bundle.server.run(transport="streamable-http") in pkg/main.py is the SDK's serving
    # call; the twin serves stdio only
    found = copied_rule_rows(ROOT, "bundle", tmp_path, "http-transport-no-auth")
    line = line_in(ROOT / "bundle" / "pkg" / "main.py", "bundle.server.run(")
    assert found == [("pkg/main.py", line, "medium", None,
                      "bundle.server.run(transport='streamable-http') serves MCP over HTTP and no authentication is "
                      "configured anywhere in the project (bound to all interfaces by default); the address is the "
                      "default of environment variable MCP_HOST; anyone who reaches it can call: pod_logs")]
    assert copied_rule_rows(ROOT, "bundle_stdio", tmp_path, "http-transport-no-auth") == []


def test_a_raw_stream_listener_whose_handler_calls_the_tool_table_is_a_transport(tmp_path):
    # asyncio.start_server(handle_http, host, port) with host defaulting to 0.0.0.0; handle_http
    # calls HANDLERS.get(name), the table call_tool dispatches through, and reads no credential
    found = copied_rule_rows(ROOT, "stream_tool", tmp_path, "http-transport-no-auth")
    line = line_in(ROOT / "stream_tool" / "server.py", "await asyncio.start_server(handle_http")
    assert found == [("server.py", line, "medium", None,
                      "asyncio.start_server() serves a hand-written endpoint (handle_http) that calls the MCP tools "
                      "(a handler taken from HANDLERS, the table call_tool dispatches through), and the handler "
                      "checks no credential (bound to all interfaces by default)")]


def test_a_raw_stream_listener_answering_health_only_or_checking_a_bearer_token_is_no_finding(tmp_path):
    assert copied_rule_rows(ROOT, "stream_health", tmp_path, "http-transport-no-auth") == []
    assert copied_rule_rows(ROOT, "stream_auth", tmp_path, "http-transport-no-auth") == []
