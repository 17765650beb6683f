"""TypeScript recall (tsrecall3): library facts and idioms the ledger's reading found missing.

- SheetJS (xlsx) reads and writes workbooks by file name (fixtures/typescript/sheetfiles).
"""

from __future__ import annotations

import pytest

from test_ts_engine import by_rule, line_of, scan, steps
import test_ts_engine

GROUPS = ["sheetfiles"]


@pytest.mark.parametrize("name", GROUPS)
def test_findings_equal_annotations(name):
    test_ts_engine.test_findings_equal_annotations(name)


def test_sheetjs_reads_and_writes_the_file_a_name_points_to():
    caps = by_rule("sheetfiles", "capability-file-access")
    read = caps[("server.ts", line_of("server.ts", "XLSX.readFile(file)", "sheetfiles"))]
    assert read.tool == "read_sheet"
    assert read.message.startswith("tool 'read_sheet' reads any file the caller names: parameter 'file' "
                                   "reaches xlsx.readFile() as is")
    wrote = caps[("server.ts", line_of("server.ts", "XLSX.writeFile(wb, output)", "sheetfiles"))]
    assert wrote.message.startswith("tool 'export_rows' reads and writes any file the caller names: "
                                    "parameter 'output' reaches xlsx.writeFile() as is")
    trav = by_rule("sheetfiles", "tool-path-traversal")
    f = trav[("server.ts", line_of("server.ts", "path.join(EXPORTS, name)", "sheetfiles"))]
    assert f.message == ("tool 'export_named' passes parameter 'name' to xlsx.writeFile(): path traversal / "
                         "arbitrary file access (write)")
    assert steps(f)[-1] == ("server.ts", f.location.line, "reaches xlsx.writeFile()")
    cjs = trav[("legacy.js", line_of("legacy.js", "XLSX.writeFileXLSX(wb", "sheetfiles"))]
    assert cjs.tool == "save_copy" and cjs.parameter == "target"
    out, _ = scan("sheetfiles")
    assert not [x for x in out.findings if x.tool == "export_report" and x.confidence.name != "LOW"]
