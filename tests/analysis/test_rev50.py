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


def test_a_client_carrying_an_operators_secret_beside_the_callers_token_keeps_the_path_fill_default(tmp_path):
    # credowner read only the credential-named headers of a client built in the tool: an
    # environment secret under X-Workspace rode along unseen and the fill was called the caller's
    # own; the twin tool's client adds a constant Accept header only and stays an audit result
    import shutil
    from pathlib import Path

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    from pyflowgroups import line_in

    src = Path(__file__).resolve().parents[2] / "fixtures" / "caller_keys" / "mixed_client"
    root = tmp_path / "mixed_client"
    shutil.copytree(src, root)
    res = api.audit([root], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    got = sorted((f.location.line, f.tool, f.confidence.label, f.message) for f in res.findings if f.rule_id == "tool-ssrf")
    weak = "tool '{}' passes parameter '{}' to httpx.Client.get(): server-side request forgery; only a weak check on the way: "
    assert got == [
        (line_in(src / "server.py", '/comments/{comment_id}"'), "get_comment", "medium",
         weak.format("get_comment", "comment_id") + "it fills the path under the host its base URL fixes; '../' reaches "
         "other endpoints of that host with the server's credential (the client's 'headers' argument)"),
        (line_in(src / "server.py", '/threads/{thread_id}"'), "get_thread", "low",
         weak.format("get_thread", "thread_id") + "it fills only the path under the host its base URL fixes; '../' "
         "reaches other endpoints of that host, but the credential it carries (the client's 'headers' argument) is "
         "the caller's own, taken from the MCP request and from nothing the operator configured: nothing the caller "
         "could not fetch itself"),
    ]
