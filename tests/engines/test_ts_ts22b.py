"""General causes the twenty-second TypeScript holdout (reader B) found (ts22b), each on a fixture
of our own with a safe twin (``fixtures/typescript/ts22b``):

* what a client of a known SDK package answers (azure-devops-node-api
  ``(await conn.getBuildApi()).getArtifacts(project, id)``, AWS ``send``) is the service's record,
  a catalog list (``service-clients``), not its arguments' taint (``sdkanswers``);
* a request router of the project's own that turns a request away before handing it on (the
  answer of an authentication call tested, or a 401) authenticates the HTTP transport; an Origin
  check alone does not (``routerauth``)."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of

GROUPS = ["ts22b/sdkanswers"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


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
