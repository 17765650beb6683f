"""A request URL logged where some code reads a credential from its query string
(fixtures/typescript/urlkeys): ``?apiKey=...`` goes to the log with the URL, as logged headers do
where a header carries one; nothing where no query parameter is a credential."""

from __future__ import annotations

import pytest

from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, _show, expectations, line_of, scan


@pytest.mark.parametrize("name", ["urlkeys/keyed", "urlkeys/plain"])
def test_findings_equal_annotations(name):
    out, _ = scan(name)
    got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
    want = expectations(FIXTURES / name)
    assert got == want, f"missing:\n{_show(want - got)}\nextra:\n{_show(got - want, out.findings)}"


def test_the_request_url_and_a_url_object_made_from_it_are_reported_with_the_key_they_carry():
    out, _ = scan("urlkeys/keyed")
    found = sorted((f.location.line, f.message) for f in out.findings if f.rule_id == "secret-in-log")
    carrier = ("the request URL (its query string carries the credential 'apiKey', read at config.ts:"
               f"{line_of('config.ts', 'searchParams.get', 'urlkeys/keyed')})")
    assert found == [
        (line_of("handler.ts", "console.log(`request URL", "urlkeys/keyed"),
         f"{carrier} is written to a log by console.log(); it can carry tokens and credentials"),
        (line_of("handler.ts", 'console.debug("serving"', "urlkeys/keyed"),
         f"{carrier} is written to a log by console.debug(); it can carry tokens and credentials"),
    ]


def test_a_url_whose_query_carries_no_credential_is_not_a_leak():
    out, _ = scan("urlkeys/plain")
    assert not [f for f in out.findings if f.rule_id == "secret-in-log"]
