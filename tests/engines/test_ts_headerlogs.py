"""Logged request headers (fixtures/typescript/headerlogs, headerlogs_noauth): a leak where a
request header carries a credential somewhere in the server (code reads an API-key or
Authorization header, an auth middleware), nothing where no header-borne credential exists."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan


@pytest.mark.parametrize("name", ["headerlogs", "headerlogs_noauth"])
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_headers_logged_where_an_api_key_header_is_read_are_a_secret_in_log():
    out, _ = scan("headerlogs")
    f = only(out.findings, rule_id="secret-in-log")
    assert f.location.line == line_of("connector.ts", 'console.log("screenshot request headers:"', "headerlogs")
    assert f.message == ("request headers is written to a log by console.log(); it can carry tokens and "
                         "credentials")


def test_headers_logged_where_no_credential_header_exists_are_not():
    out, _ = scan("headerlogs_noauth")
    assert not [f for f in out.findings if f.rule_id == "secret-in-log"]
