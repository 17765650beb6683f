"""TypeScript recall branch tsrec23 (issue 14), on fixtures of our own with safe twins
(``fixtures/typescript/tsrec23``):

* tool classes registered from a list of their instances kept inside a method, each naming itself
  with a method that returns a constant (``getToolName()``), the one shared handler running the
  base class's ``run()``, whose ``this.perform()`` is the element's own override
  (``ts/instancetools.py``): the shell line of ``count_log_lines`` is a finding for that tool only;
  its sibling ``server_uptime`` (a fixed command through the same base) stays quiet
  (``instancetools``)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import by_rule, line_of, scan, steps

GROUPS = ["tsrec23/instancetools"]

test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_instances_in_a_local_list_are_tools_named_by_their_methods():
    _, project = scan("tsrec23/instancetools")
    tools = {t.name: t for t in project.tools}
    assert set(tools) == {"count_log_lines", "server_uptime"}
    assert tools["count_log_lines"].description == "Count the lines of one of the server's log files"
    assert tools["server_uptime"].description == "Show how long the server has been up"


def test_the_base_method_runs_the_elements_own_override():
    g = "tsrec23/instancetools"
    shell = by_rule(g, "tool-shell-injection")
    wc = line_of("CountLinesTool.ts", "wc -l /var/log/app", g)
    assert [(p, ln, f.tool) for (p, ln), f in shell.items()] == [("CountLinesTool.ts", wc, "count_log_lines")]
    f = shell[("CountLinesTool.ts", wc)]
    assert f.message == ("tool 'count_log_lines' passes parameter 'args['logName']' to child_process.exec(): "
                         "OS command injection")
    run = line_of("BaseTool.ts", "return await this.perform(args as A)", g)
    assert ("BaseTool.ts", run, "passed to perform()") in steps(f)


def test_the_sibling_with_a_fixed_command_stays_quiet():
    out, _ = scan("tsrec23/instancetools")
    tools = {f.tool for f in out.findings} | {c.tool for c in getattr(out, "capabilities", []) or []}
    assert "server_uptime" not in tools, tools


def test_constant_returning_methods_and_getters_are_class_constants():
    from test_ts_engine import FIXTURES

    from mcpaudit.analysis.ts.module import analyze_module
    from mcpaudit.analysis.ts.parse import parse

    src = FIXTURES / "tsrec23/instancetools/UptimeTool.ts"
    data = src.read_bytes()
    mod = analyze_module("UptimeTool.ts", data, parse(data, str(src)))
    consts = mod.class_consts["UptimeTool"]
    assert consts["name"] == "server_uptime"  # get name() { return "server_uptime" }
    assert consts["getToolName()"] == "server_uptime"
    assert consts["getToolDescription()"] == "Show how long the server has been up"
    assert "perform()" not in consts  # a method that does more than return a constant
