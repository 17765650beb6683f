"""A sink made in one module and called in another (fixtures/typescript/sharedexec): a utility
module's ``export const execAsync = promisify(exec)`` (and ``util.promisify(cp.execFile)``),
imported by name (or renamed) in a tool module, is child_process.exec there
(mcpaudit/analysis/ts/sharedsinks.py)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import line_of, only, scan

from mcpaudit.analysis.ts.sharedsinks import bindings, exported_sinks

G = "sharedexec"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_the_imported_promisified_exec_is_the_sink_at_the_call():
    out, _ = scan(G)
    f = only(out.findings, tool="git_log")
    assert (f.rule_id, f.location.path) == ("tool-shell-injection", "src/tools/shell.ts")
    assert f.location.line == line_of("src/tools/shell.ts", "git log --oneline", G)
    assert f.message == "tool 'git_log' passes parameter 'branch' to child_process.exec(): OS command injection"
    # a constant command line, and a fixed program given an enum: no finding
    assert not [f for f in out.findings if f.tool in ("git_status", "count_lines")]


def test_the_constants_read_from_the_utility_module():
    root = test_ts_engine.FIXTURES / G
    files = [(str(p.relative_to(root)), p.read_bytes()) for p in sorted(root.rglob("*.ts"))]
    got = bindings(exported_sinks(files, {"util.promisify"}, {"child_process.exec", "child_process.execFile"}))
    assert got == {"src/utils/helpers#execAsync": "child_process.exec",
                   "src/utils/helpers#execFileAsync": "child_process.execFile"}
    # a wrapper of something that is no sink, or a call that is no same-function wrapper: nothing
    text = b'import { promisify } from "util";\nimport { readFile } from "fs";\nexport const r = promisify(readFile);\n'
    assert exported_sinks([("a.ts", text)], {"util.promisify"}, {"child_process.exec"}) == {}
