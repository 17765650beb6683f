"""Causes of the thirty-eighth TypeScript holdout (ts52a, ``fixtures/typescript/ts52a``).

* ``defaultcred``/``defaultcred_safe``: a literal fallback of a secret environment variable
  (``process.env.X || "<literal>"``, ``?? "<literal>"``, a config object's property) that the server
  compares with another value (a token or password check) is ``hardcoded-credential``, at the
  literal (``analysis/ts/envfallback.py``). The twin requires the token at start-up, refuses the
  placeholder password with a start-up check, and presents its other fallback to a service only.
* the same pair: the request URL logged inside the branch where the token check failed (it carries
  only the rejected token) is no ``secret-in-log``; the same log after the check is
  (``analysis/ts/rejectbranch.py``).
* ``twoapps``/``twoapps_safe``: two launch modules, each building its own express app; the API-key
  middleware is on the Streamable HTTP app only, so the SSE app's transport is reported
  (``analysis/ts/appauth.py``). The twin installs a check on the SSE app too.
* ``gqlclient``/``gqlclient_safe``: GraphQL sent through an API client (``@shopify/admin-api-client``
  ``request``, ``graphql-request``'s ``GraphQLClient.request``) is a query sink for the caller's whole
  document (``document: true`` rows of ``rules/models/typescript/sql.yaml``): the raw-query
  capability. The twin sends a constant document with the value in variables, and pastes a value
  into a document it wrote (not reported: GraphQL keeps values in variables).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mcpaudit.engines import ts as ts_engine
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "typescript"
G = "ts52a"
EXPECT = re.compile(r"//\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")
_CACHE: dict = {}


def _files(root: Path):
    return [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*")) if p.suffix in (".ts", ".js")]


def scan(name: str):
    if name not in _CACHE:
        root = FIXTURES / G / name
        _CACHE[name] = ts_engine.run(_files(root), root, jobs=1)
    return _CACHE[name]


def line_of(name: str, rel: str, needle: str) -> int:
    lines = (FIXTURES / G / name / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(lines, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _found(name: str, rule: str):
    out, _ = scan(name)
    return sorted(((f.location.path, f.location.line), f) for f in out.findings
                  if f.rule_id == rule and f.confidence >= Confidence.MEDIUM)


@pytest.mark.parametrize("name", ["defaultcred", "defaultcred_safe", "twoapps", "twoapps_safe",
                                  "gqlclient", "gqlclient_safe"])
def test_findings_equal_annotations(name):
    out, _ = scan(name)
    got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
    want = set()
    for abspath, rel in _files(FIXTURES / G / name):
        for n, line in enumerate(Path(abspath).read_text(encoding="utf-8").splitlines(), 1):
            for m in EXPECT.finditer(line):
                want.update((rel, n, r.strip()) for r in m.group(1).split(","))
    assert got == want


def test_a_literal_fallback_the_server_compares_is_a_hardcoded_credential():
    g = "defaultcred"
    token = line_of(g, "src/config.ts", "MCP_STATIC_TOKEN")
    admin = line_of(g, "src/index.ts", "const ADMIN_PASSWORD")
    check = line_of(g, "src/index.ts", "token !== config.serverAuth.staticToken")
    login = line_of(g, "src/index.ts", "password === ADMIN_PASSWORD")
    got = _found(g, "hardcoded-credential")
    assert [k for k, _ in got] == [("src/config.ts", token), ("src/index.ts", admin)]
    first, second = got[0][1], got[1][1]
    assert first.engine == "ts" and first.confidence == Confidence.HIGH and first.cwe == ["CWE-798"]
    assert first.message == ("'staticToken' falls back to a string literal when MCP_STATIC_TOKEN is unset, and the "
                             f"server compares it with another value at src/index.ts:{check} (a credential check): "
                             "an unconfigured deployment accepts a secret anyone who reads the source knows")
    assert [(s.location.path, s.location.line) for s in first.flow] == [("src/config.ts", token), ("src/index.ts", check)]
    # a placeholder word is still the password the unconfigured server accepts: medium confidence
    assert second.confidence == Confidence.MEDIUM
    assert second.message.startswith("'ADMIN_PASSWORD' falls back to a string literal (a placeholder word, but the "
                                     "server accepts it all the same) when ADMIN_PASSWORD is unset, and the server "
                                     f"compares it with another value at src/index.ts:{login}")


def test_a_required_token_a_refused_default_and_a_presented_key_are_no_hardcoded_credential():
    out, _ = scan("defaultcred_safe")
    assert [f for f in out.findings if f.rule_id == "hardcoded-credential"] == []
    # the presented key's fallback is in both fixtures and reported in neither
    out, _ = scan("defaultcred")
    upstream = line_of("defaultcred", "src/config.ts", "NOTES_API_KEY")
    assert [f for f in out.findings if f.rule_id == "hardcoded-credential" and f.location.line == upstream] == []


def test_a_log_in_the_failed_token_branch_is_no_secret_in_log_but_one_after_the_check_is():
    g = "defaultcred"
    rejected = line_of(g, "src/index.ts", "401 for ${req.url}")
    after = line_of(g, "src/index.ts", "no session for ${req.url}")
    query = line_of(g, "src/index.ts", "req.query.token")
    got = _found(g, "secret-in-log")
    assert [k for k, _ in got] == [("src/index.ts", after)]
    assert got[0][1].message == (f"the request URL (its query string carries the credential 'token', read at "
                                 f"src/index.ts:{query}) is written to a log by console.warn(); it can carry tokens "
                                 "and credentials")
    assert rejected not in [line for (_p, line), _ in got]
    # the twin keeps only the rejected branch's log: quiet
    assert _found("defaultcred_safe", "secret-in-log") == []


def test_auth_on_another_launch_modules_app_does_not_guard_the_sse_app(tmp_path):
    from mcpaudit import api
    from mcpaudit.config import Config
    import shutil

    g = "twoapps"
    built = line_of(g, "src/transports/sse.ts", "new SSEServerTransport(")
    use = line_of(g, "src/transports/streamableHttp.ts", 'app.use("/mcp", requireApiKey)')
    listen = line_of(g, "src/transports/sse.ts", "app.listen(")
    got = _found(g, "http-transport-no-auth")
    assert [k for k, _ in got] == [("src/transports/sse.ts", built)]
    f = got[0][1]
    assert f.message == ("new SSEServerTransport() serves MCP over HTTP and no authentication is configured for it "
                         "(what there is guards another app: app.use(\"/mcp\", requireApiKey) at "
                         f"src/transports/streamableHttp.ts:{use}, on the app that module builds, which this server's "
                         "module neither loads nor is loaded by) (bound to all interfaces); anyone who reaches it can "
                         "call: restart_service")
    assert (f.location.path, listen) in [(s.location.path, s.location.line) for s in f.flow]
    # the whole audit keeps it although the project has authentication (the posture's http.auth)
    root = tmp_path / g
    shutil.copytree(FIXTURES / G / g, root)
    (root / ".git").mkdir()
    res = api.audit([root], Config(engines=("ts",), cache=False))
    assert [(x.rule_id, x.location.path, x.location.line) for x in res.findings
            if x.rule_id == "http-transport-no-auth"] == [("http-transport-no-auth", "src/transports/sse.ts", built)]


def test_both_apps_with_their_own_check_are_quiet():
    assert _found("twoapps_safe", "http-transport-no-auth") == []


def test_a_graphql_document_the_caller_writes_is_the_raw_query_capability():
    g = "gqlclient"
    _, project = scan(g)
    out, _ = scan(g)
    shop = line_of(g, "src/index.ts", "adminClient.request(query")
    linear = line_of(g, "src/index.ts", "gqlClient.request(document)")
    caps = sorted((c.location.path, c.location.line, c.tool, c.confidence, c.message)
                  for c in out.findings if c.rule_id == "capability-raw-query")
    assert [c[:4] for c in caps] == [("src/index.ts", shop, "query_shopify", Confidence.HIGH),
                                     ("src/index.ts", linear, "linear_graphql", Confidence.HIGH)]
    assert caps[0][4].startswith("tool 'query_shopify' runs query text the caller writes (reads and writes): "
                                 "parameter 'query' reaches adminClient.request() as is")
    assert caps[1][4].startswith("tool 'linear_graphql' runs query text the caller writes (reads and writes): "
                                 "parameter 'document' reaches gqlClient.request() as is")
    assert [f for f in out.findings if f.rule_id == "tool-sql-injection" and f.confidence >= Confidence.MEDIUM] == []


def test_a_constant_document_and_a_value_pasted_into_one_are_not_reported():
    out, _ = scan("gqlclient_safe")
    assert [f for f in out.findings if f.rule_id == "capability-raw-query"] == []
    assert [f for f in out.findings if f.rule_id == "tool-sql-injection" and f.confidence >= Confidence.MEDIUM] == []
