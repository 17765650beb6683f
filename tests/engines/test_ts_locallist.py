"""A list of tool definitions kept inside a function (fixtures/typescript/locallist): one tool
per element, named by the element, and the handler shared by the elements runs, for each tool,
only that tool's element (the secret one element returns is that tool's alone)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, tools_of

G = "locallist"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_each_element_of_a_local_list_is_a_tool():
    assert sorted(tools_of(G)) == ["show_status", "show_token"]


def test_the_shared_handler_returns_each_elements_result_for_its_own_tool():
    out, _ = scan(G)
    f = only(out.findings, rule_id="secret-in-tool-result")
    assert (f.tool, f.location.path, f.location.line) == (
        "show_token", "server.ts", line_of("server.ts", "return await item.handler(args);", G))
    assert f.message == "tool 'show_token' returned a value containing secret 'process.env.API_TOKEN' to the caller"
    assert [s.note for s in f.flow][-2:] == ["returned by handler()", "returned"]
