"""General causes the twenty-second TypeScript holdout (reader B) found (ts22b), each on a fixture
of our own with a safe twin (``fixtures/typescript/ts22b``):

* what a client of a known SDK package answers (azure-devops-node-api
  ``(await conn.getBuildApi()).getArtifacts(project, id)``, AWS ``send``) is the service's record,
  a catalog list (``service-clients``), not its arguments' taint (``sdkanswers``);
* a request router of the project's own that turns a request away before handing it on (the
  answer of an authentication call tested, or a 401) authenticates the HTTP transport; an Origin
  check alone does not (``routerauth``);
* a generated REST client (swagger-typescript-api: operations kept in an object a class field
  holds, ``v1 = { getBoard: (key) => this.request({ path: `/v1/boards/${key}` }) }``, the base
  class's ``this.instance.request({ url: path })``) whose axios instance another module signs
  with a request interceptor: the caller's key fills the path of a request carrying the server's
  header, and the whole error of a failed call, logged, writes that header (``openapiclient``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of

from mcpaudit.models import Confidence

GROUPS = ["ts22b/sdkanswers", "ts22b/openapiclient"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_an_sdk_clients_answer_is_the_services_data():
    g = "ts22b/sdkanswers"
    found = by_rule(g, "tool-ssrf")
    line = line_of("server.ts", "await axios.get(reportUrl); // expect", g)
    assert [(k, f.tool, f.parameter) for k, f in found.items()] == [(("server.ts", line), "report_status", "reportUrl")]
    assert found[("server.ts", line)].message == (
        "tool 'report_status' passes parameter 'reportUrl' to axios.get(): server-side request forgery")


def test_the_catalog_lists_the_service_client_packages():
    from mcpaudit.catalog import catalog

    assert {"@aws-sdk/", "azure-devops-node-api"} <= catalog().typescript.service_clients


def _no_auth(tmp_path, name):
    res = audit_group(tmp_path, f"ts22b/routerauth/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"], res


def test_a_router_that_checks_the_caller_before_the_transport_is_authentication(tmp_path):
    found, res = _no_auth(tmp_path, "guarded")
    assert found == []
    auth = next(f for f in res.facts if f.id == "http.auth")
    line = line_of("guarded/server.ts", "if (!caller.ok) {", "ts22b/routerauth")
    assert auth.value is True and ("server.ts", line) in [(e.path, e.line) for e in auth.evidence]


def test_an_origin_check_alone_is_no_authentication(tmp_path):
    found, _res = _no_auth(tmp_path, "originonly")
    line = line_of("originonly/server.ts", "const transport = new StreamableHTTPServerTransport", "ts22b/routerauth")
    assert [(f.location.path, f.location.line) for f in found] == [("server.ts", line)]
    assert found[0].message.startswith("new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication")


def test_a_guard_on_one_arm_of_a_configuration_test_is_optional(tmp_path):
    found, _res = _no_auth(tmp_path, "optional")
    line = line_of("optional/server.ts", "const transport = new StreamableHTTPServerTransport", "ts22b/routerauth")
    assert [(f.location.path, f.location.line) for f in found] == [("server.ts", line)]


def test_a_guard_whose_other_arm_takes_the_callers_own_key_is_authentication(tmp_path):
    found, res = _no_auth(tmp_path, "eitherway")
    assert found == []
    line = line_of("eitherway/server.ts", "if (!result.active) {", "ts22b/routerauth")
    assert ("server.ts", line) in [(e.path, e.line) for e in next(f for f in res.facts if f.id == "http.auth").evidence]


def test_a_generated_clients_path_fill_is_sent_with_the_interceptors_header():
    g = "ts22b/openapiclient"
    found = by_rule(g, "tool-ssrf")
    sink = line_of("api/http.ts", "return this.instance.request<T>(", g)
    viewer = line_of("index.ts", "await viewer.get(`/boards/${boardKey}`)", g)
    assert sorted((k, f.tool, f.confidence) for k, f in found.items()) == [
        (("api/http.ts", sink), "get_board", Confidence.MEDIUM), (("index.ts", viewer), "get_public_board", Confidence.LOW)]
    f = found[("api/http.ts", sink)]
    assert f.message == (
        "tool 'get_board' passes parameter 'arguments['boardKey']' to this.instance.request(): server-side request "
        "forgery; only a weak check on the way: it fills the path under the host its base URL fixes; '../' reaches "
        "other endpoints of that host with the server's credential (the header an interceptor of the client's sets "
        "on every request) (also reached from tool 'remove_sticker')")
    fill = line_of("api/generated.ts", "path: `/v1/boards/${boardKey}`,", g)
    assert ("api/generated.ts", fill, "put in the path of a URL") in [
        (s.location.path, s.location.line, s.note) for s in f.flow]
    assert [o["tool"] for o in f.properties["other_flows"]] == ["remove_sticker"]


def test_the_whole_error_of_a_signed_clients_call_logged_writes_its_header():
    g = "ts22b/openapiclient"
    found = by_rule(g, "secret-in-log")
    line = line_of("index.ts", "console.error(\"Request failed:\", {", g)
    assert list(found) == [("index.ts", line)]
    assert found[("index.ts", line)].message == \
        "secret 'client's interceptor header' is written to a log by console.error()"
