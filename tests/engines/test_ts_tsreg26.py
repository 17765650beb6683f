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
* a list of classes mapped through a factory, ``pageTools.map((ctor) => makeTool(ctor, token))``
  (``factorylist``): ``fetch_page``'s address is a finding through the base class's ``execute()``,
  ``page_info`` is quiet;
* the same, in a function of another module that picks the classes by mode (``if (admin) ctors =
  [...adminTools]; else ctors = [...userTools]``: either list) and returns a selection of the
  instances, called by a method whose result a class field keeps and loops over into a registering
  method (``factorymodes``): ``purge_cache`` (the admin branch) is a finding, ``search_notes`` quiet.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import by_rule, line_of, scan, steps, tools_of

GROUPS = ["tsreg26/fieldlist", "tsreg26/inlinelist", "tsreg26/factorylist", "tsreg26/factorymodes"]

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


def test_classes_mapped_through_a_factory_are_instances():
    g = "tsreg26/factorylist"
    assert set(tools_of(g)) == {"fetch_page", "page_info"}
    ssrf = by_rule(g, "tool-ssrf")
    at = line_of("tools/pages.ts", "await fetch(args.url", g)
    assert [(p, ln, f.tool) for (p, ln), f in ssrf.items()] == [("tools/pages.ts", at, "fetch_page")]
    f = ssrf[("tools/pages.ts", at)]
    assert f.message.startswith("tool 'fetch_page' passes parameter 'url' to fetch(): server-side request forgery")
    assert ("tools/base.ts", line_of("tools/base.ts", "return this.perform(args)", g), "passed to perform()") in steps(f)
    _quiet(g, "page_info")


def test_mode_branches_a_returned_selection_and_a_field_from_a_method():
    g = "tsreg26/factorymodes"
    tools = tools_of(g)
    assert set(tools) == {"purge_cache", "search_notes"}
    assert tools["purge_cache"].description == "Remove one entry of the note cache"
    paths = by_rule(g, "tool-path-traversal")
    at = line_of("tools.ts", "await rm(path.join(CACHE, args.entry)", g)
    assert [(p, ln, f.tool) for (p, ln), f in paths.items()] == [("tools.ts", at, "purge_cache")]
    f = paths[("tools.ts", at)]
    assert f.message == ("tool 'purge_cache' passes parameter 'entry' to fs/promises.rm(): "
                         "path traversal / arbitrary file access (write)")
    assert ("toolkit.ts", line_of("toolkit.ts", "await tool.execute(args)", g), "passed to execute()") in steps(f)
    _quiet(g, "search_notes")


def test_a_list_assigned_in_branches_holds_either_but_a_grown_list_only_itself():
    from mcpaudit.analysis.ts.module import analyze_module
    from mcpaudit.analysis.ts.parse import parse

    src = b"""
import { A, B, C } from "./t";
export function pick(mode: string) {
  let ctors = [];
  if (mode === "a") { ctors = [...A]; } else { ctors = [...B, ...C]; }
  return ctors;
}
export function grow() {
  let tools = [...A, ...B];
  tools = [...tools, ...C];
  return tools;
}
"""
    mod = analyze_module("s.ts", src, parse(src, "s.ts"))
    either = mod.arrays[mod.arrays["pick()"][0][2:-3]]
    assert either == ["r:t#A[*]", "r:" + either[1][2:-3] + "[*]"]
    assert mod.arrays[either[1][2:-3]] == ["r:t#B[*]", "r:t#C[*]"]
    grown = [k for k in mod.arrays if k.startswith("grow@")]
    assert grown and not any(k.endswith("+") for k in grown), grown  # no "either" of a list and itself
