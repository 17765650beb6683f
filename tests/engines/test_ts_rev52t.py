"""Stop 52 (rev52t), the review of stop 51's TypeScript modules: cases a module wrongly silenced
or misnamed, each with a counter-example fixture under ``fixtures/typescript/rev52t`` and its
safe twin.

* ``mapfields_pushed``: a list a ``map`` callback built, then given another element in place
  (``all.push({ filepath: extra })``) before a pick (``all.pop()``): the picked element may be
  the pushed one (ts/mapfields.py kept the callback's returns as the only elements). Twin
  ``mapfields_pushed_safe``: the caller's name pushed onto another list; the picked list keeps
  its per-property reading (the caller's name beside the server's own path: quiet).
* ``zodkeys_tuplerest`` / ``zodkeys_tuplerest_method``: a tuple's rest schema
  (``z.tuple([A], z.record(...))``, ``z.tuple([A]).rest(z.record(...))``) admits objects with the
  caller's keys (ts/zodkeys.py read the items only, rev51t's item). Twin ``zodkeys_tuple_safe``
  (the second item a stripped ``z.object``: quiet).
* ``zodkeys_nestedjson``: ``JSON.parse(update.meta)`` of a string field of a declared object: its keys
  are the caller's (the field's ``DECLARED_KEYS`` rode on the whole value, rev51t's item; now the
  object a parse or ``Object.fromEntries`` makes carries ``NEW_KEYS``). Twin ``zodkeys_nested_safe``
  (``meta`` a stripped ``z.object``: quiet).
* ``nullorigin_callbackfirst``: a stateful Streamable HTTP transport whose ``sessionIdGenerator``
  follows an ``onsessioninitialized: (id) => { ... }`` callback (ts/nullorigin.py's ``[^}]*?``
  stopped at the callback's brace, rev51t's item): the ``null``-origin page cannot read its
  session, so the finding is low as for ts50c's ``nullorigin_safe``. Twin
  ``nullorigin_callbackfirst_exposed`` (CORS exposes ``Mcp-Session-Id``: medium).
* ``routegate_const_safe``: ``app.post(MCP_PATH, requireAdmin, handler)`` with ``const MCP_PATH =
  "/mcp"``: the middleware guards the MCP route (ts/hookauth.py read a route's middleware only
  after a literal path, rev51t's item; main reported the transport as unauthenticated). Twin
  ``routegate_const``: the middleware on ``app.post(REINDEX_PATH, ...)``, ``"/admin/reindex"``,
  guards that route only (reported).
* ``basedispatch_unbuilt``: ``adapter.countRows(t)`` on a factory's ``Adapter`` dispatched to every
  subclass, also ``ShellAdapter`` that nothing in the project builds (ts/basedispatch.py): its
  ``execSync`` was a critical finding of a tool that never runs it. Now the subclasses some
  ``new`` builds are preferred. Twin ``basedispatch_built`` (the factory builds it for ``csv``:
  reported).
* ``forbidelse``: ``if (provided === serviceKey) { next(); } else { res.status(403)... }``: the
  refusal in the else of a credential test is authentication (ts/forbidauth.py read the ``if``
  arm only; main reported the transport). Twin ``forbidelse_open`` (the else answers an Origin
  test, the key is an upstream's: reported).
* ``livetools_computed``: the loader reads the commands index by a computed path
  (``await import(path.join(here, "commands", "index.js"))``) and the entry imports one tool class
  itself: ts/livetools.py preferred the classes the entry's walk reached (``health`` only) and
  dropped ``git_show`` (a shell injection) and ``read_note``, which main before stop 51 found.
  Now a computed load whose argument names the module (or folder) by literal parts is an edge of
  the walk. Twin ``livetools_oldcomputed``: ts51b's ``deadtree`` whose unreached old index loads
  plugins by a template name: the old tree's classes stay no tools.
* ``forbidbudget``: a 403 refusing a request over its token budget (``maxTokens > MAX_TOKENS``) is
  no credential test (ts/forbidauth.py's ``_CRED`` read ``token`` in the language model's token
  count; the module's Authorization read, passed on upstream, then counted as authentication:
  quiet on main, reported before stop 51). Twin: ts51a's ``forbidkey`` (a key compared: quiet).
* ``laterguard_other`` / ``laterguard_consts`` (ts/guardderived.py, examined): a refusal of
  ``..`` in the name after ``join(folder, name)`` narrows the name only, the caller's folder
  stays (reported, parameter ``folder``); with the server's own folder the read is quiet.
"""

from __future__ import annotations

import test_ts_engine
from mcpaudit.models import Confidence
from test_ts_engine import audit_group, audit_low, line_of

G = "rev52t"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/mapfields_pushed", f"{G}/mapfields_pushed_safe", f"{G}/laterguard_other", f"{G}/laterguard_consts",
     f"{G}/zodkeys_tuplerest", f"{G}/zodkeys_tuplerest_method", f"{G}/zodkeys_tuple_safe",
     f"{G}/basedispatch_unbuilt", f"{G}/basedispatch_built", f"{G}/zodkeys_nestedjson", f"{G}/zodkeys_nested_safe",
     f"{G}/livetools_computed", f"{G}/livetools_oldcomputed"])


def _rows(tmp_path, group, rule):
    res = audit_group(tmp_path, group)
    return [(f.location.path, f.location.line, f.tool, f.message) for f in res.findings if f.rule_id == rule]


def test_a_pushed_element_may_be_the_picked_one(tmp_path):
    g = f"{G}/mapfields_pushed"
    assert _rows(tmp_path, g, "tool-path-traversal") == [
        ("server.ts", line_of("server.ts", "await fs.readFile(last.filepath)", g), "latest_clip",
         "tool 'latest_clip' passes parameter 'file' to fs/promises.readFile(): path traversal / arbitrary file access")]


def test_a_push_onto_another_list_keeps_the_picked_elements_apart(tmp_path):
    assert _rows(tmp_path, f"{G}/mapfields_pushed_safe", "tool-path-traversal") == []


def test_a_refusal_of_the_name_leaves_the_callers_folder(tmp_path):
    g = f"{G}/laterguard_other"
    assert _rows(tmp_path, g, "tool-path-traversal") == [
        ("server.ts", line_of("server.ts", 'fs.readFileSync(full, "utf8")', g), "read_note",
         "tool 'read_note' passes parameter 'folder' to fs.readFileSync(): path traversal / arbitrary file access")]
    assert _rows(tmp_path, f"{G}/laterguard_consts", "tool-path-traversal") == []


def test_a_tuples_rest_schema_keeps_the_callers_keys(tmp_path):
    for g in (f"{G}/zodkeys_tuplerest", f"{G}/zodkeys_tuplerest_method"):
        assert _rows(tmp_path / g.replace("/", "-"), g, "tool-sql-injection") == [
            ("server.ts", line_of("server.ts", "db.prepare(`UPDATE notes SET", g), "update_note",
             "tool 'update_note' passes parameter 'update' to db.prepare(): SQL injection (the query is a template literal)")], g
    assert _rows(tmp_path, f"{G}/zodkeys_tuple_safe", "tool-sql-injection") == []


def _transport(res):
    [f] = [f for f in res.findings if f.rule_id == "http-transport-no-auth"]
    return f


def test_a_session_generator_after_a_callback_keeps_the_session_hidden(tmp_path):
    g = f"{G}/nullorigin_callbackfirst"
    f = _transport(audit_low(tmp_path, g))
    assert (f.location.path, f.location.line) == ("server.ts", line_of("server.ts", "transport = new StreamableHTTPServerTransport({", g))
    assert f.confidence == Confidence.LOW
    assert "admits Origin 'null'" not in f.message
    assert not [s for s in f.flow if "Origin 'null'" in s.note]


def test_the_exposed_session_header_keeps_the_null_origin_open(tmp_path):
    g = f"{G}/nullorigin_callbackfirst_exposed"
    f = _transport(audit_group(tmp_path, g))
    test = line_of("server.ts", 'origin === "null"', g)
    assert f.confidence == Confidence.MEDIUM
    assert [(s.location.line, s.note) for s in f.flow if "Origin 'null'" in s.note] == [
        (test, "admits Origin 'null' (a sandboxed iframe on any web page)")]


_OPEN = ("new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication is configured anywhere in "
         "the project (bound to all interfaces); anyone who reaches it can call: archive_notes")


def _no_auth(tmp_path, group):
    res = audit_group(tmp_path / group.replace("/", "-"), group, engines=("ts", "cst"), low=True)
    return [(f.rule_id, f.location.path, f.location.line, f.confidence, f.message)
            for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_route_middleware_after_a_constant_path_guards_that_route(tmp_path):
    assert _no_auth(tmp_path, f"{G}/routegate_const_safe") == []
    g = f"{G}/routegate_const"
    assert _no_auth(tmp_path, g) == [
        ("http-transport-no-auth", "src/mcp.ts", line_of("src/mcp.ts", "const transport = new StreamableHTTPServerTransport(", g),
         Confidence.MEDIUM, _OPEN)]


def test_exported_schemas_reads_a_long_module_in_linear_time():
    """ts/sharedschemas.py decoded the module's prefix once per exported constant (8,000 constants
    of a 750 kB module: 46 s on main at load 18, 2 s here); the offsets stay right past non-ASCII text."""
    import time

    from mcpaudit.analysis.ts.sharedschemas import SAFE_SCHEMA, exported_schemas

    data = "".join(f'export const S{i} = z.enum(["a", "b"]).describe("é {i}");\nexport const T{i} = z.string();\n'
                   for i in range(8000)).encode()
    exported_schemas("src/warm.ts", b'export const A = z.enum(["a"]);\n')
    t = time.perf_counter()
    out = exported_schemas("src/schemas.ts", data)
    assert time.perf_counter() - t < 15
    assert out["src/schemas#S7999"] == SAFE_SCHEMA and "src/schemas#T7999" not in out
    assert len([k for k in out if k.startswith("src/schemas#")]) == 8000


def test_an_override_nothing_builds_runs_for_no_tool(tmp_path):
    assert _rows(tmp_path, f"{G}/basedispatch_unbuilt", "tool-shell-injection") == []
    g = f"{G}/basedispatch_built"
    res = audit_group(tmp_path / "built", g)
    [f] = [f for f in res.findings if f.rule_id == "tool-shell-injection"]
    assert (f.location.path, f.location.line, f.tool) == (
        "src/adapters.ts", line_of("src/adapters.ts", "execSync(`wc -l /data/${table}.csv`)", g), "count_rows")
    assert f.message == "tool 'count_rows' passes parameter 'table' to child_process.execSync(): OS command injection"
    assert f.flow[0].location.path == "src/server.ts" and f.flow[0].note == \
        "parameter 'table' of MCP tool 'count_rows' (caller-controlled)"


def _auth_rows(tmp_path, group):
    res = audit_group(tmp_path / group.replace("/", "-"), group, engines=("ts", "cst"), low=True)
    return [(f.rule_id, f.location.path, f.location.line, f.confidence, f.message)
            for f in res.findings if f.rule_id in ("http-transport-no-auth", "http-no-auth")]


def test_a_403_in_the_else_of_a_credential_test_authenticates(tmp_path):
    assert _auth_rows(tmp_path, f"{G}/forbidelse") == []
    g = f"{G}/forbidelse_open"
    assert _auth_rows(tmp_path, g) == [
        ("http-transport-no-auth", "src/index.ts", line_of("src/index.ts", "new StreamableHTTPServerTransport(", g),
         Confidence.MEDIUM, "new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication is "
         "configured anywhere in the project (bound to all interfaces); anyone who reaches it can call: quote")]


def test_the_keys_of_a_parsed_string_field_are_the_callers(tmp_path):
    g = f"{G}/zodkeys_nestedjson"
    assert _rows(tmp_path, g, "tool-sql-injection") == [
        ("server.ts", line_of("server.ts", "db.prepare(`UPDATE notes SET", g), "update_note",
         "tool 'update_note' passes parameter 'update' to db.prepare(): SQL injection (the query is a template literal)")]
    assert _rows(tmp_path / "safe", f"{G}/zodkeys_nested_safe", "tool-sql-injection") == []


def _tool_names(res):
    return sorted(t.name for t in res.tools if t.kind == "tool")


def test_a_computed_load_in_the_entrys_walk_keeps_every_tool_class(tmp_path):
    g = f"{G}/livetools_computed"
    res = audit_group(tmp_path, g)
    assert _tool_names(res) == ["git_show", "health", "read_note"]
    [f] = [f for f in res.findings if f.rule_id == "tool-shell-injection"]
    assert (f.location.path, f.location.line) == ("src/commands/gitShow.ts",
                                                  line_of("src/commands/gitShow.ts", "await run(`git show", g))
    assert f.message == "tool 'git_show' passes parameter 'arguments['ref']' to child_process.exec(): OS command injection"


def test_a_computed_load_outside_the_walk_keeps_the_preference(tmp_path):
    res = audit_group(tmp_path, f"{G}/livetools_oldcomputed")
    assert _tool_names(res) == ["git_show", "read_note"]


def test_a_403_on_a_token_budget_is_no_credential_refusal(tmp_path):
    g = f"{G}/forbidbudget"
    [(rule, path, line, conf, msg)] = _auth_rows(tmp_path, g)
    assert (rule, path, line, conf) == ("http-transport-no-auth", "src/index.ts",
                                        line_of("src/index.ts", "const app = express();", g), Confidence.MEDIUM)
    assert msg.endswith("and no authentication is configured anywhere in the project; anyone who reaches it can call: "
                        "summarise")
    assert _auth_rows(tmp_path / "twin", "ts51a/forbidkey") == []

    from mcpaudit.analysis.ts import parse
    from mcpaudit.analysis.ts.forbidauth import forbids_on_credential

    def f(src: bytes) -> bool:
        return forbids_on_credential(src, parse.parse(src, "a.ts").root_node)

    assert not f(b"app.use((req, res, next) => { const used = countTokens(req.body); "
                 b"if (used > MAX_TOKENS) { res.status(403).end(); return; } next(); });")
    assert f(b"app.use((req, res, next) => { const token = req.headers.authorization; "
             b"if (token !== KEY) { res.status(403).end(); return; } next(); });")
