"""gray-matter (fixtures/typescript/frontmatter): matter(text) with the default engines runs a
"---js" front matter block with eval, so caller text reaching it is code injection; options
that replace engines.javascript (which every js fence falls back to) make it no sink."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "frontmatter"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_default_engines_run_a_js_block():
    out, _ = scan(G)
    f = only(out.findings, tool="preview_note")
    assert (f.rule_id, f.location.line) == ("tool-code-injection", line_of("server.ts", "matter(text);", G))
    assert f.message == ("tool 'preview_note' passes parameter 'text' to gray-matter(): code injection (a ---js front "
                         "matter block is run with eval (gray-matter's default javascript engine))")
    assert [s.note for s in f.flow] == ["parameter 'text' of MCP tool 'preview_note' (caller-controlled)",
                                        "reaches gray-matter()"]


def test_a_replaced_javascript_engine_is_no_sink():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "preview_note_safely"]
