"""Tools kept as ``tool({ description, inputSchema, handler })`` entries of objects spread into
one record (``{ ...fetchTools, ...noteTools }``) and registered in a loop over its entries
(fixtures/typescript/toolspread): ``for (const [name, t] of Object.entries(tools))
registerTool(name, ..., t.handler)`` names each tool by its key; ``Object.entries(tools).map(([name,
tool]) => ({ name, tool }))`` looped over with a wrapper calling ``t.handler(args)`` gives the
caller's arguments to each entry's handler (mcpaudit/analysis/ts/listloops.py, names.py)."""

from __future__ import annotations

import shutil

import test_ts_engine
from test_ts_engine import FIXTURES, _files, line_of, only, scan
from mcpaudit.engines import ts as ts_engine


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("toolspread")


def test_entries_of_spread_objects_are_tools_named_by_their_keys():
    assert {t.name for t in scan("toolspread")[1].tools if t.location.path.startswith("tools/")} == {
        "run_cache_commands", "region_status", "record_event"}
    run = next(t for t in scan("toolspread")[1].tools if t.function == "fetchTools.run_cache_commands.handler")
    assert run.description == "Run commands on a cache database."
    assert [(p.name, p.tainted) for p in run.parameters] == [("endpoint", True), ("body", True)]


def test_an_endpoint_parameter_fetched_is_ssrf_and_a_fixed_host_with_an_enum_is_not():
    out, _ = scan("toolspread")
    f = only(out.findings, tool="run_cache_commands")
    assert f.rule_id == "tool-ssrf"
    assert f.location.line == line_of("tools/fetchers.ts", "await fetch(endpoint", "toolspread")
    assert f.message.startswith("tool 'run_cache_commands' passes parameter 'endpoint' to fetch()")
    assert not [f for f in out.findings if f.tool == "region_status"]


def test_a_wrapper_over_mapped_entry_records_reaches_each_entrys_handler(tmp_path):
    root = tmp_path / "mapped"
    shutil.copytree(FIXTURES / "toolspread", root)
    (root / "entries.ts").unlink()  # only the map-then-loop registration of server.ts is left
    out, project = ts_engine.run(_files(root), root, jobs=1)
    wrapped = {t.name: t for t in project.tools if t.location.path == "server.ts"}
    assert set(wrapped) == {"run_cache_commands", "region_status", "record_event"}
    assert [(p.name, p.tainted) for p in wrapped["record_event"].parameters] == [("collector", True), ("event", True)]
    f = only(out.findings, tool="record_event")
    assert (f.rule_id, f.location.path) == ("tool-ssrf", "tools/notes.ts")
    assert f.location.line == line_of("tools/notes.ts", "await fetch(collector", "toolspread")
    notes = [(s.location.path, s.note) for s in f.flow]
    assert ("server.ts", "passed to handler()") in notes
    assert notes[-1] == ("tools/notes.ts", "reaches fetch()")
