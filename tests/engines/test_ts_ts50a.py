"""Stop 50 (ts50a), open TypeScript causes of the 34th/35th holdouts:

* a middleware installed by name on the app (``app.use(checkApiKey)``, Express/Koa/Hono style),
  defined in another module, that answers 401 to a request without the key and 403 to a wrong
  one, authenticates every route registered after it, one a module's ``mountMcp(app)`` adds
  included (``usegate``, ts/hookauth.py); and the key extractor's ``if (authHeader) return
  authHeader.slice(7)`` is no optional check when the gate refuses a missing result
  (ts/headerauth.py). The same install of a middleware that hands every request on is no
  authentication (``usegate_open``).
* a parameter whose own description confines its value ("Paths should be relative to the root of
  the documentation site": the ``ssrf`` family's ``param-confines`` words, rules/families.yaml)
  declares no URL of any host, whatever its tool says; its flow as is into ``fetch`` is a
  ``tool-ssrf`` finding, not the tool's capability (``relpath``). Described as taking full URLs
  of any site, it stays the capability (``relpath_safe``; analysis/capabilities.param_confined).
* tool classes (a constant ``name``, ``execute`` inherited from an abstract base that calls the
  subclass's ``this.run``) handed one by one to a registry that keeps them in a ``Map`` by name,
  looked up by the call-tool handler with a getter (``this.registry.getTool(name)`` then
  ``tool.execute(args)``): each class is a tool, run as its own instance (``classmap``; the twin
  runs a constant command, ``classmap_safe``; ts/calls.picked_table, ts/toolmaps.constructed_definitions).
"""

from __future__ import annotations

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import audit_group, by_rule, line_of, scan, tools_of

test_findings_equal_annotations = test_ts_engine.annotation_test(["ts50a/relpath", "ts50a/relpath_safe", "ts50a/classmap", "ts50a/classmap_safe"])


def _no_auth(tmp_path, group):
    res = audit_group(tmp_path, group, engines=("ts", "cst"), low=True)
    return [(f.rule_id, f.location.path, f.location.line, f.confidence, f.message)
            for f in res.findings if f.rule_id == "http-transport-no-auth"]


def test_a_rejecting_middleware_installed_with_use_is_authentication(tmp_path):
    assert _no_auth(tmp_path, "ts50a/usegate") == []


def test_a_middleware_that_hands_every_request_on_is_no_authentication(tmp_path):
    g = "ts50a/usegate_open"
    [(rule, path, line, conf, msg)] = _no_auth(tmp_path, g)
    assert (rule, path, line, conf) == ("http-transport-no-auth", "src/index.ts",
                                        line_of("src/index.ts", "const app = express()", g), Confidence.MEDIUM)
    assert msg.startswith("MCP is served over HTTP (src/index.ts:5: ")
    assert "no authentication is configured anywhere in the project" in msg
    assert msg.endswith("anyone who reaches it can call: archive_notes")


def test_use_installs_name_the_middleware_and_skip_paths_and_handlers():
    from mcpaudit.analysis.ts import parse
    from mcpaudit.analysis.ts.hookauth import PENDING, _use_installs

    src = (b'app.use(checkApiKey);\napp.use("/mcp", makeAuth(cfg));\n'
           b'app.post("/mcp", requireKey, async (req, res) => {});\napp.get("/health", health);\n'
           b'cache.get("k", fallback);\n')
    tree = parse.parse(src, "x.ts")
    got = sorted((r["pos"][0], r[PENDING]) for r in _use_installs(src, tree.root_node))
    # a factory's call (makeAuth(cfg)) is left out: its mode may check only the operator's own key
    assert got == [(1, "checkApiKey"), (3, "requireKey")]


def test_a_parameter_described_as_relative_to_a_site_declares_no_url_of_any_host():
    g = "ts50a/relpath"
    [((path, line), f)] = by_rule(g, "tool-ssrf").items()
    assert (path, line, f.tool, f.confidence) == ("server.ts", line_of("server.ts", "await fetch(url.toString()", g),
                                                  "read_doc_pages", Confidence.HIGH)
    assert f.message == "tool 'read_doc_pages' passes parameter 'paths' to fetch(): server-side request forgery"
    out, _ = scan(g)
    assert not [c for c in out.findings if c.rule_id == "capability-network-request"]


def test_a_parameter_described_as_any_url_keeps_the_fetch_a_capability():
    g = "ts50a/relpath_safe"
    assert by_rule(g, "tool-ssrf") == {}
    [cap] = [c for c in scan(g)[0].findings if c.rule_id == "capability-network-request"]
    assert (cap.location.path, cap.location.line, cap.tool) == (
        "server.ts", line_of("server.ts", "await fetch(url.toString()", g), "read_doc_pages")


def _class_tools(group):
    return {n: (t.kind, t.location.path, t.function, t.description) for n, t in tools_of(group).items()}


def test_tool_classes_kept_in_a_map_by_a_registry_are_the_tools():
    for g in ("ts50a/classmap", "ts50a/classmap_safe"):
        got = _class_tools(g)
        assert got["archive_folder"][:3] == ("tool", "src/tools/BaseTool.ts", "BaseTool.execute[ArchiveTool]")
        assert got["server_status"][:3] == ("tool", "src/tools/BaseTool.ts", "BaseTool.execute[StatusTool]")
    assert _class_tools("ts50a/classmap")["archive_folder"][3] == "Pack a project folder into a tarball"


def test_the_looked_up_class_runs_its_own_override():
    g = "ts50a/classmap"
    [((path, line), f)] = by_rule(g, "tool-shell-injection").items()
    assert (path, line, f.tool) == ("src/tools/ArchiveTool.ts",
                                    line_of("src/tools/ArchiveTool.ts", "execSync(`tar", g), "archive_folder")
    assert f.message == ("tool 'archive_folder' passes parameter 'arguments['folder']' to child_process.execSync(): "
                         "OS command injection")
    assert by_rule("ts50a/classmap_safe", "tool-shell-injection") == {}
