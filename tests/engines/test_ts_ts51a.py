"""Stop 51 (ts51a), causes of wrong rows of the thirty-seventh TypeScript holdout:

* a middleware that compares the caller's Bearer token (or key) with the server's key and turns a
  mismatch away with ``res.status(403)`` authenticates the HTTP transport, as a 401 does
  (``forbidkey``, ts/forbidauth.py). A 403 after an Origin check, and a client that tests its
  upstream's ``res.status === 403`` after sending its own key, are no authentication (``forbidkey_open``).
"""

from __future__ import annotations

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of, scan


def _no_auth(tmp_path, group):
    res = audit_group(tmp_path, group, engines=("ts", "cst"), low=True)
    return [(f.rule_id, f.location.path, f.location.line, f.confidence, f.message)
            for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_403_refusal_of_a_wrong_key_is_authentication(tmp_path):
    assert _no_auth(tmp_path, "ts51a/forbidkey") == []


def test_a_403_after_an_origin_check_or_from_an_upstream_is_no_authentication(tmp_path):
    g = "ts51a/forbidkey_open"
    [(rule, path, line, conf, msg)] = _no_auth(tmp_path, g)
    assert (rule, path, line, conf) == ("http-transport-no-auth", "src/index.ts",
                                        line_of("src/index.ts", "new StreamableHTTPServerTransport(", g), Confidence.MEDIUM)
    assert msg == ("new StreamableHTTPServerTransport() serves MCP over HTTP and no authentication is configured "
                   "anywhere in the project (bound to all interfaces); anyone who reaches it can call: quote")


def test_forbids_on_credential_needs_a_response_call_under_a_credential_test():
    from mcpaudit.analysis.ts import parse
    from mcpaudit.analysis.ts.forbidauth import forbids_on_credential

    def f(src: bytes) -> bool:
        return forbids_on_credential(src, parse.parse(src, "x.ts").root_node)

    assert f(b"function g(req, res) { const t = req.headers['x-api-key']; if (t !== k) { res.sendStatus(403); } }")
    assert f(b"app.use((c, next) => { if (c.req.header('Authorization') !== want) return c.json({}, 403); });")
    assert f(b"function g(req, res) { if (!validToken(req)) { res.statusCode = 403; res.end(); return; } }")
    assert not f(b"function g(req, res) { if (req.headers.origin !== o) { res.status(403).end(); } }")
    assert not f(b"async function g() { const r = await fetch(u, { headers: { Authorization: t } });"
                 b" if (r.status === 403 && token) { throw new Error('403'); } }")


def _rows(tmp_path, group, rule):
    res = audit_group(tmp_path, group)
    return [(f.location.path, f.location.line, f.tool, f.message) for f in res.findings if f.rule_id == rule]


def test_an_imported_zod_enum_keeps_its_narrowing(tmp_path):
    assert _rows(tmp_path, "ts51a/sharedenum", "tool-ssrf") == []


def test_an_imported_zod_string_is_free_text(tmp_path):
    g = "ts51a/sharedenum_text"
    assert _rows(tmp_path, g, "tool-ssrf") == [
        ("src/tools/tiles.ts", line_of("src/tools/tiles.ts", "const response = await fetch(url", g), "static-tile",
         "tool 'static-tile' passes parameter 'style' to fetch(): server-side request forgery; only a weak check on "
         "the way: it fills the path under the fixed host tiles.example.com; '../' reaches other endpoints of "
         "tiles.example.com with the server's credential (a secret of the server's in the URL)")]


def test_exported_schemas_keep_only_chains_that_admit_no_text():
    from mcpaudit.analysis.ts.sharedschemas import SAFE_SCHEMA, exported_schemas

    src = (b'export const style = z\n  // see https://x.example/styles\n  .enum(["a", "b"])\n'
           b'  .describe("see https://x.example/a").default("a");\n'
           b'export const free = z.string().describe("x");\n'
           b'export const widened = z.enum(["a"]).or(z.string());\n'
           b'export const id: z.ZodString = z.string().uuid()\n'
           b'export const zoom = z.number()\n  .min(0);\n'
           b'export const other = 5;\n')
    assert exported_schemas("src/schemas.ts", src) == {
        "src/schemas#style": SAFE_SCHEMA, "src/schemas#id": SAFE_SCHEMA, "src/schemas#zoom": SAFE_SCHEMA}


def test_a_refusal_after_a_join_of_the_checked_name_guards_the_joined_path(tmp_path):
    assert _rows(tmp_path, "ts51a/laterguard", "tool-path-traversal") == []


def test_a_joined_path_used_before_the_refusal_stays_unchecked(tmp_path):
    g = "ts51a/laterguard_used"
    assert _rows(tmp_path, g, "tool-path-traversal") == [
        ("server.ts", line_of("server.ts", "const stream = fs.createReadStream(filepath)", g), "GET /shots/:filename",
         "tool 'GET /shots/:filename' passes parameter 'params['filename']' to fs.createReadStream(): "
         "path traversal / arbitrary file access")]


def _flows(tmp_path, group):
    res = audit_group(tmp_path, group, low=True)
    return [(f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in res.findings if f.rule_id == "tool-ssrf"]


def test_an_anchored_dot_segment_free_zod_regex_keeps_a_path_fill_from_climbing(tmp_path):
    g = "ts51a/zodpattern"
    assert _flows(tmp_path, g) == [
        ("server.ts", line_of("server.ts", "const response = await axios.get(", g), "domain_report", Confidence.LOW,
         "tool 'domain_report' passes parameter 'domain' to axios.get(): server-side request forgery; only a weak "
         "check on the way: it fills only the path under the host its base URL fixes, and a pattern it was checked "
         "against admits no segment that starts with a dot, so no '../' moves it to another endpoint")]


def test_an_unanchored_zod_regex_is_no_check(tmp_path):
    g = "ts51a/zodpattern_loose"
    assert _flows(tmp_path, g) == [
        ("server.ts", line_of("server.ts", "const response = await axios.get(", g), "domain_report", Confidence.MEDIUM,
         "tool 'domain_report' passes parameter 'domain' to axios.get(): server-side request forgery; only a weak "
         "check on the way: it fills the path under the host its base URL fixes; '../' reaches other endpoints of "
         "that host with the server's credential (the 'headers' option)")]


def test_zod_field_marks_an_anchored_regex_free_of_dot_segments(monkeypatch):
    """The schema itself says the value holds no '..' segment (the mark the path-fill policy
    reads, reqcreds.NO_DOT_SEGMENT), whichever flow reaches the sink; an unanchored one does not."""
    from mcpaudit.analysis.reqcreds import NO_DOT_SEGMENT
    from mcpaudit.analysis.ts.surface import Surface
    from mcpaudit.engines import ts as ts_engine
    from test_ts_engine import FIXTURES, _files

    def fams(group):
        seen = []
        orig = Surface.zod_field

        def spy(self, node, depth=0):
            out = orig(self, node, depth)
            seen.append(out[0])
            return out

        monkeypatch.setattr(Surface, "zod_field", spy)
        root = FIXTURES / group
        ts_engine.run(_files(root), root, jobs=1)
        monkeypatch.setattr(Surface, "zod_field", orig)
        return seen

    assert any(NO_DOT_SEGMENT in f and "path" in f for f in fams("ts51a/zodpattern"))
    assert not any(NO_DOT_SEGMENT in f for f in fams("ts51a/zodpattern_loose"))
