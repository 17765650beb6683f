"""Tools as class instances kept in a ``Map`` by name (``this.handlers.set("x", new
XHandler(...))``) and dispatched in the call-tool handler as
``this.handlers.get(request.params.name).handle(args)`` (fixtures/typescript/toolhandlers): the
map is a table of the module whose entries are the instances, and the caller's arguments reach
each class's method, inherited constructor and all (mcpaudit/analysis/ts/calls.py map_entry,
listloops.py element_methods)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("toolhandlers")


def test_a_handle_method_of_a_map_entry_is_the_tool_its_key_names():
    out, _ = scan("toolhandlers")
    f = only(out.findings, tool="summarize_source")
    assert f.rule_id == "tool-ssrf"
    assert f.location.line == line_of("handlers/capture.ts", "await page.goto(args.address)", "toolhandlers")
    assert f.message.startswith("tool 'summarize_source' passes parameter 'arguments['address']' to page.goto()")
    notes = [(s.location.path, s.note) for s in f.flow]
    assert ("registry.ts", "passed to handle()") in notes
    assert notes[-1] == ("handlers/capture.ts", "reaches page.goto()")


def test_a_second_map_with_execute_and_a_fixed_host_twin():
    out, _ = scan("toolhandlers")
    f = only(out.findings, tool="collect_refs")
    assert (f.rule_id, f.location.path) == ("tool-ssrf", "handlers/links.ts")
    assert "passed to execute()" in [s.note for s in f.flow]
    assert not [f for f in out.findings if f.tool == "region_status"]
