"""Causes of the TypeScript holdout 45 (issue 14, ts58b; fixtures under ``fixtures/ts58b``).

* ``nstools``/``nstools_safe``: tools registered in a loop over the values of a namespace import
  (``import * as tools from "../tools/index.js"; for (const tool of Object.values(tools))
  server.registerTool(tool.name, cfg, cb)``, ``cb`` calling ``tool.toolCallback(args)``), each tool an
  exported object literal (or an instance of a tool class) re-exported by the index (``export { x }
  from``, ``export * from``):
  the namespace's exported objects are the loop's elements (``analysis/ts/listloops.py``
  ``namespace_exports``), so the raw-query tool's ``prisma.$queryRawUnsafe(sql)`` is its
  capability. The twin's tools bind their values (``$queryRaw`` template): tools, no capability.
* ``dbtls``/``dbtls_safe``: a database driver told to trust any server certificate
  (mssql/tedious ``trustServerCertificate: true``, mongodb ``tlsAllowInvalidCertificates``,
  ``sslmode=no-verify`` in a pg connection string, a trust flag on unless the operator writes
  "false"): ``tls-verify-disabled`` (``rules/semgrep/tls-verify-disabled-ts.yaml``). The twin
  verifies, trusts only when an environment variable says "true", or behind an opt-in switch
  (audit view, ``engines/semgrep/optin_tls_ts.py``).
* ``sharedclient``/``sharedclient_safe``: an axios instance built with the server's credential in
  one module (an exported ``const``, a getter returning it, a factory returning
  ``axios.create({ auth })``) and used by a tool of another module with the caller's whole URL: a
  default ``tool-ssrf`` naming the credential (``analysis/ts/exportedclients.py``; the
  same-module case is ts57d's). The twin: the credentialed client under its base URL with the
  caller's id in the path, an exported client with no credential, and a factory given the
  caller's own token: capabilities only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.engines._subprocess import find_executable
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ts58b"

needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep not installed")


def _audit(tmp_path, name: str, engines=("ts",)):
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    (root / ".git").mkdir()
    return api.audit([root], Config(engines=engines, cache=False, min_confidence=Confidence.LOW))


def _line(name: str, rel: str, needle: str) -> int:
    lines = (FIXTURES / name / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(lines, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _rows(items, rule: str):
    return [(f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in sorted(items, key=lambda f: (f.location.path, f.location.line)) if f.rule_id == rule]


# -- tools registered in a loop over a namespace import ---------------------------------------

def test_tools_of_a_namespace_import_registered_in_a_loop_are_found(tmp_path):
    n = "nstools"
    res = _audit(tmp_path, n)
    assert sorted(t.name for t in res.tools) == ["list-tables", "raw-query", "run-statement"]
    line = _line(n, "src/tools/raw-query.service.ts", "await prisma.$queryRawUnsafe(sql)")
    inst = _line(n, "src/tools/run-statement.tool.ts", "await prisma.$executeRawUnsafe(statement)")
    rows = _rows(res.capabilities, "capability-raw-query")
    assert [r[:4] for r in rows] == [("src/tools/raw-query.service.ts", line, "raw-query", Confidence.HIGH),
                                     ("src/tools/run-statement.tool.ts", inst, "run-statement", Confidence.HIGH)]
    assert rows[0][4].startswith(
        "tool 'raw-query' runs query text the caller writes (reads and writes): parameter 'sql' "
        "reaches prisma.$queryRawUnsafe() as is")
    # an exported instance of a tool class, re-exported with `export *`
    assert rows[1][4].startswith(
        "tool 'run-statement' runs query text the caller writes (reads and writes): parameter 'statement' "
        "reaches prisma.$executeRawUnsafe() as is")
    assert not [f for f in res.findings if f.confidence > Confidence.LOW]


def test_namespace_tools_that_bind_their_values_have_no_raw_query(tmp_path):
    res = _audit(tmp_path, "nstools_safe")
    by_name = {t.name: t for t in res.tools}
    assert sorted(by_name) == ["list-tables", "row-count"]
    assert [p.name for p in by_name["row-count"].parameters] == ["owner"]
    assert by_name["row-count"].description == "Count the orders of one owner"
    assert not res.capabilities
    assert not [f for f in res.findings if f.confidence > Confidence.LOW]


# -- TLS verification off in database driver configs ------------------------------------------

@needs_semgrep
def test_database_drivers_trusting_any_certificate_are_reported(tmp_path):
    n = "dbtls"
    res = _audit(tmp_path, n, engines=("semgrep",))
    rel = "src/db.ts"
    want = [
        _line(n, rel, "    trustServerCertificate: true,") - 2,  # its object: `options: {`
        _line(n, rel, "export const mongo = new MongoClient("),
        _line(n, rel, "sslmode=no-verify"),
        _line(n, rel, 'trustServerCertificate: process.env.REPORTS_VERIFY_TLS !== "false"'),
    ]
    rows = _rows(res.findings, "tls-verify-disabled")
    assert [(r[0], r[1], r[3]) for r in rows] == [(rel, ln, Confidence.HIGH) for ln in want]
    for r in rows:
        assert "a database driver told to trust any server certificate" in r[4]


@needs_semgrep
def test_database_drivers_that_verify_or_trust_only_on_opt_in_stay_quiet(tmp_path):
    n = "dbtls_safe"
    res = _audit(tmp_path, n, engines=("semgrep",))
    rel = "src/db.ts"
    rows = _rows(res.findings, "tls-verify-disabled")
    line = _line(n, rel, "options: allowSelfSigned ? { encrypt: true, trustServerCertificate: true }")
    assert [(r[0], r[1], r[3]) for r in rows] == [(rel, line, Confidence.LOW)]
    assert rows[0][4].endswith(
        "certificate checking is off only where allowSelfSigned holds, a switch that is off unless set "
        '(allowSelfSigned = process.env.DB_ALLOW_SELF_SIGNED === "true" at line 34): an explicit opt-out, '
        "not the default (audit view)")


# -- a credentialed client of another module -----------------------------------------------------

SENT = "server-side request forgery (the request carries the server's credential '{}' to the host the caller chooses)"


def test_a_credentialed_client_of_another_module_sends_its_credential_to_the_callers_url(tmp_path):
    n = "sharedclient"
    res = _audit(tmp_path, n)
    rel = "src/index.ts"
    rows = [r for r in _rows(res.findings, "tool-ssrf") if r[3] > Confidence.LOW]
    assert rows == [
        (rel, _line(n, rel, "await trackerApi.get(url)"), "get_attachment", Confidence.HIGH,
         "tool 'get_attachment' passes parameter 'url' to trackerApi.get(): " + SENT.format("trackerApi.headers")),
        (rel, _line(n, rel, "await getTrackerApi().get(issue_url)"), "get_linked_issue", Confidence.HIGH,
         "tool 'get_linked_issue' passes parameter 'issue_url' to getTrackerApi().get(): "
         + SENT.format("getTrackerApi().headers")),
        (rel, _line(n, rel, "await wiki.get(page_url)"), "get_page", Confidence.HIGH,
         "tool 'get_page' passes parameter 'page_url' to wiki.get(): " + SENT.format("wiki.auth")),
    ]


def test_a_shared_client_under_its_base_without_credential_or_with_the_callers_token_stays_a_capability(tmp_path):
    n = "sharedclient_safe"
    res = _audit(tmp_path, n)
    rel = "src/index.ts"
    assert not [f for f in res.findings if f.confidence > Confidence.LOW]
    rows = _rows(res.capabilities, "capability-network-request")
    assert [r[:3] for r in rows] == [
        (rel, _line(n, rel, "await publicHttp.get(url)"), "fetch_page"),
        (rel, _line(n, rel, "await createUserClient(token).get(url)"), "get_as_user"),
    ]
    assert rows[0][4].startswith("tool 'fetch_page' fetches any URL the caller gives: parameter 'url' reaches "
                                 "publicHttp.get() as is")
