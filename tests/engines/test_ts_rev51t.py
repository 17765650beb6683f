"""Stop 51 (rev51t), the review of stop 50's TypeScript modules: cases a module wrongly silenced,
each with a counter-example fixture under ``fixtures/typescript/rev51t`` and its safe twin.

* ``routegate`` / ``pathgate``: a middleware that answers 401 guards the routes it is installed
  on, not the app: a route's own middleware (``app.post("/admin/reindex", requireAdmin, h)``)
  and a path-scoped install (``app.use("/admin", requireAdmin)``) leave the ``/mcp`` route open
  (ts/hookauth.py, ts50a read both as app-wide authentication). Twins: the same middleware on
  the MCP route itself (``routegate_safe``, read now in a module with no other word of
  authentication too) and ``app.use("/mcp", requireAdmin)`` (``pathgate_safe``).
* ``routergate``: ``admin.use(requireAdmin)`` on an ``express.Router()`` mounted with
  ``app.use("/admin", admin)`` guards ``/admin`` only (ts/hookauth.py read the receiver as the
  app). Twin: the router mounted at ``/mcp`` (``routergate_safe``).
* ``samename``: ``app.use(checkApiKey)`` imported from a module whose own ``checkApiKey`` hands
  every request on is no authentication because a separate tool of the repository has a
  rejecting function of the same name (ts/hookauth.py matched the installed name anywhere in the
  project). Twin: imported through a barrel that re-exports the rejecting one
  (``samename_barrel``, quiet: a module that does not define the name falls back to the name).
* ``tokenimport``: a bare ``token`` argument whose schema, imported from another module, calls
  it an API token used to authenticate is a credential (ts/tokenparams.py read the handler's own
  module only, and found no description: no credential). Twin: the imported schema calls it a
  pagination token (``tokenimport_safe``).
* ``zodkeys_nonstrict``: zod 3's ``.nonstrict()`` keeps the caller's keys as ``.passthrough()``
  does (ts/zodkeys.py).
* ``zodkeys_jsontext``: a ``z.string().optional()`` field has no keys to declare (ts50c read only
  the chain's last call, ``.optional()``): ``Object.keys(JSON.parse(changes))`` are the caller's
  (ts/zodkeys.py ``_keyed``). Twin: the same tool with ``changes`` a stripped ``z.object`` (quiet).
* ``nullorigin_corsfile``: another module's middleware exposes ``Mcp-Session-Id`` to the pages
  the Origin check admits, ``null`` included (ts/nullorigin.py read the transport's module only).
  Twin: ts50c's ``nullorigin_safe`` (nothing exposed anywhere) stays low.
* ``gateelse_safe``: ``if (config.KEY && config.KEY.length > 0) { ...401... } else { return
  res.status(503)... }`` refuses every request while the key is unset: required authentication,
  not optional (ts/secretgate.py read only 401/403/throw/Unauthorized as a refusing else). The
  twin that only warns in the else is ts50b's ``gatechain`` (still reported as optional).
* ``normaliser_multiline``: a normaliser's branch test anchored at ``^`` with the ``m`` flag
  (``/^notes:/m``) can match after a newline in a resolved path; the branch mapping the path under
  the root is followed and the function is no normaliser (ts/normalisers.py, rev50's item
  ``normalisers.py:182``). Twin: the same test without the flag (``normaliser_multiline_safe``).
"""

from __future__ import annotations

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of

G = "rev51t"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/tokenimport", f"{G}/tokenimport_safe", f"{G}/normaliser_multiline", f"{G}/normaliser_multiline_safe",
     f"{G}/zodkeys_jsontext", f"{G}/zodkeys_jsontext_safe"])

_OPEN = ("new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication is configured anywhere in "
         "the project (bound to all interfaces); anyone who reaches it can call: archive_notes")


def _no_auth(tmp_path, group):
    res = audit_group(tmp_path / group.replace("/", "-"), group, engines=("ts", "cst"), low=True)
    return [(f.rule_id, f.location.path, f.location.line, f.confidence, f.message)
            for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_middleware_on_another_route_or_path_does_not_guard_the_mcp_route(tmp_path):
    for twin in ("routegate", "pathgate", "routergate"):
        g = f"{G}/{twin}"
        assert _no_auth(tmp_path, g) == [
            ("http-transport-no-auth", "src/mcp.ts",
             line_of("src/mcp.ts", "const transport = new StreamableHTTPServerTransport(", g), Confidence.MEDIUM, _OPEN)], twin


def test_a_middleware_on_the_mcp_route_or_its_path_guards_it(tmp_path):
    for twin in ("routegate_safe", "pathgate_safe", "routergate_safe"):
        assert _no_auth(tmp_path, f"{G}/{twin}") == [], twin


def test_an_installed_name_is_the_imported_modules_function(tmp_path):
    g = f"{G}/samename"
    [(rule, path, line, conf, msg)] = _no_auth(tmp_path, g)
    assert (rule, path, line, conf) == ("http-transport-no-auth", "src/index.ts",
                                        line_of("src/index.ts", "const app = express()", g), Confidence.MEDIUM)
    assert msg.startswith("MCP is served over HTTP (src/index.ts:5: ")
    assert "no authentication is configured anywhere in the project" in msg
    assert msg.endswith("anyone who reaches it can call: archive_notes")
    assert _no_auth(tmp_path, f"{G}/samename_barrel") == []


def test_scoped_installs_record_their_path():
    from mcpaudit.analysis.ts import parse
    from mcpaudit.analysis.ts.hookauth import INLINE_OTHER, PENDING, PREFIX, SCOPE, _scoped_out, _use_installs

    src = (b'app.use(checkApiKey);\napp.use("/admin", requireAdmin);\n'
           b'app.post("/admin/x", requireAdmin, (req, res) => res.json({}));\n'
           b'app.post("/mcp", requireKey, handleMcp);\n')
    recs = sorted(_use_installs(src, parse.parse(src, "x.ts").root_node), key=lambda r: r["pos"][0])
    got = [(r["pos"][0], r[PENDING], r.get(SCOPE), r.get(PREFIX), r.get(INLINE_OTHER)) for r in recs]
    assert got == [(1, "checkApiKey", None, None, None), (2, "requireAdmin", "/admin", True, None),
                   (3, "requireAdmin", "/admin/x", False, True), (4, "requireKey", "/mcp", False, None)]
    # with the MCP routes known: only installs on them (or above them) stay
    assert [_scoped_out(r, ["/mcp"]) for r in recs] == [False, True, True, False]
    assert [_scoped_out(r, ["/admin/mcp"]) for r in recs] == [False, False, True, True]
    # none known: a route whose own handler serves no MCP is left out, the rest kept as before
    assert [_scoped_out(r, []) for r in recs] == [False, False, True, False]
    router = b'const admin = express.Router();\nadmin.use(requireAdmin);\napp.use("/admin", admin);\n'
    [rec] = [r for r in _use_installs(router, parse.parse(router, "x.ts").root_node) if r[PENDING] == "requireAdmin"]
    assert (rec[SCOPE], rec[PREFIX]) == ("/admin", True)


def test_a_bare_token_described_as_a_credential_in_an_imported_schema_is_one():
    g = f"{G}/tokenimport"
    [((path, line), f)] = by_rule(g, "secret-in-log").items()
    assert (path, line) == ("src/handlers.ts", line_of("src/handlers.ts", 'console.error("listing hooks"', g))
    assert f.message == "secret 'args.token' is written to a log by console.error()"
    assert by_rule(f"{G}/tokenimport_safe", "secret-in-log") == {}


def test_shared_token_fields_name_each_schema():
    from mcpaudit.analysis.ts.tokenparams import TOKENS, exported_token_fields
    from test_ts_engine import FIXTURES

    for twin, verdict in (("tokenimport", "1"), ("tokenimport_safe", "0")):
        root = FIXTURES / G / twin
        files = [(p.relative_to(root).as_posix(), p.read_bytes()) for p in sorted(root.rglob("*.ts"))]
        assert exported_token_fields(files) == {TOKENS: f"src/schemas#listHooksSchema={verdict}"}, twin


def test_a_nonstrict_zod_object_keeps_the_callers_keys(tmp_path):
    g = f"{G}/zodkeys_nonstrict"
    res = audit_group(tmp_path, g)
    [f] = [f for f in res.findings if f.rule_id == "tool-sql-injection"]
    assert (f.location.path, f.location.line, f.tool) == ("service.ts", line_of("service.ts", "await session.run(", g),
                                                          "update_project")
    assert f.message == ("tool 'update_project' passes parameter 'projects' to session.run(): SQL injection (the "
                         "query is a template literal)")
    assert ("service.ts", line_of("service.ts", "for (const [key, value] of Object.entries(updates))", g)) in \
        [(s.location.path, s.location.line) for s in f.flow]


def test_keys_of_a_parsed_optional_string_field_are_the_callers():
    g = f"{G}/zodkeys_jsontext"
    [((path, line), f)] = by_rule(g, "tool-sql-injection").items()
    assert (path, line, f.tool) == ("server.ts", line_of("server.ts", "db.prepare(`UPDATE notes SET", g), "update_note")
    assert f.message.startswith("tool 'update_note' passes parameter 'changes' to ")
    assert "SQL injection" in f.message
    assert ("server.ts", line_of("server.ts", "for (const key of Object.keys(parsed))", g)) in \
        [(s.location.path, s.location.line) for s in f.flow]
    assert by_rule(f"{G}/zodkeys_jsontext_safe", "tool-sql-injection") == {}


def test_a_session_header_exposed_by_another_module_keeps_the_null_origin_open(tmp_path):
    g = f"{G}/nullorigin_corsfile"
    res = audit_group(tmp_path, g, engines=("ts", "cst"), low=True)
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    test = line_of("server.ts", 'origin === "null"', g)
    assert (f.location.path, f.location.line, f.confidence) == (
        "server.ts", line_of("server.ts", "transport = new StreamableHTTPServerTransport(", g), Confidence.MEDIUM)
    assert (f"through DNS rebinding, from web pages, since the Origin check at server.ts:{test} admits Origin 'null', "
            "which a sandboxed iframe on any web page sends") in f.message
    assert [(s.location.line, s.note) for s in f.flow if "Origin 'null'" in s.note] == [
        (test, "admits Origin 'null' (a sandboxed iframe on any web page)")]


def test_an_else_answering_an_error_status_makes_the_gate_required(tmp_path):
    assert _no_auth(tmp_path, f"{G}/gateelse_safe") == []
    [(rule, path, line, conf, msg)] = _no_auth(tmp_path, "ts50b/gatechain")
    assert (rule, path) == ("http-transport-no-auth", "src/server.ts")
    assert "authentication is optional" in msg


def test_a_multiline_anchor_is_no_proof_a_resolved_path_skips_the_branch():
    g = f"{G}/normaliser_multiline"
    [((path, line), f)] = by_rule(g, "tool-path-traversal").items()
    assert (path, line, f.tool, f.confidence) == (
        "src/server.ts", line_of("src/server.ts", "await fs.readFile(real,", g), "read_note", Confidence.HIGH)
    assert f.message == ("tool 'read_note' passes parameter 'name' to fs/promises.readFile(): path traversal / "
                         "arbitrary file access")
    assert by_rule(f"{G}/normaliser_multiline_safe", "tool-path-traversal") == {}
