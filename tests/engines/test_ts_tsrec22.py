"""TypeScript recall and precision branch tsrec22 (issue 14), each on a fixture of our own with a
safe twin (``fixtures/typescript/tsrec22``):

* a helper returning an object literal keeps each property's origin (``ts/retfields.py``): the
  caller's ``const { program, args } = plan(runner, ..., input)`` runs the start-up program with
  the input only as arguments (quiet; also through a wrapper that returns the helper's result),
  ``p.args`` spliced into a shell line and ``p!.target``
  fetched are findings, and ``p?.label`` (a constant property of a result whose other property
  holds the input) is quiet (``retfields``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import by_rule, line_of, scan, steps

GROUPS = ["tsrec22/retfields"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_returned_object_literal_keeps_each_property_apart():
    g = "tsrec22/retfields"
    shell = by_rule(g, "tool-shell-injection")
    lint = line_of("server.ts", "execSync(`${runner} run lint", g)
    assert [(ln, f.tool, f.parameter) for (_p, ln), f in shell.items()] == [(lint, "run_lint", "extra")]
    assert shell[("server.ts", lint)].message == (
        "tool 'run_lint' passes parameter 'extra' to child_process.execSync(): OS command injection")
    ssrf = by_rule(g, "tool-ssrf")
    page = line_of("server.ts", "await fetch(p!.target)", g)
    assert [(ln, f.tool, f.parameter) for (_p, ln), f in ssrf.items()] == [(page, "open_page", "host")]
    assert ssrf[("server.ts", page)].message == (
        "tool 'open_page' passes parameter 'host' to fetch(): server-side request forgery")
    # the flow passes through the helper's returned literal
    built = line_of("server.ts", "return { query, target, label", g)
    assert ("server.ts", built, "returned") in steps(ssrf[("server.ts", page)])


def test_the_twins_stay_quiet():
    out, _ = scan("tsrec22/retfields")
    tools = {f.tool for f in out.findings} | {c.tool for c in getattr(out, "capabilities", []) or []}
    assert not tools & {"run_script", "run_tests", "page_label"}, tools
