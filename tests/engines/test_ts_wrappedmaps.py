"""A handler map a wrapper function builds (fixtures/typescript/wrappedmaps): ``HANDLERS =
createHandlersWithMetrics()``, which loops over ``Object.entries(allHandlers)`` (a spread of each
module's map) and stores a wrapper calling each handler with its own arguments; the call-tool
handler calls ``HANDLERS[toolName]({ token, parameters: request.params.arguments }, config)``.
The wrapped map's entries are those of the map it wraps, so each module's handler runs for its
tool, with the envelope's ``parameters`` as the caller's arguments. Safe twins: a base name, and a
name checked against a list."""

from __future__ import annotations

import textwrap

from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

G = "wrappedmaps"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_each_wrapped_handler_is_followed_from_the_call_handler():
    out, _ = scan(G)
    f = only([f for f in out.findings if f.confidence >= Confidence.MEDIUM], tool="save_note")
    line = line_of("tools/notes.ts", "fs.writeFileSync(path.join(config.root, name), text);", G)
    assert (f.rule_id, f.location.path, f.location.line) == ("tool-path-traversal", "tools/notes.ts", line)
    assert f.message.startswith("tool 'save_note' passes parameter 'arguments['parameters']' to fs.writeFileSync()")
    call = line_of("server.ts", "await HANDLERS[toolName](requestWithToken", G)
    assert ("server.ts", call, "passed to save_note()") in steps(f)
    assert ("tools/notes.ts", line - 1, "assigned to 'name'") in steps(f)
    g = only([f for f in out.findings if f.confidence >= Confidence.MEDIUM], tool="read_log")
    assert (g.rule_id, g.location.path) == ("tool-path-traversal", "tools/logs.ts")


def test_the_safe_twins_are_not_reported():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.confidence >= Confidence.MEDIUM and f.tool in ("save_note_safe", "read_log_safe")]


def test_a_map_rebuilt_with_object_from_entries_is_the_map_it_maps(tmp_path):
    from mcpaudit.analysis.ts.module import analyze_module
    from mcpaudit.analysis.ts.parse import parse

    src = textwrap.dedent("""
        import { A_HANDLERS } from "./a.js";
        const all = { ...A_HANDLERS };
        function withLogging(name, h) { return async (req, cfg) => h(req, cfg); }
        function wrapAll() {
          return Object.fromEntries(Object.entries(all).map(([n, h]) => [n, withLogging(n, h)]));
        }
        function plain() {
          const out = {};
          return out;
        }
        export const HANDLERS = wrapAll();
    """).encode()
    mod = analyze_module("index.ts", src, parse(src, "index.ts"))
    assert mod.tables["wrapAll()"] == {"...0": "r:all"}
    assert "plain()" not in mod.tables  # an empty object it never fills from a map
