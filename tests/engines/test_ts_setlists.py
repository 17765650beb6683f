"""Tools registered in a loop over the ``Set`` a registry function returns (fixtures/typescript/
settools, ts30a): ``for (const tool of getActiveTools(cfg)) server.registerTool(tool.name, ...)``
where ``getActiveTools`` returns ``new Set<Tool>(tools)`` in a branch (or a Set filled from
``tools``): one tool per element of ``tools``, and each element's ``invoke`` runs for its tool."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "settools"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_every_element_of_the_list_is_a_tool():
    _, project = scan(G)
    assert {(t.name, tuple(p.name for p in t.parameters)) for t in project.tools if t.kind == "tool"} == {
        ("count_lines", ("logName",)), ("echo_number", ("value",))}


def test_the_elements_function_runs_for_its_tool():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-shell-injection")
    assert (f.tool, f.location.path) == ("count_lines", "tools/files.ts")
    assert f.location.line == line_of("tools/files.ts", "await run(`wc -l", G)
    assert f.message == "tool 'count_lines' passes parameter 'logName' to child_process.exec(): OS command injection"


def test_a_set_copy_stands_for_its_list():
    from mcpaudit.analysis.ts.module import analyze_module
    from mcpaudit.analysis.ts.parse import parse

    src = b"import { tools } from './t.js';\nexport function active(c) { if (!c) { return new Set(tools); }\n" \
          b"  const s = new Set(); return s; }\nexport function other(c) { return Array.from(tools); }\n"
    mod = analyze_module("x.ts", src, parse(src, "x.ts"))
    assert mod.arrays["active()"] == mod.arrays["other()"] and mod.arrays["active()"][0].startswith("r:")
