"""State a tool leaves on an object for later calls (fixtures/taint/stored_target.py): a host
kept as a client's base URL, and an SDK client built on the caller's URL, are reported where the
tool hands the value over; a connection string built from kept state stays at the sink
(fixtures/taint/conninfo.py). A module variable a tool rebinds (``global``) is the same state.
The twins - the configured broker with an encoded queue name, a status tool that only reads the
kept URL - report nothing of their own."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def _audit(tmp_path, name):
    src = (TAINT / name).read_text(encoding="utf-8")
    (tmp_path / name).write_text(src, encoding="utf-8")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    lines = src.splitlines()
    line = lambda text: next(i for i, ln in enumerate(lines, 1) if text in ln)  # noqa: E731
    return res, line


def test_a_kept_base_url_is_reported_where_the_tool_hands_it_over(tmp_path):
    res, line = _audit(tmp_path, "stored_target.py")
    got = sorted((f.location.line, f.rule_id, f.tool, f.message) for f in res.findings
                 if f.confidence >= Confidence.MEDIUM)
    assert got == [
        (line("admin = BrokerAdmin(hostname)"), "tool-ssrf", "connect_broker",
         "tool 'connect_broker' passes parameter 'hostname' to requests.get(): server-side request forgery "
         f"(the value is kept as the target of later requests, which reach requests.get() at "
         f"stored_target.py:{line('return requests.get(url')}) (the request carries the server's credential "
         "'os.environ['BROKER_TOKEN']' to the host the caller chooses)"),
        (line("SEARCH.update_connection(url)"), "tool-ssrf", "update_search_connection",
         "tool 'update_search_connection' passes parameter 'url' to meilisearch.Client(): server-side request "
         f"forgery (the value is kept as the target of later requests, which reach meilisearch.Client() at "
         f"stored_target.py:{line('meilisearch.Client(self.url, api_key=TOKEN)')}; "
         "the client sends every later request there)"),
        (line("SERVICE_URL = location"), "tool-ssrf", "use_search_service",
         "tool 'use_search_service' passes parameter 'location' to requests.get(): server-side request forgery "
         f"(the value is kept as the target of later requests, which reach requests.get() at "
         f"stored_target.py:{line('/status')})"),
    ]
    broker = next(f for f in res.findings if f.tool == "connect_broker")
    notes = [s.note for s in broker.flow]
    assert "'self.base_url' read (stored by an earlier call)" in notes
    assert notes[-1] == "reaches requests.get()"
    assert not [f for f in res.findings if f.tool in ("broker_overview", "broker_queue", "status")]
    # the sink itself is not shown again in the audit view (it is reported at the hand-over)
    assert not [f for f in res.findings if f.location.line == line("return requests.get(url")]


def test_a_connection_string_built_from_kept_state_is_reported_at_the_sink(tmp_path):
    res, line = _audit(tmp_path, "conninfo.py")
    pool = [f for f in res.findings if f.tool == "connect_database"]
    assert [(f.location.line, f.rule_id) for f in pool] == [
        (line("self.pool = psycopg_pool.AsyncConnectionPool(conninfo"), "tool-ssrf")]
    # the pool a library class built is not its connection string: pool.open() opens no file
    assert not [f for f in res.findings if f.rule_id == "tool-path-traversal"]



def test_a_cloud_sdk_endpoint_host_from_the_caller_is_reported(tmp_path):
    """fixtures/taint/cloud_endpoint.py: the Tea SDK's Config endpoint, given to the constructor
    or assigned afterwards and handed to the client; the twins (a listed region, a fixed
    endpoint) report nothing at default confidence."""
    res, line = _audit(tmp_path, "cloud_endpoint.py")
    got = sorted((f.location.line, f.rule_id, f.tool, f.message) for f in res.findings
                 if f.confidence >= Confidence.MEDIUM)
    assert got == [
        (line('client = regional_client("ecs", region)'), "tool-ssrf", "describe_instances",
         "tool 'describe_instances' passes parameter 'region' to alibabacloud_tea_openapi.client.Client(): "
         "server-side request forgery (the value is kept as the target of later requests, which reach "
         f"alibabacloud_tea_openapi.client.Client() at cloud_endpoint.py:{line('return OpenApiClient(config)')}; "
         "the client sends every later request there)"),
        (line("open_api_models.Config(endpoint="), "tool-ssrf", "describe_metrics",
         "tool 'describe_metrics' passes parameter 'region' to alibabacloud_tea_openapi.models.Config(): "
         "server-side request forgery (the client sends every later request there)"),
    ]
    flow = next(f for f in res.findings if f.tool == "describe_instances").flow
    assert flow[-1].location.line == line("return OpenApiClient(config)")
