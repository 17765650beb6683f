"""General causes of the twenty-eighth TypeScript holdout, reader A (ts28a), each on a fixture of our
own with a twin (``fixtures/typescript/ts28a``):

* a library getter that selects an object by the caller's key (``client.getRoom(roomId)``) returns
  that object, not the key; a URL builder on the client's own base (``mxcUrlToHttp``) keeps the
  client's host; a getter of text (``getDownloadUrl(fileId)``) or one given no key keeps the
  pass-through (``lookups``);
* a constant built only from literals (``[...].join(" ")``) holds no secret whatever its name; one
  that joins an environment read does (``helptext``);
* a tool's other flow of the same parameter into a sink its capability already lists as is yields
  to the capability (``indexer``); a tool with no as-is way keeps its findings (``folderonly``);
* a transport built in a route handler is served on the listener of the module that mounts its
  router; CORS for every origin there keeps no web page out of a loopback server, and a verifier
  module only the optional auth imports is optional too (``mounted``; the twin allows one origin:
  ``mountedsafe``)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of, scan, steps

from mcpaudit.models import Confidence

G = "ts28a"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/lookups", f"{G}/helptext", f"{G}/indexer", f"{G}/folderonly"])


# -- lookups: a getter by key returns the library's object -------------------------------------------

def test_a_lookup_by_key_returns_the_librarys_object_not_the_key():
    found = by_rule(f"{G}/lookups", "tool-ssrf")
    text = ("index.ts", line_of("lookups/index.ts", "fetch(client.getDownloadUrl(fileId))", G))
    other = ("index.ts", line_of("lookups/index.ts", "const res = await fetch(found);", G))
    assert sorted(found) == sorted([text, other])
    assert found[text].tool == "attachment_size"
    assert found[text].message == "tool 'attachment_size' passes parameter 'fileId' to fetch(): server-side request forgery"
    assert found[other].tool == "room_title"
    assert found[other].message == "tool 'room_title' passes parameter 'address' to fetch(): server-side request forgery"
    out, _ = scan(f"{G}/lookups")
    assert not [c for c in out.findings if c.tool == "room_pictures"]


# -- helptext: literal text is no secret --------------------------------------------------------------

def test_text_joined_from_literals_is_no_secret():
    found = by_rule(f"{G}/helptext", "secret-in-tool-result")
    line = line_of("helptext/index.ts", "short ? \"ok\" : API_KEY_BANNER", G)
    assert list(found) == [("index.ts", line)]
    assert found[("index.ts", line)].tool == "banner"
    assert found[("index.ts", line)].message == "tool 'banner' returned a value containing secret 'API_KEY_BANNER' to the caller"


# -- indexer / folderonly: a flow the capability already covers ---------------------------------------

def test_a_flow_into_a_sink_the_capability_lists_yields_to_it():
    out, _ = scan(f"{G}/indexer")
    assert not [f for f in out.findings if f.rule_id == "tool-path-traversal"]
    caps = [f for f in out.findings if f.rule_id == "capability-file-access"]
    assert len(caps) == 1 and caps[0].tool == "index_notes"
    assert (caps[0].location.path, caps[0].location.line) == (
        "index.ts", line_of("indexer/index.ts", "readdirSync(folder, { withFileTypes: true })", G))
    assert caps[0].message.startswith("tool 'index_notes' reads any file the caller names: parameter 'path' "
                                      "reaches fs.readdirSync() as is (and 1 more place(s))")


def test_a_tool_without_an_as_is_way_keeps_its_findings():
    found = by_rule(f"{G}/folderonly", "tool-path-traversal")
    line = line_of("folderonly/index.ts", "readFileSync(child", G)
    assert found[("index.ts", line)].tool == "count_words"
    assert found[("index.ts", line)].message == ("tool 'count_words' passes parameter 'project' to fs.readFileSync(): "
                                                 "path traversal / arbitrary file access")


# -- mounted / mountedsafe: the listener a router is mounted on ----------------------------------------

def test_a_mounted_transport_on_loopback_with_cors_for_every_origin(tmp_path):
    result = audit_group(tmp_path, f"{G}/mounted")
    f = next(f for f in result.findings if f.rule_id == "http-transport-no-auth")
    line = line_of("mounted/handlers.ts", "new StreamableHTTPServerTransport(", G)
    assert (f.location.path, f.location.line) == ("handlers.ts", line)
    assert f.confidence == Confidence.MEDIUM
    cors = line_of("mounted/main.ts", "app.use(cors());", G)
    listen = line_of("mounted/main.ts", "app.listen(8080", G)
    assert "authentication is optional, off unless configured" in f.message
    assert (f"(bound to 127.0.0.1: reachable from this machine and, through DNS rebinding, from web pages, since "
            f"cors() at main.ts:{cors} allows every origin, so any web page's script calls it directly)") in f.message
    assert ("main.ts", cors, "allows every origin (CORS): any web page's script") in steps(f)
    assert ("main.ts", listen, "the app it is mounted on listens on 127.0.0.1") in steps(f)


def test_a_mounted_transport_with_one_allowed_origin_is_open_to_rebinding(tmp_path):
    # a CORS allow-list does not keep a rebinding page out (its requests are same-origin to the
    # browser), and the SDK transport checks neither Host nor Origin without
    # enableDnsRebindingProtection (ts30b): the default view, naming the optional auth
    result = audit_group(tmp_path, f"{G}/mountedsafe")
    [f] = [f for f in result.findings if f.rule_id == "http-transport-no-auth"]
    assert f.confidence.name == "MEDIUM" and f.location.path == "handlers.ts"
    assert "with no enableDnsRebindingProtection: true at handlers.ts:" in f.message


def test_a_verifier_module_only_optional_auth_imports_is_optional():
    from mcpaudit.analysis.ts import authimports

    class Linker:
        @staticmethod
        def _module_ref(ref):
            return ref.split("#")[0], ref.split("#")[1]

    class Mod:
        def __init__(self, imports):
            self.imports = imports

    class Project:
        http_servers = []
        auth_evidence = [{"kind": "name", "path": "verify.ts", "pos": (4, 1, 4, 1), "detail": "jwt.verify"},
                         {"kind": "name", "path": "main.ts", "pos": (12, 1, 12, 1), "detail": "requireBearerAuth",
                          "optional": "if AUTH"},
                         {"kind": "name", "path": "guard.ts", "pos": (3, 1, 3, 1), "detail": "jwt.verify"},
                         {"kind": "name", "path": "strict.ts", "pos": (5, 1, 5, 1), "detail": "requireBearerAuth"}]

    modules = {"main.ts": Mod({"verifyToken": "verify.ts#verifyToken"}), "verify.ts": Mod({}),
               "strict.ts": Mod({"check": "guard.ts#check"}), "guard.ts": Mod({})}
    authimports.settle(Project, Linker, modules)
    by_path = {a["path"]: a.get("optional") for a in Project.auth_evidence}
    assert by_path == {"verify.ts": "if AUTH (the only use of verify.ts)", "main.ts": "if AUTH",
                       "guard.ts": None, "strict.ts": None}
