"""Causes from the twentieth TypeScript holdout, reader A (issues 14, 12): configuration kept in a
Map under the caller's key, HTTP clients held in class fields assigned outside an initializer, and
a headless browser's page.goto that also opens file:// URLs (fixtures/typescript/mapconfig,
fieldclients, browserfiles). The TLS opt-out switch is tested in test_semgrep_tls_ts.py."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan

GROUPS = ["mapconfig", "fieldclients", "browserfiles", "remotebrowser"]


@pytest.mark.parametrize("group", GROUPS)
def test_findings_equal_annotations(group):
    test_ts_engine.test_findings_equal_annotations(group)


# -- mapconfig: Map.set(callerKey, operatorValue), Map.get(callerKey) ----------------------------

def test_a_map_of_configured_values_stays_the_operators_under_a_callers_key():
    out, _ = scan("mapconfig")
    assert not [f for f in out.findings if f.tool == "ping_env"]
    assert not [f for f in out.findings if f.parameter == "environment" or f.parameter == "name"]


def test_a_callers_value_stored_in_a_map_is_still_the_callers():
    out, _ = scan("mapconfig")
    f = only(out.findings, tool="set_hook")
    assert (f.rule_id, f.location.line) == ("tool-ssrf", line_of("server.ts", "api.remember(name, url)", "mapconfig"))
    assert f.message.startswith("tool 'set_hook' passes parameter 'url' to fetch(): server-side request forgery "
                                "(the value is kept as the target of later requests")


# -- fieldclients: this.f = axios.create() in a method; f!: AxiosInstance -------------------------

def test_a_client_assigned_in_a_method_the_constructor_calls_is_an_http_client():
    out, _ = scan("fieldclients")
    f = only(out.findings, tool="replay_call")
    assert (f.rule_id, f.location.line) == ("tool-ssrf", line_of("server.ts", "this.axiosInstance.request(config)", "fieldclients"))
    assert "this.axiosInstance.request()" in f.message


def test_a_field_typed_as_a_client_is_one_and_an_any_field_takes_the_clients_class():
    out, _ = scan("fieldclients")
    f = only(out.findings, tool="check_link")
    # the link checker's request carries the server's API key to the caller's host: beyond the
    # link check it declares (ts22a, sentcreds.py)
    assert (f.rule_id, f.location.line) == ("tool-ssrf", line_of("server.ts", "this.restClient.get(link", "fieldclients"))
    assert f.message.endswith("(the request carries the server's credential 'process.env.API_KEY' to the host the caller chooses)")
    g = only(out.findings, tool="probe_host")
    assert (g.rule_id, g.location.line) == ("tool-ssrf", line_of("server.ts", "this.client.post(", "fieldclients"))
    assert g.message == ("tool 'probe_host' passes parameter 'host' to this.client.post(): server-side request forgery "
                         "(the request carries the server's credential 'TOKEN' to the host the caller chooses)")


def test_an_encoded_path_under_the_clients_base_is_no_finding():
    out, _ = scan("fieldclients")
    assert not [f for f in out.findings if f.tool == "get_item"]


# -- browserfiles: page.goto of a caller's URL --------------------------------------------------

def test_goto_of_an_unchecked_callers_url_reads_local_files_beyond_a_fetch_tool():
    out, _ = scan("browserfiles")
    f = only(out.findings, tool="add_documentation")
    assert (f.rule_id, f.location.line) == ("tool-ssrf", line_of("server.ts", 'waitUntil: "networkidle"', "browserfiles"))
    assert f.message == ("tool 'add_documentation' passes parameter 'url' to page.goto(): server-side request "
                         "forgery (the browser also opens file:// URLs, local files)")


def test_goto_after_an_http_scheme_check_is_the_tools_fetch_and_a_fixed_site_is_nothing():
    out, _ = scan("browserfiles")
    f = only(out.findings, tool="read_web_page")
    assert (f.rule_id, f.location.line) == ("capability-network-request", line_of("server.ts", "await page.goto(url);", "browserfiles"))
    assert not [f for f in out.findings if f.tool == "open_docs_site"]


def test_goto_in_a_browser_the_server_only_connects_to_is_the_tools_fetch():
    """A project that never launches a browser and connects to one over CDP (a remote scraping
    service): file:// opens the service's files, so the navigation is a plain request."""
    out, _ = scan("remotebrowser")
    f = only(out.findings, tool="scrape_page")
    assert (f.rule_id, f.location.line) == ("capability-network-request", line_of("server.ts", "page.goto(url)", "remotebrowser"))
