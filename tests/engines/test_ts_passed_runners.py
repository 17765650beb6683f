"""Argument lists built by another module's operation and run by an executor the tool passes
(fixtures/typescript/passedrunners): the list handed to a builder as a property (``{ command,
args }``) keeps where its values were placed, and an executor bound to a local name (``const
executor = (args, dir) => runGit(args, dir)``) or written inline, passed to a function of another
module that calls its parameter, is followed there; tool logic that reaches its provider through
a dependency typed by an interface (``{ provider }: ToolDeps`` with ``interface ToolDeps {
provider: GitProvider }``) calls the classes that implement that property's type."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan, steps

G = "passedrunners"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_ref_placed_before_dashes_reaches_the_runner_through_the_passed_executor():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-argument-injection")
    assert (f.tool, f.location.path, f.location.line) == ("git_show", "runtime.ts", line_of("runtime.ts", 'spawn("git", args', G))
    assert f.message == ("tool 'git_show' passes parameter 'object' to cross-spawn(): argument injection (a value "
                         "starting with '-' is read as an option (no '--' before it)) (also reached from tools "
                         "'git_show_inline', 'git_show_logic')")
    notes = [(p, n) for p, _, n in steps(f)]
    assert ("operations.ts", "passed to buildCommand()") in notes
    cb = line_of("server.ts", "async ({ object }) =>", G) + 1  # the executor bound in git_show
    assert notes[-5:] == [("operations.ts", f"passed to <callback of showObject@{cb}>()"), ("server.ts", "parameter 'args'"),
                          ("server.ts", "passed to runGit()"), ("runtime.ts", "parameter 'args'"),
                          ("runtime.ts", "reaches cross-spawn()")]


def test_a_value_placed_after_dashes_is_no_option():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool in ("git_file_log", "git_file_log_logic") or "file_log" in f.message]


def test_an_interface_records_the_types_of_its_properties():
    from mcpaudit.analysis.ts.module import analyze_module
    from mcpaudit.analysis.ts.parse import parse

    from test_ts_engine import FIXTURES

    p = FIXTURES / G / "provider.ts"
    data = p.read_bytes()
    s = analyze_module("provider.ts", data, parse(data, str(p)))
    assert s.interface_fields == {"ToolDeps": {"provider": "GitProvider"}}  # a method signature or a built-in type: none
