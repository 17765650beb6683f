"""Issue 14, ts16b: a host-prefix guard (``url.startsWith("https://ci.example.com/")``) pins
scheme and host but leaves the path to the caller, so the flow stays the path fill the same
template gives without the guard (urlpath.prefix_pins); fetch options held in a local
(``const init = {method, headers}``) still carry their credential (reqpaths.py)
(fixtures/typescript/hostguard)."""

from __future__ import annotations

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import by_rule, line_of

CLIMB = ("only a weak check on the way: it fills the path under the fixed host {host}; '../' reaches other "
         "endpoints of {host} with the server's credential (the 'headers' option)")


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("hostguard")


def _ssrf():
    return {f.tool: f for f in by_rule("hostguard", "tool-ssrf").values()}


def test_a_host_prefix_guard_keeps_the_path_fill_with_the_token():
    f = _ssrf()["trigger_job"]
    assert (f.location.line, f.confidence) == (line_of("server.ts", "const res = await fetch(url, { method", "hostguard"),
                                               Confidence.MEDIUM)
    assert f.parameter == "job"
    assert f.message == ("tool 'trigger_job' passes parameter 'job' to fetch(): server-side request forgery; "
                         + CLIMB.format(host="ci.example.com"))


def test_the_same_guard_without_a_credential_is_an_audit_result():
    f = _ssrf()["job_status"]
    assert f.confidence == Confidence.LOW
    assert f.message.endswith("but the request carries no credential of the server's: nothing the caller could not "
                              "fetch itself")


def test_options_held_in_a_local_carry_their_credential():
    got = _ssrf()
    f = got["crm_object"]
    assert (f.location.line, f.confidence) == (line_of("server.ts", "crm.example.com/objects/", "hostguard"),
                                               Confidence.MEDIUM)
    assert f.message.endswith(CLIMB.format(host="crm.example.com"))
    assert "crm_public" not in got  # a literal origin, options naming no credential
