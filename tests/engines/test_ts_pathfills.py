"""Path-only URL fills in TypeScript (issues 12 and 14, analysis/ts/reqpaths.py): a relative path
given to a client with a base URL fills that host's path; default only when the value can climb
and the request carries the server's credential (a client's default headers set after
``axios.create``, a headers option naming one); a part of ``x.split(".")`` cannot climb, and a
request with no credential is an audit result (fixtures/typescript/pathfills)."""

from __future__ import annotations

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import by_rule, line_of


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("pathfills")


def _ssrf():
    return {f.tool: f for f in by_rule("pathfills", "tool-ssrf").values()}


def test_a_climbing_id_on_a_client_with_default_credentials_is_default():
    f = _ssrf()["delete_entry"]
    assert (f.location.line, f.confidence) == (line_of("server.ts", "catalog.delete(`/api/", "pathfills"), Confidence.MEDIUM)
    assert f.parameter == "id"
    assert f.message == ("tool 'delete_entry' passes parameter 'id' to catalog.delete(): server-side request forgery; "
                         "only a weak check on the way: it fills the path under the host its base URL fixes; '../' "
                         "reaches other endpoints of that host with the server's credential (the client's default headers)")
    g = _ssrf()["keyed_lookup"]
    assert g.confidence == Confidence.MEDIUM
    assert g.message.endswith("it fills the path under the fixed host ipinfo.example; '../' reaches other endpoints of "
                              "ipinfo.example with the server's credential (the 'headers' option)")


def test_a_dot_free_part_or_no_credential_is_an_audit_result():
    got = _ssrf()
    assert got["list_entries"].confidence == Confidence.LOW
    assert got["list_entries"].message.endswith(
        "and it can hold no '.' (a part of a split on '.'), so no '../' moves it to another endpoint")
    assert got["public_entry"].confidence == Confidence.LOW
    assert got["public_entry"].message.endswith(
        "but the request carries no credential of the server's: nothing the caller could not fetch itself")
    assert "public_lookup" not in got  # a literal origin and no credential: not even an audit result
