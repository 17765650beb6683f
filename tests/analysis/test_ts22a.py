"""The Python side of ts22a (issues 12 and 14), each with a twin (``fixtures/taint/ts22a``): a
request to the caller's host that carries the server's own token is a finding even for a tool
that declares fetching (the caller's own token alone stays its capability), and a vendor SDK's
generic request method (notion-client's ``client.request(path, method)``) is an HTTP sink whose
path fill carries the key the client was built with."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "ts22a"
groups = FlowGroups("ts22a")


def _rows(name: str, rule: str, low: bool = False):
    return {(f.location.path, f.location.line): f for f in groups.found(name, low) if f.rule_id == rule}


def test_a_declared_fetch_that_sends_the_servers_token_is_a_finding():
    line = line_in(FLOWS / "sentcreds" / "server.py", "# expect: tool-ssrf")
    rows = _rows("sentcreds", "tool-ssrf")
    assert sorted((p, ln, f.tool, f.parameter) for (p, ln), f in rows.items()) == [
        ("server.py", line, "fetch_messages", "server_url")]
    f = rows[("server.py", line)]
    assert f.confidence == Confidence.HIGH
    assert f.message == ("tool 'fetch_messages' passes parameter 'server_url' to httpx.get(): server-side request "
                         "forgery (the request carries the server's credential 'os.environ['PUSH_TOKEN']' to the "
                         "host the caller chooses)")


def test_the_callers_own_token_and_a_plain_fetch_stay_capabilities():
    src = FLOWS / "sentcreds" / "server.py"
    caps = _rows("sentcreds", "capability-network-request")
    assert sorted((ln, f.tool) for (_p, ln), f in caps.items()) == [
        (line_in(src, "# expect: tool-ssrf"), "fetch_own_messages"), (line_in(src, "return httpx.get(url).text  # expect"), "fetch_page")]


def test_a_vendor_sdk_request_path_fill_carries_the_clients_key():
    src = FLOWS / "sdkrequest" / "server.py"
    rows = _rows("sdkrequest", "tool-ssrf")
    line = line_in(src, "# expect: tool-ssrf")
    assert sorted((p, ln, f.tool, f.parameter) for (p, ln), f in rows.items()) == [
        ("server.py", line, "block_children", "block_id")]
    assert rows[("server.py", line)].message.endswith(
        "it fills the path under the host its base URL fixes; '../' reaches other endpoints of that host with the "
        "server's credential (the client's 'auth' argument)")
    # twin: the id encoded as one segment reaches nothing in the default view
    assert ("server.py", line_in(src, "quote(page_id, safe='')")) not in _rows("sdkrequest", "tool-ssrf")
