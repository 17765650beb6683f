"""A UUID parse made for its exception is a check; a query string or path appended (``+=``) to a
URL whose host the code fixes chooses no host (fixtures/taint/parse_checks.py)."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of

FIXTURE = TAINT / "parse_checks.py"


def _mine():
    return [f for f in fixture_findings() if f.location.path == "parse_checks.py"]


def test_the_unchecked_id_and_the_appended_host_are_reported():
    got = {(f.location.line, f.rule_id, f.tool, f.confidence) for f in _mine()}
    assert got == {
        (line_of(FIXTURE, "v1/items/{item_id}"), "tool-ssrf", "get_item_unchecked", Confidence.MEDIUM),
        (line_of(FIXTURE, "requests.get(url).status_code"), "tool-ssrf", "service_up", Confidence.HIGH),
    }
    [f] = [f for f in _mine() if f.tool == "service_up"]
    assert f.message == "tool 'service_up' passes parameter 'name' to requests.get(): server-side request forgery"


def test_a_uuid_checked_id_and_a_query_string_stay_quiet():
    assert not [f for f in _mine() if f.tool in ("get_item", "list_items")]
