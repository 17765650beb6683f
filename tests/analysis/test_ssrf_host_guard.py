"""Issue 14, ts16b: in Python as in TypeScript, ``url.startswith("https://api.ci.example/")``
pins scheme and host but not the path: the caller's value still fills it, so the flow is the
path fill (default with the server's credential, an audit result without one), not a cleared
one (urlpath.prefix_pins; fixtures/taint/ssrf_host_guard.py)."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of

FIXTURE = TAINT / "ssrf_host_guard.py"


def _mine():
    return {f.tool: f for f in fixture_findings() if f.location.path == FIXTURE.name and f.rule_id == "tool-ssrf"}


def test_a_host_prefix_guard_keeps_the_path_fill_with_the_token():
    f = _mine()["trigger_job"]
    assert (f.location.line, f.confidence) == (line_of(FIXTURE, "requests.request(method, url"), Confidence.MEDIUM)
    assert f.message == ("tool 'trigger_job' passes parameter 'job' to requests.request(): server-side request forgery; "
                         "only a weak check on the way: it fills the path under the fixed host api.ci.example; '../' "
                         "reaches other endpoints of api.ci.example with the server's credential (the 'headers' argument)")


def test_the_same_guard_without_a_credential_is_an_audit_result():
    f = _mine()["job_status"]
    assert (f.location.line, f.confidence) == (line_of(FIXTURE, "requests.get(url)"), Confidence.LOW)
    assert f.message.endswith("but the request carries no credential of the server's: nothing the caller could not "
                              "fetch itself")
