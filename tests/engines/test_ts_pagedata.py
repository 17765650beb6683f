"""What a browser page function of the server's own computes in the page (page.$eval(selector,
fn), page.evaluate(fn, ...)) is the page's data (fixtures/typescript/pagedata): the caller who
chose the selector does not choose the link the page holds; a caller's script string is not the
server's function, and what it returns stays the caller's."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan

G = "pagedata"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_page_function_results_are_page_data():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "follow_label"]


def test_the_callers_script_result_stays_the_callers():
    out, _ = scan(G)
    caps = {(c.rule_id, c.location.line) for c in out.findings if c.tool == "follow_script"}
    assert caps == {("capability-code-execution", line_of("server.ts", "page.evaluate(script)", G)),
                    ("tool-ssrf", line_of("server.ts", "page.goto(href);  //", G))}
    # (ts20a: page.goto also opens file:// URLs, so an unchecked caller URL is a finding)
    net = next(c for c in out.findings if c.rule_id == "tool-ssrf" and c.tool == "follow_script")
    assert [s.note for s in net.flow][-2:] == ["assigned to 'href'", "reaches page.goto()"]
