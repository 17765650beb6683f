"""A tool that says its pages must be public and checks nothing opens internal hosts beyond its
purpose: a tool-ssrf finding, not a network-request capability (fixtures/typescript/publicpages,
mcpaudit/analysis/ts/publiconly.py); a tool that says it opens any address keeps the capability."""

from __future__ import annotations

import pytest

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

from mcpaudit.analysis.ts.publiconly import says_public

G = "publicpages"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_tool_whose_pages_must_be_public_is_a_vulnerability_not_a_capability():
    out, _ = scan(G)
    f = only(out.findings, tool="collect_links")
    assert f.rule_id == "tool-ssrf"
    assert f.location.line == line_of("server.ts", "await page.goto(url);  // expect: tool-ssrf (said public only)", G)
    assert f.message == ("tool 'collect_links' passes parameter 'url' to page.goto(): server-side request forgery "
                         "(the browser also opens file:// URLs, local files)")
    assert steps(f)[0][2] == "parameter 'url' of MCP tool 'collect_links' (caller-controlled)"
    g = only(out.findings, tool="open_page")
    assert g.rule_id == "tool-ssrf"  # (ts20a: page.goto also opens file:// URLs, unchecked here)


@pytest.mark.parametrize("text", [
    "The page must be publicly accessible.", "Only public pages are indexed", "URL (must be a public URL)",
    "public URLs only", "a publicly-reachable address"])
def test_sentences_saying_the_addresses_are_public(text):
    assert says_public(text)


@pytest.mark.parametrize("text", [
    "Search the public GitHub API", "Fetch any URL", "Publish a page", "Make the repository public", None])
def test_sentences_that_do_not(text):
    assert not says_public(text)
