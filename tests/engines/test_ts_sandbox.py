"""A workspace sandbox helper (fixtures/typescript/sandbox): a path contained lexically, then
where it really is - its realpath when it exists, else its nearest existing folder's realpath
once an lstat shows it is not a symlink (a catch that rethrows all but ENOENT: no entry at all) -
is inside the root. Without the symlink test, or with a catch that swallows every error, a
dangling symlink passes (CVE-2025-53109) and the finding stays for a write that creates the
path, with that reason; a read of a missing path fails, so reads are contained."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "sandbox"
SYMLINK = ("only a weak check on the way: realpath checked only where the path exists: where it does not "
           "(ENOENT), at most its parent folder's realpath is, and a write follows a dangling symlink inside "
           "the allowed root to a target outside it (CVE-2025-53109)")


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_the_whole_sandbox_contains_reads_and_writes():
    out, _ = scan(G)
    assert not {f.tool for f in out.findings} & {"export_rows", "import_rows"}


def test_a_read_through_the_parent_check_is_contained():
    out, _ = scan(G)
    assert "import_loose" not in {f.tool for f in out.findings}


def test_without_the_symlink_test_the_parent_check_is_weak():
    out, _ = scan(G)
    f = only(out.findings, tool="export_loose")
    assert f.rule_id == "tool-path-traversal"
    assert f.location.line == line_of("server.ts", "const target = resolveLoose(outputPath);", G) + 1
    assert f.message == ("tool 'export_loose' passes parameter 'outputPath' to fs.writeFileSync(): path traversal / "
                         "arbitrary file access (write); " + SYMLINK)
    assert [(s.location.path, s.note) for s in f.flow] == [
        ("server.ts", "parameter 'outputPath' of MCP tool 'export_loose' (caller-controlled)"),
        ("server.ts", "passed to resolveLoose()"), ("lib/sandbox.ts", "parameter 'input'"),
        ("lib/sandbox.ts", "assigned to 'full'"), ("lib/sandbox.ts", "checked: contained, lexically"),
        ("lib/sandbox.ts", "returned"), ("server.ts", "returned by resolveLoose()"),
        ("server.ts", "assigned to 'target'"), ("server.ts", "reaches fs.writeFileSync()")]


def test_a_catch_that_swallows_every_error_proves_no_symlink_test():
    out, _ = scan(G)
    f = only(out.findings, tool="export_quiet")
    assert (f.rule_id, f.message.endswith(SYMLINK)) == ("tool-path-traversal", True)
