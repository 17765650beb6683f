"""A realpath containment check written inline in a try (fixtures/typescript/realcatch): the
catch rethrows the check's own error (no ``code``) and every realpath failure but ENOENT, so past
it the path's realpath is inside the root or the path does not exist. Reads, listings, deletes
and renames are contained; a write that creates a missing path follows a dangling symlink there
(CVE-2025-53109) unless the missing path is shown not to be a symlink. A catch that swallows the
check's own error leaves only the lexical check."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

from mcpaudit.analysis.dangling import WHY

G = "realcatch"
LEXICAL = ("only a weak check on the way: resolved with a lexical resolver (path.resolve/join/normalize), "
           "not fs.realpath: a symlink inside the allowed root can point outside it (CVE-2025-53109)")
DANGLING = ("only a weak check on the way: realpath checked only where the path exists: where it does not "
            "(ENOENT), at most its parent folder's realpath is, and a write follows a dangling symlink inside "
            "the allowed root to a target outside it (CVE-2025-53109)")


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_reads_listings_deletes_and_renames_are_contained():
    out, _ = scan(G)
    assert not {f.tool for f in out.findings} & {"read_note", "list_folder", "delete_note", "rename_note",
                                                  "write_strict", "read_strict"}


def test_a_write_that_creates_the_path_names_the_parent_fallback():
    out, _ = scan(G)
    assert DANGLING.endswith(WHY)
    f = only([g for g in out.findings if g.tool == "write_note" and "writeFile" in g.message])
    assert f.rule_id == "tool-path-traversal"
    assert f.location.line == line_of("server.ts", "await fsp.writeFile(file, text", G)
    assert f.message == ("tool 'write_note' passes parameter 'note' to fs/promises.writeFile(): path traversal / "
                         "arbitrary file access (write); " + DANGLING)
    assert [(s.location.path, s.note) for s in f.flow][:3] == [
        ("server.ts", "parameter 'note' of MCP tool 'write_note' (caller-controlled)"),
        ("server.ts", "passed to resolveLenient()"), ("lib/vault.ts", "parameter 'input'")]
    assert f.flow[-1].note == "reaches fs/promises.writeFile()"


def test_mkdir_and_a_copy_destination_create_the_path_too():
    out, _ = scan(G)
    mk = only([f for f in out.findings if "mkdir" in f.message])
    assert (mk.tool, mk.location.line) == ("write_note", line_of("server.ts", "await fsp.mkdir(", G))
    assert mk.message.endswith(DANGLING)
    cp = only(out.findings, tool="copy_note")
    assert cp.location.line == line_of("server.ts", "await fsp.copyFile(", G)
    assert cp.message == ("tool 'copy_note' passes parameter 'to' to fs/promises.copyFile(): path traversal / "
                          "arbitrary file access (write); " + DANGLING)


def test_a_catch_that_swallows_the_checks_error_leaves_the_lexical_check():
    out, _ = scan(G)
    f = only(out.findings, tool="read_swallowing")
    assert f.location.line == line_of("server.ts", "resolveSwallowing(note);", G) + 1
    assert f.message == ("tool 'read_swallowing' passes parameter 'note' to fs.readFileSync(): path traversal / "
                         "arbitrary file access; " + LEXICAL)


def test_the_missing_path_mark_survives_a_merge_with_a_whole_check():
    from mcpaudit.analysis.taintvalue import DANGLING, Info, merge_info

    whole, missing = Info(clean=frozenset({"path", "~real"})), Info(clean=frozenset({"path", DANGLING}))
    assert merge_info(whole, missing).clean == {"path", DANGLING}
    assert merge_info(missing, whole).clean == {"path", DANGLING}
