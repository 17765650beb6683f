"""TypeScript tool discovery, branch tsreg26 (issue 14), on fixtures of our own with safe twins
(``fixtures/typescript/tsreg26``): lists of tool instances a loop registers that are no variable
of the registering function (``ts/instancelists.py``):

* a class field holding the instances, assigned in the constructor (``this.tools = [new A(root),
  new B(root)]; this.tools.forEach((t) => this.server.tool(t.name, ...))``) or initialised in its
  declaration and iterated with ``for (const tool of this.tools)`` into a method that registers it
  (``fieldlist``): the shell line of ``archive_folder`` and the file read of ``read_report`` are
  findings for those tools only; their twins (``disk_usage``, ``report_head``) stay quiet;
* a loop over its own inline array, ``for (const tool of [new PingTool(), new PingGatewayTool()])``
  (``inlinelist``): ``ping_host``'s argument is a finding, ``ping_gateway`` is quiet;
* a list of classes mapped through a factory, ``TOOL_CLASSES.map((C) => makeTool(C, token))``
  (``factorylist``).
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import by_rule, line_of, scan, steps, tools_of

GROUPS = ["tsreg26/fieldlist", "tsreg26/inlinelist"]

test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def _quiet(group: str, *names: str) -> None:
    out, _ = scan(group)
    hit = {f.tool for f in out.findings} | {c.tool for c in getattr(out, "capabilities", []) or []}
    assert not hit & set(names), hit


def test_a_field_list_of_instances_names_its_tools():
    tools = tools_of("tsreg26/fieldlist")
    assert set(tools) == {"archive_folder", "disk_usage", "read_report", "report_head"}
    assert tools["archive_folder"].description == "Pack one of the data folders into a tarball"
    assert tools["read_report"].description == "Read one of the stored reports"


def test_a_field_assigned_in_the_constructor_runs_each_elements_execute():
    g = "tsreg26/fieldlist"
    shell = by_rule(g, "tool-shell-injection")
    tar = line_of("tools.ts", "tar czf /tmp/", g)
    assert [(p, ln, f.tool) for (p, ln), f in shell.items()] == [("tools.ts", tar, "archive_folder")]
    f = shell[("tools.ts", tar)]
    assert f.message == "tool 'archive_folder' passes parameter 'label' to child_process.exec(): OS command injection"
    assert ("server.ts", line_of("server.ts", "await t.execute(args)", g), "passed to execute()") in steps(f)


def test_a_field_initialiser_iterated_into_a_registering_method():
    g = "tsreg26/fieldlist"
    paths = by_rule(g, "tool-path-traversal")
    read = line_of("reports.ts", "return readFile(path.join(REPORTS, input.report)", g)
    assert [(p, ln, f.tool) for (p, ln), f in paths.items()] == [("reports.ts", read, "read_report")]
    f = paths[("reports.ts", read)]
    assert f.message == ("tool 'read_report' passes parameter 'report' to fs/promises.readFile(): "
                         "path traversal / arbitrary file access")
    assert ("reportserver.ts", line_of("reportserver.ts", "await tool.handle(args)", g), "passed to handle()") in steps(f)


def test_field_list_twins_stay_quiet():
    _quiet("tsreg26/fieldlist", "disk_usage", "report_head")


def test_an_inline_list_of_instances():
    g = "tsreg26/inlinelist"
    assert set(tools_of(g)) == {"ping_host", "ping_gateway"}
    args = by_rule(g, "tool-argument-injection")
    ping = line_of("tools.ts", 'spawnSync("ping", ["-c", "3", args.host])', g)
    assert [(p, ln, f.tool) for (p, ln), f in args.items()] == [("tools.ts", ping, "ping_host")]
    f = args[("tools.ts", ping)]
    assert f.message.startswith("tool 'ping_host' passes parameter 'host' to child_process.spawnSync(): argument injection")
    assert ("server.ts", line_of("server.ts", "tool.run(args)", g), "passed to run()") in steps(f)
    _quiet(g, "ping_gateway")
