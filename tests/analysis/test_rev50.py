"""The review of stop 49's Python modules (issue 12, branch rev50): each counter-example a module
wrongly silenced, with the safe twin it must keep quiet (``fixtures/taint/rev50``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("rev50")


def test_httpx_headers_logged_as_text_stay_reported_when_the_credential_rides_in_an_unmasked_header(tmp_path):
    # httpx writes [secure] for authorization and proxy-authorization only: a client sending
    # X-API-Key writes it to the log with the event hook's text of request.headers
    found = files.audit("hxapikey.py", tmp_path)
    line = files.line_of("hxapikey.py", 'logger.debug("Headers: %s", request.headers)')
    assert rows(found) == [("secret-in-log", line, None, "request headers is written to a log by "
                            "logging.getLogger.debug()")]
    assert found[0].message.endswith("; it can carry tokens and credentials")


def test_httpx_headers_logged_as_text_are_masked_when_the_credential_rides_in_authorization(tmp_path):
    assert rows(files.audit("hxbearer.py", tmp_path)) == []
