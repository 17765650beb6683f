"""ts57d (issue 14): the server's credential a stored client sends to the caller's URL
(``fixtures/typescript/ts57d``).

* ``davgetter``: a tsdav ``DAVClient`` built and logged in at start-up by a manager class of
  another module, handed to the tools by a getter (``davManager.getCalDavClient()``); the tools
  send the caller's event or calendar URL through it, with the configured CalDAV login: a
  default ``tool-ssrf`` naming ``client.authHeaders`` (``analysis/ts/sdkclients.py``: a client a
  project function hands out keeps its key; ``analysis/ts/clientcreds.py``).
  ``davgetter_safe``: the same client sent only to the calendars the server lists, an anonymous
  DAVClient (no credentials), a ``deleteObject`` given its own ``headers`` (tsdav merges its
  defaults shallowly: those replace the login, ``replaced-by`` in dav.yaml) and a plain fetch:
  capabilities, no finding.
* ``clientauth``: an axios instance built with an ``Authorization`` header from the environment
  and an Octokit with ``auth``, each sent the caller's whole URL (an absolute URL overrides axios's
  baseURL; Octokit keeps an absolute url and adds its token): default ``tool-ssrf``.
  ``clientauth_safe``: the credentialed instance under its fixed host (a literal, or a base
  constant of another module before the caller's id), a client with no
  credential (also given the caller's own token in a request's headers), an anonymous Octokit,
  and an instance built from the caller's own token.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan

from mcpaudit.models import Confidence

G = "ts57d"
GROUPS = ["davgetter", "davgetter_safe", "clientauth", "clientauth_safe"]

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/{n}" for n in GROUPS])

SENT = "server-side request forgery (the request carries the server's credential '{}' to the host the caller chooses)"


def _rows(name, caps=False):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line, f.rule_id))
        if f.confidence >= Confidence.MEDIUM and (caps or not f.rule_id.startswith("capability-"))]


# -- a logged-in tsdav client handed out by a getter ----------------------------------------

def test_a_dav_client_from_a_getter_sends_its_login_to_the_callers_url():
    g = f"{G}/davgetter"
    delete = line_of("src/index.js", "await client.deleteCalendarObject(", g)
    fetch = line_of("src/index.js", "await client.fetchCalendarObjects(", g)
    assert _rows("davgetter", caps=True) == [
        ("tool-ssrf", "src/index.js", delete, "delete_event",
         "tool 'delete_event' passes parameter 'arguments['event_url']' to client.deleteCalendarObject(): "
         + SENT.format("client.authHeaders")),
        ("tool-ssrf", "src/index.js", fetch, "fetch_event",
         "tool 'fetch_event' passes parameter 'arguments['calendar_url']' to client.fetchCalendarObjects(): "
         + SENT.format("client.authHeaders")),
    ]


def test_a_dav_client_without_login_or_to_the_servers_calendars_stays_a_capability():
    g = f"{G}/davgetter_safe"
    anon = line_of("src/index.js", "await publicDavClient.fetchCalendarObjects(", g)
    own = line_of("src/index.js", "await client.deleteObject({ url: args.calendar_url, headers:", g)
    page = line_of("src/index.js", "await fetch(args.url);", g)
    rows = _rows("davgetter_safe", caps=True)
    assert [r[:4] for r in rows] == [
        ("capability-network-request", "src/index.js", anon, "fetch_public_calendar"),
        ("capability-network-request", "src/index.js", own, "delete_calendar"),
        ("capability-network-request", "src/index.js", page, "fetch_page"),
    ]
    assert all("fetches any URL the caller gives" in r[4] and "credential" not in r[4] for r in rows)


# -- an axios instance and an Octokit built with the server's token ---------------------------

def test_credentialed_axios_and_octokit_send_their_token_to_the_callers_url():
    g = f"{G}/clientauth"
    axios_line = line_of("src/index.ts", "await api.get(url);", g)
    gh_line = line_of("src/index.ts", "await octokit.request({ method: \"GET\", url: resource_url });", g)
    assert _rows("clientauth", caps=True) == [
        ("tool-ssrf", "src/index.ts", axios_line, "get_attachment",
         "tool 'get_attachment' passes parameter 'url' to api.get(): " + SENT.format("api.headers")),
        ("tool-ssrf", "src/index.ts", gh_line, "github_get",
         "tool 'github_get' passes parameter 'resource_url' to octokit.request(): " + SENT.format("octokit.auth")),
    ]


def test_clients_without_the_servers_credential_stay_capabilities():
    g = f"{G}/clientauth_safe"
    rows = _rows("clientauth_safe", caps=True)
    assert [r[:4] for r in rows] == [
        ("capability-network-request", "src/index.ts", line_of("src/index.ts", "await web.get(url);", g), "fetch_page"),
        ("capability-network-request", "src/index.ts",
         line_of("src/index.ts", "await web.get(url, { headers: { Authorization: `Bearer ${token}` } });", g), "fetch_as_me"),
        ("capability-network-request", "src/index.ts",
         line_of("src/index.ts", "await publicOctokit.request(", g), "github_public_get"),
        ("capability-network-request", "src/index.ts", line_of("src/index.ts", "await mine.get(url);", g),
         "fetch_with_my_token"),
    ]
    assert all("credential" not in r[4] for r in rows)
