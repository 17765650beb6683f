"""Validator helpers as statements (fixtures/typescript/helperchecks): a helper of another
module is verified when modules are linked (checkref: an anchored regex it raises on; a
containment check, whole for a realpath'd argument), a helper of this module is read in place;
a lexically resolved path keeps the symlink weakness, and a helper that checks nothing proves
nothing."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "helperchecks"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_verified_helpers_clean_their_arguments():
    out, _ = scan(G)
    assert not {f.tool for f in out.findings} & {"read_note", "read_local", "show_branch"}


def test_a_lexical_path_through_a_helper_of_this_module_keeps_the_symlink_weakness():
    out, _ = scan(G)
    f = only(out.findings, tool="read_local_draft")
    assert f.rule_id == "tool-path-traversal"
    assert f.location.line == line_of("server.ts", "ensureWithin(resolved)", G) + 1
    assert f.message.endswith("only a weak check on the way: resolved with a lexical resolver "
                              "(path.resolve/join/normalize), not fs.realpath: a symlink inside the allowed "
                              "root can point outside it (CVE-2025-53109)")
    assert [s.note for s in f.flow] == [
        "parameter 'name' of MCP tool 'read_local_draft' (caller-controlled)", "assigned to 'resolved'",
        "checked: contained, lexically", "reaches fs.readFileSync()"]


def test_a_lexical_path_through_another_modules_helper_keeps_the_symlink_weakness():
    # not verified (the argument was not realpath'd), and said why as for a helper of this module
    # (tsrec21: checkref.lexical_verdict), no longer "not verified by mcpaudit"
    out, _ = scan(G)
    f = only(out.findings, tool="read_draft")
    assert f.rule_id == "tool-path-traversal"
    assert f.message.endswith("only a weak check on the way: resolved with a lexical resolver "
                              "(path.resolve/join/normalize), not fs.realpath: a symlink inside the allowed "
                              "root can point outside it (CVE-2025-53109)")


def test_a_helper_that_checks_nothing_proves_nothing():
    out, _ = scan(G)
    f = only(out.findings, tool="show_tag")
    assert (f.rule_id, f.location.line) == ("tool-shell-injection", line_of("server.ts", "execSync(`git show ${tag}`)", G))
    assert [s.note for s in f.flow] == [
        "parameter 'tag' of MCP tool 'show_tag' (caller-controlled)", "reaches child_process.execSync()"]
