"""Path-only URL fills (issues 12 and 14, analysis/reqcreds.py): a caller's value that fills only
the path under a host the code fixes is a default finding when it can climb ('..') and the request
carries a credential of the server's; with no credential, or as a part of a split on '.', it is
an audit result that says why (fixtures/taint/ssrf_path_credential.py)."""

from __future__ import annotations

from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of

FIXTURE = TAINT / "ssrf_path_credential.py"
CLIMB = "only a weak check on the way: it fills the path under {where}; '../' reaches other endpoints of {of} " \
        "with the server's credential ({cred})"
NO_CRED = ("only a weak check on the way: it fills only the path under the fixed host ipinfo.example; '../' reaches "
           "other endpoints of ipinfo.example, but the request carries no credential of the server's: nothing the "
           "caller could not fetch itself")


def _mine():
    return {f.tool: f for f in fixture_findings() if f.location.path == FIXTURE.name and f.rule_id == "tool-ssrf"}


def test_a_climbing_value_sent_with_the_server_s_credential_is_a_default_finding():
    got = _mine()
    delete = got["delete_item"]
    assert (delete.location.line, delete.confidence) == (line_of(FIXTURE, "requests.delete(url"), Confidence.MEDIUM)
    assert delete.message == ("tool 'delete_item' passes parameter 'item_id' to requests.delete(): server-side request "
                              "forgery; " + CLIMB.format(where="the host its base URL fixes", of="that host",
                                                         cred="the 'headers' argument"))
    keyed = got["keyed_lookup"]
    assert (keyed.location.line, keyed.confidence) == (line_of(FIXTURE, '"X-Api-Key": TOKEN'), Confidence.MEDIUM)
    assert keyed.message.endswith(CLIMB.format(where="the fixed host ipinfo.example", of="ipinfo.example",
                                               cred="the 'headers' argument")
                                  + ", sent with the server's configured os.environ['CATALOG_TOKEN']")  # credowner.py
    client = got["keyed_client_lookup"]
    assert client.confidence == Confidence.MEDIUM
    assert client.message.endswith("with the server's credential (the client's 'auth' argument), sent with the server's "
                                   "configured os.environ['CATALOG_TOKEN']")


def test_no_credential_or_no_dot_is_an_audit_result():
    got = _mine()
    for tool in ("public_lookup", "bare_client_lookup"):
        assert got[tool].confidence == Confidence.LOW
        assert got[tool].message.endswith(NO_CRED)
    kind = got["item_kind"]
    assert (kind.location.line, kind.confidence) == (line_of(FIXTURE, "requests.get(url, headers=self._headers())"),
                                                     Confidence.LOW)
    assert kind.message.endswith("it fills only the path under the host its base URL fixes, and it can hold no '.' "
                                 "(a part of a split on '.'), so no '../' moves it to another endpoint")


def test_the_catalog_names_the_credential_arguments():
    from mcpaudit.catalog import catalog
    assert {"auth", "cookies", "cert"} <= catalog().python.request_credential_keywords
    assert catalog().python.request_header_keywords == frozenset({"headers"})
    assert {"auth"} <= catalog().typescript.request_credential_keywords


def test_a_literal_origin_in_the_call_follows_the_same_policy():
    got = _mine()
    inline = got["keyed_inline"]
    assert (inline.location.line, inline.confidence) == (line_of(FIXTURE, 'params={"token": TOKEN}'), Confidence.MEDIUM)
    assert inline.message.endswith("with the server's credential (a secret of the server's it sends)")
    assert "public_inline" not in got  # the origin is written in the call and nothing of the server's goes with it


def test_a_client_s_base_url_carries_the_credential_the_client_is_built_with():
    got = _mine()
    keyed = got["keyed_folder"]
    assert (keyed.location.line, keyed.confidence) == (line_of(FIXTURE, 'base_url=f"{CATALOG}/folders/{folder}", auth'),
                                                       Confidence.MEDIUM)
    assert keyed.message.endswith("with the server's credential (the 'auth' argument)")
    assert got["public_folder"].confidence == Confidence.LOW
