"""Recall causes read on the tenth Python holdout (issues 12/14), each on a server of our own:
the vulnerable shape must be reported, its safe twin must stay quiet."""

from __future__ import annotations

from pathlib import Path
from typing import List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def scan(root: Path, rel: str) -> List[Finding]:
    out, _ = cst_engine.run([(str(root / rel), rel)], root, jobs=1)
    assert not out.errors, out.errors
    return [f for f in out.findings if f.confidence >= Confidence.MEDIUM]


def expected(root: Path, rel: str) -> List[tuple]:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return sorted((rel, i, m.split("expect:")[1].strip()) for i, m in enumerate(lines, 1) if "# expect:" in m)


def test_a_function_run_through_a_generic_wrapper_is_followed(tmp_path):
    # _call(action, fn, *args, **kwargs) calls fn(*args, **kwargs): the flow goes on into the
    # function handed over; the quoted twin and the POST branch a GET caller never takes stay quiet
    found = scan(FIXTURES / "precision", "forwarded_call.py")
    got = sorted((f.location.path, f.location.line, f.rule_id) for f in found)
    assert got == expected(FIXTURES / "precision", "forwarded_call.py")
    by_tool = {f.tool: f for f in found}
    assert set(by_tool) == {"table_details", "get_schema"}
    assert by_tool["table_details"].message.startswith(
        "tool 'table_details' passes parameter 'table' to requests.get(): server-side request forgery")
    assert by_tool["get_schema"].confidence == Confidence.MEDIUM
    assert any("schema" in s.note for s in by_tool["get_schema"].flow)


def test_a_pinot_broker_query_is_read_only():
    # the broker's SQL endpoint runs queries only: no read-only bypass, the capability stays
    root = FIXTURES / "readonly_modes" / "broker_query_only"
    out, _ = cst_engine.run([(str(root / "server.py"), "server.py")], root, jobs=1)
    got = [(f.rule_id, f.location.line) for f in out.findings if f.confidence >= Confidence.MEDIUM]
    assert got == [("capability-raw-query", 17)]


def _transport(name: str):
    root = FIXTURES / "transports" / name
    out, _ = cst_engine.run([(str(root / "server.py"), "server.py")], root, jobs=1)
    return [f for f in out.findings if f.rule_id == "http-transport-no-auth"]


def test_a_bare_sdk_transport_on_loopback_checks_no_host():
    # SseServerTransport("/messages/") with no security_settings: the SDK leaves its checks off
    [f] = _transport("loopback-bare")
    assert (f.location.line, f.confidence) == (45, Confidence.MEDIUM)
    assert "the mcp SDK's SseServerTransport() with no security_settings= at server.py:28 leaves " \
           "DNS-rebinding protection off" in f.message
    [twin] = _transport("loopback-bare-settings")
    assert twin.confidence == Confidence.LOW and "reachable from this machine only" in twin.message


def test_a_caller_host_given_the_server_credential_is_request_forgery():
    # GraphDatabase.driver(uri, auth=(user, env password)), a connector config with the operator's
    # key (reached through a function-local dispatch table): reported, not a declared capability;
    # the server's own host, and the caller's own login, stay quiet
    found = scan(FIXTURES / "precision", "credentialed_host.py")
    got = sorted((f.location.path, f.location.line, f.rule_id) for f in found)
    assert got == expected(FIXTURES / "precision", "credentialed_host.py")
    by_tool = {f.tool: f for f in found}
    assert set(by_tool) == {"count_nodes", "create_destination"}
    assert by_tool["count_nodes"].message == (
        "tool 'count_nodes' passes parameter 'uri' to neo4j.GraphDatabase.driver(): server-side request "
        "forgery (the server's credential goes with it)")
    assert by_tool["create_destination"].parameter == "type_specific_config"


def test_a_pagerduty_client_is_a_requests_session(tmp_path):
    # python-pagerduty's RestApiV2Client subclasses requests.Session: .delete(url) is a request
    (tmp_path / "server.py").write_text(
        "from mcp.server.fastmcp import FastMCP\n"
        "from pagerduty import RestApiV2Client\n"
        "\n"
        "mcp = FastMCP('pd')\n"
        "client = RestApiV2Client('key')\n"
        "\n"
        "\n"
        "@mcp.tool()\n"
        "def delete_schedule(schedule_id: str) -> str:\n"
        "    \"\"\"Delete a schedule.\"\"\"\n"
        "    return client.delete(f'{client.url}/v3/schedules/{schedule_id}').text\n"
        "\n"
        "\n"
        "@mcp.tool()\n"
        "def show(schedule_id: str) -> dict:\n"
        "    \"\"\"Show a schedule (the SDK's own path check).\"\"\"\n"
        "    return client.rget(f'schedules/{schedule_id}')\n", encoding="utf-8")
    [f] = scan(tmp_path, "server.py")
    assert (f.rule_id, f.location.line, f.tool) == ("tool-ssrf", 11, "delete_schedule")
    assert "RestApiV2Client.delete()" in f.message
