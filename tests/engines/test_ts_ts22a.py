"""General causes of the twenty-second TypeScript holdout's misses (ts22a), each on a fixture of
our own with a safe twin (``fixtures/typescript/ts22a``):

* a vendor SDK's generic request method (``@sendgrid/client``'s ``client.request({ url })``,
  ``octokit.request("GET /repos/...")``) is an HTTP sink under the vendor's fixed host, carrying
  the key the client was given (``setApiKey``, ``new Octokit({ auth })``): a caller's id pasted
  unencoded into the path is a default path fill; an encoded segment, an Octokit route with
  ``{placeholders}`` and an Octokit built without a key are not (``sdkrequest``);
* a tool that declares fetching keeps the caller's URL as its capability, but a request that
  carries the server's own token (``accessToken || PUSH_TOKEN`` in a header) to that host is a
  default ``tool-ssrf``; the caller's own token alone is still the capability (``sentcreds``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import by_rule, line_of

from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence

GROUPS = ["ts22a/sdkrequest", "ts22a/sentcreds"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_vendor_sdk_request_path_fill_carries_the_clients_key():
    g = "ts22a/sdkrequest"
    found = {k: f for k, f in by_rule(g, "tool-ssrf").items() if f.confidence >= Confidence.MEDIUM}
    mail = line_of("server.ts", "url: `/v3/templates/${id}` }); // expect", g)
    issues = line_of("server.ts", "await github.request(`GET /repos/${repo}/issues`); // expect", g)
    assert sorted((path, ln, f.tool, f.parameter) for (path, ln), f in found.items()) == [
        ("server.ts", mail, "get_template", "id"), ("server.ts", issues, "repo_issues", "repo")]
    assert found[("server.ts", mail)].message == (
        "tool 'get_template' passes parameter 'id' to this.client.request(): server-side request forgery; "
        "only a weak check on the way: it fills the path under the fixed host api.sendgrid.com; '../' reaches "
        "other endpoints of api.sendgrid.com with the server's credential (the key client.setApiKey() gives the client)")
    assert found[("server.ts", issues)].message.endswith(
        "it fills the path under the fixed host api.github.com; '../' reaches other endpoints of api.github.com "
        "with the server's credential (the client's 'auth' option)")


def test_an_octokit_without_a_key_is_an_audit_result():
    g = "ts22a/sdkrequest"
    line = line_of("server.ts", "await anonymous.request(`GET /repos/${repo}/issues`);", g)
    low = by_rule(g, "tool-ssrf")[("server.ts", line)]
    assert low.tool == "public_issues" and low.confidence == Confidence.LOW
    assert "the request carries no credential of the server's" in low.message


def test_the_sdk_clients_are_catalog_data():
    M = catalog().typescript
    assert M.sdk_clients["sendgrid-client"].host == "api.sendgrid.com"
    assert "setApiKey" in M.sdk_clients["sendgrid-client"].credential_methods
    assert "auth" in M.sdk_clients["octokit"].credential_options
    assert set(M.sdk_clients) <= set(M.receivers)


def test_a_declared_fetch_that_sends_the_servers_token_is_a_finding():
    g = "ts22a/sentcreds"
    line = line_of("server.ts", "const res = await fetch(`${options.url}/json?poll=1`, { headers }); // expect: tool-ssrf", g)
    f = by_rule(g, "tool-ssrf")[("server.ts", line)]
    assert (f.tool, f.parameter, f.confidence) == ("fetch_messages", "serverUrl", Confidence.HIGH)
    assert f.message == ("tool 'fetch_messages' passes parameter 'serverUrl' to fetch(): server-side request forgery "
                         "(the request carries the server's credential 'PUSH_TOKEN' to the host the caller chooses)")


def test_the_callers_own_token_and_a_plain_fetch_stay_capabilities():
    g = "ts22a/sentcreds"
    caps = by_rule(g, "capability-network-request")
    poll = line_of("server.ts", "const res = await fetch(`${options.url}/json?poll=1`, { headers }); // expect: tool-ssrf", g)
    page = line_of("server.ts", "const res = await fetch(url); // expect", g)
    assert sorted((ln, f.tool) for (_p, ln), f in caps.items()) == [(poll, "fetch_own_messages"), (page, "fetch_page")]
    assert caps[("server.ts", poll)].message == (
        "tool 'fetch_own_messages' fetches any URL the caller gives: parameter 'serverUrl' reaches fetch() as is")
