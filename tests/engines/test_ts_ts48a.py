"""The thirty-third TypeScript holdout's open rows, by general cause (``fixtures/typescript/ts48a``).

* a containment predicate's ``.some`` callback that spells out the filesystem root (``if (dir ===
  path.sep) return p.startsWith(path.sep)``: a root "/" holds every path) and a Windows drive root
  (``if (...) { const d = ...; return sameDrive && p.startsWith(dir.replace(/\\\\?$/, "\\\\")); }``,
  a separator ensured at the end) is still the containment it is; a check of a normalised copy of
  the realpath (``isInside(normalizePath(real), roots)``) vouches for the realpath behind the
  lexical check made before it (``rootcases_safe``). Twins: the "/" case tests the caller's path
  (``rootcases``: "/" is admitted), and the drive case's replacement may not add a separator
  (``sepplus``: ``/\\\\+$/`` leaves a root without one as a bare prefix).
* the v2 SDK's ``serveStdio(() => server)`` (``@modelcontextprotocol/server/stdio``) serves MCP over
  stdio: an HTTP listener of the project's own beside it that reaches no MCP transport (a webhook
  and event feed) is a web server of its own, reported as such when it listens on every interface
  (``servestdio``) and not at all on loopback (``servestdio_loopback``), never as "MCP is served
  over HTTP" with the stdio tools callable through it.
* an append to a ``private`` field the constructor alone sets (from no constructor parameter, and
  from no field but such fields) is the server's own log (``ownlogfield_safe``: a read-only tool's
  log line is no write it makes); a public field a method may set is not (``ownlogfield``).
* a credential check wrapped in ``if (apiKey) { ... }`` (no ``else``), the key empty unless
  configured, checks nothing by default: optional authentication (``secretgate``); the twin refuses
  to start without the key (``secretgate_safe``).
* ``unlink(p)`` after ``createWriteStream(p)`` in the same (or an enclosing) function removes the
  half-written file: the write's undo, not a deletion (``partialfile_safe``); deleting another
  name (a previous copy) is one (``partialfile``).
"""

from __future__ import annotations

from test_ts_engine import audit_low, line_of

from mcpaudit.models import Confidence

G = "ts48a"
_PATH = ("tool-path-traversal", "capability-file-access")


def _reports(res, rules):
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.confidence, f.message)
            for f in res.findings if f.rule_id in rules]


def _unverified(g):
    read = line_of("src/server.ts", 'const text = await fs.readFile(valid, "utf-8");', g)
    return [("tool-path-traversal", "src/server.ts", read, "read_file", Confidence.MEDIUM,
             "tool 'read_file' passes parameter 'path' to fs/promises.readFile(): path traversal / arbitrary file "
             "access; only a weak check on the way: checked by isInsideRoots() (not verified by mcpaudit)")]


def test_root_and_drive_cases_of_a_roots_predicate_contain(tmp_path):
    res = audit_low(tmp_path, f"{G}/rootcases_safe")
    assert _reports(res, _PATH) == []
    assert not [c for c in res.capabilities if c.rule_id == "capability-file-access"]


def test_a_slash_case_of_the_callers_path_is_no_containment(tmp_path):
    g = f"{G}/rootcases"
    assert _reports(audit_low(tmp_path, g), _PATH) == _unverified(g)


def test_a_separator_replaced_only_when_present_is_a_bare_prefix(tmp_path):
    g = f"{G}/sepplus"
    assert _reports(audit_low(tmp_path, g), _PATH) == _unverified(g)


def test_serve_stdio_of_the_v2_sdk_is_stdio_and_a_listener_beside_it_is_its_own(tmp_path):
    g = f"{G}/servestdio"
    res = audit_low(tmp_path, g)
    line = line_of("src/events.ts", "this.server = http.createServer((req, res) => {", g)
    assert _reports(res, ("http-transport-no-auth",)) == [
        ("http-transport-no-auth", "src/events.ts", line, None, Confidence.MEDIUM,
         f"a web server of the project's own listens on every interface (src/events.ts:{line}) and no "
         "authentication is configured anywhere in the project; MCP itself runs over stdio only, but anyone "
         "who reaches the port reaches what that server serves (its routes, or the channel it opens)")]


def test_a_loopback_listener_beside_serve_stdio_is_not_mcp_over_http(tmp_path):
    res = audit_low(tmp_path, f"{G}/servestdio_loopback")
    assert _reports(res, ("http-transport-no-auth", "http-bind-all-interfaces")) == []


def test_an_append_to_a_private_field_the_constructor_sets_is_the_servers_own_log(tmp_path):
    res = audit_low(tmp_path, f"{G}/ownlogfield_safe")
    assert _reports(res, ("tool-read-only-bypass", "tool-annotation-mismatch")) == []


def test_an_append_to_a_field_any_code_may_set_breaks_the_read_only_claim(tmp_path):
    g = f"{G}/ownlogfield"
    res = audit_low(tmp_path, g)
    line = line_of("src/logger.ts", "appendFileSync(this.logFile,", g)
    assert _reports(res, ("tool-read-only-bypass",)) == [
        ("tool-read-only-bypass", "src/logger.ts", line, "get_note", Confidence.HIGH,
         "tool 'get_note' is annotated readOnlyHint=True but writes files (fs.appendFileSync())")]


def test_a_credential_check_inside_if_secret_is_optional_auth(tmp_path):
    g = f"{G}/secretgate"
    res = audit_low(tmp_path, g)
    transport = line_of("src/server.ts", "const transport = new StreamableHTTPServerTransport(", g)
    gate = line_of("src/server.ts", "  if (apiKey) {", g)
    assert _reports(res, ("http-transport-no-auth",)) == [
        ("http-transport-no-auth", "src/server.ts", transport, None, Confidence.MEDIUM,
         "new StreamableHTTPServerTransport() serves MCP over HTTP and authentication is optional, off unless "
         "configured: if (apiKey) { ...the credential check... } (skipped while !apiKey: no secret configured) "
         f"at src/server.ts:{gate} is added conditionally (if a credential is configured: src/server.ts:{gate} "
         "lets every request through while none is) (and 1 more place alike) (bound to all interfaces); anyone "
         "who reaches it can call: delete_graph")]


def test_a_secret_the_server_will_not_start_without_is_auth(tmp_path):
    res = audit_low(tmp_path, f"{G}/secretgate_safe")
    assert _reports(res, ("http-transport-no-auth",)) == []


def test_deleting_the_file_the_function_was_writing_is_no_deletion(tmp_path):
    res = audit_low(tmp_path, f"{G}/partialfile_safe")
    assert _reports(res, ("tool-annotation-mismatch", "tool-read-only-bypass")) == []


def test_deleting_another_file_breaks_destructive_hint_false(tmp_path):
    g = f"{G}/partialfile"
    res = audit_low(tmp_path, g)
    line = line_of("src/server.ts", "fsPromises.unlink(previousPath)", g)
    assert _reports(res, ("tool-annotation-mismatch",)) == [
        ("tool-annotation-mismatch", "src/server.ts", line, "download_file", Confidence.HIGH,
         "tool 'download_file' is annotated destructiveHint=False but deletes files (fs/promises.unlink())")]
