"""General causes of the twenty-seventh TypeScript holdout, reader A (ts27a), each on a fixture of our
own with a twin (``fixtures/typescript/ts27a``):

* a receiver whose origin the code shows - built by a package that is not a SQL library (nano's
  ``couch.db``, ``couch.use(name)``, a project function declared to return nano's
  ``DocumentScope`` or returning what nano built) - is not matched by the sqlite statement rows'
  name pattern (``db.get(id)``); a handle better-sqlite3 built still is (``docstore``);
* nano's raw ``couch.request({ path })`` with a caller value pasted into the path is a path fill
  carrying the configured URL's credential (``docstore``);
* a value returned in a tool's branch of a low-level CallTool handler (``name === Tools.X``, a
  string enum member) is reported under that tool; a secrets manager's record the tool just wrote
  with the caller's own value, and a record's identifier field, are no leak (``secretstore``);
* an SDK login given the operator's password from the environment returns the server's session
  (``logins``);
* a web app of the project's own, in a module of its own, whose routes only keep session records,
  report health and echo is no unauthenticated server of anything (``statusapp``; the twin serves
  files: ``bridgeapp``; an app beside the tools in their module stays one: setupapps, ts18a)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of, scan

from mcpaudit.models import Confidence

G = "ts27a"

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/docstore", f"{G}/secretstore", f"{G}/logins"])


def _only(group: str, rule: str, rel: str, needle: str, tool: str):
    """The one finding of ``rule`` in the group, at the line of ``needle``, for ``tool``."""
    found = by_rule(f"{G}/{group}", rule)
    line = line_of(f"{group}/{rel}", needle, G)
    assert list(found) == [(rel, line)]
    assert found[(rel, line)].tool == tool
    return found[(rel, line)]


# -- docstore: origins override the name pattern; nano's raw request ------------------------------

def test_a_nano_handle_is_no_sqlite_database_but_a_better_sqlite3_one_is():
    sql = by_rule(f"{G}/docstore", "tool-sql-injection")
    assert sorted(sql) == [("index.ts", line_of("docstore/index.ts", "cache.get(`SELECT", G)),
                           ("index.ts", line_of("docstore/index.ts", "db.all(`SELECT", G))]
    f = sql[("index.ts", line_of("docstore/index.ts", "db.all(`SELECT", G))]
    assert f.tool == "search_log"
    assert f.message == ("tool 'search_log' passes parameter 'text' to db.all(): SQL injection "
                         "(the query is a template literal)")
    out, _ = scan(f"{G}/docstore")
    assert not [c for c in out.findings if c.rule_id == "capability-raw-query"]


def test_a_path_pasted_into_nanos_raw_request_carries_the_configured_login():
    f = _only("docstore", "tool-ssrf", "store.ts", "couch.request({ db: name, method: \"delete\"", "drop_view")
    assert f.message.startswith("tool 'drop_view' passes parameter 'view' to couch.request(): server-side request "
                                "forgery; only a weak check on the way: it fills the path under the fixed host couchdb; "
                                "'../' reaches other endpoints of couchdb with the server's credential")


# -- secretstore: branch tools of an enum dispatch; the caller's own records ------------------------

def test_returns_in_an_enum_dispatch_are_the_branch_tools_and_own_records_are_no_leak():
    found = by_rule(f"{G}/secretstore", "secret-in-tool-result")
    show = line_of("secretstore/index.ts", "text: JSON.stringify(secret) }", G)
    mint = line_of("secretstore/index.ts", "JSON.stringify(apiKey)", G)
    assert sorted(found) == [("index.ts", show), ("index.ts", mint)]
    assert found[("index.ts", show)].tool == "show-secret"
    assert found[("index.ts", show)].message == "tool 'show-secret' returned a value containing secret 'secret' to the caller"
    assert found[("index.ts", mint)].tool == "mint-key"
    assert found[("index.ts", mint)].message == "tool 'mint-key' returned a value containing secret 'apiKey' to the caller"


# -- logins: an SDK login with the operator's password ------------------------------------------------

def test_an_sdk_login_with_the_operators_password_returns_the_servers_session():
    f = _only("logins", "secret-in-tool-result", "index.ts",
              "return { content: [{ type: \"text\", text: JSON.stringify(auth) }] };  // expect", "admin_session")
    assert f.message == "tool 'admin_session' returned a value containing secret 'authWithPassword()' to the caller"
    login = line_of("logins/index.ts", "_superusers", G)
    assert (login, "the session authWithPassword() returns for it") in [(s.location.line, s.note) for s in f.flow]


# -- statusapp / bridgeapp: an app whose routes serve nothing -----------------------------------------

def test_an_app_whose_routes_only_keep_records_is_no_open_server(tmp_path):
    quiet = audit_group(tmp_path, f"{G}/statusapp")
    assert not [f for f in quiet.findings if f.rule_id == "http-transport-no-auth"]
    served = audit_group(tmp_path, f"{G}/bridgeapp")
    f = next(f for f in served.findings if f.rule_id == "http-transport-no-auth")
    line = line_of("bridgeapp/notes.ts", "const app = express();", G)
    assert (f.location.path, f.location.line) == ("notes.ts", line)
    assert f.confidence == Confidence.MEDIUM
    assert f.message.startswith(f"a web server of the project's own listens on every interface (notes.ts:{line})")
