"""A file name made from the caller's value with both path separators removed by a global regex
replace and fixed text around it (fixtures/typescript/onename, ts30a): ``path.join(dir,
`${email.replace(/[/\\\\]/g, "")}.json`)`` is an entry of ``dir``, whether the two halves are in
one expression or in helpers of another module. Removing '/' alone, no fixed text (the value may
be ``..``) or a replacement that is a separator itself leave the traversal."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

from mcpaudit.analysis.ts.onename import IN_NAME, in_name, name_text
from mcpaudit.analysis.ts.pathshape import NO_SEP
from mcpaudit.analysis.taintvalue import Info
from mcpaudit.models import Confidence

G = "onename"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_separator_free_name_with_fixed_text_is_contained():
    out, _ = scan(G)
    default = [f for f in out.findings if f.confidence >= Confidence.MEDIUM]
    assert not {f.tool for f in default} & {"read_account", "remove_account", "read_inline"}


def test_removing_only_the_slash_leaves_the_traversal():
    out, _ = scan(G)
    f = only(out.findings, tool="read_slash_only")
    assert (f.rule_id, f.confidence) == ("tool-path-traversal", Confidence.HIGH)
    assert f.location.line == line_of("server.ts", "fs.readFile(slashOnly(email)", G)
    assert f.message == ("tool 'read_slash_only' passes parameter 'email' to fs/promises.readFile(): path "
                         "traversal / arbitrary file access")


def test_no_fixed_text_or_a_separator_as_replacement_leave_it_too():
    out, _ = scan(G)
    bare, dashed = only(out.findings, tool="read_bare"), only(out.findings, tool="read_dashed")
    assert bare.location.line == line_of("server.ts", "fs.readFile(bareSlug(email)", G)
    assert dashed.location.line == line_of("server.ts", 'await fs.readFile(file, "utf8") }] };  // expect', G)
    assert {bare.rule_id, dashed.rule_id} == {"tool-path-traversal"}


def test_fixed_text_of_dots_alone_is_no_name():
    assert name_text(".json") and name_text("-backup") and not name_text("..") and not name_text("a/b")
    v = {("p", "x"): Info(clean=frozenset({NO_SEP}))}
    assert in_name(v, ".json")[("p", "x")].is_clean("path")
    assert in_name(v, "..") == v
    assert in_name({("p", "x"): Info()}, ".json")[("p", "x")].clean == {IN_NAME}


def test_a_name_cut_later_is_no_name_and_order_decides():
    from mcpaudit.analysis.ts.onename import CUT, REJOINED, cut, joined

    named = in_name({("p", "x"): Info(clean=frozenset({NO_SEP}))}, ".json")
    assert not cut(named)[("p", "x")].is_clean("path")
    # a callee cut the argument it was given as a name; a caller named a value its callee cut
    assert IN_NAME not in joined(frozenset({IN_NAME, NO_SEP}), frozenset({CUT}), frozenset({IN_NAME, NO_SEP, CUT}))
    assert CUT not in joined(frozenset({CUT, NO_SEP}), frozenset({IN_NAME}), frozenset({IN_NAME, NO_SEP, CUT}))
    assert NO_SEP not in joined(frozenset({NO_SEP}), frozenset({REJOINED}), frozenset({NO_SEP, REJOINED}))


def test_separator_free_segments_joined_with_a_separator_are_a_path_again():
    out, _ = scan(G)
    for tool, needle in (("read_segments", "fs.readFile(segmentsPath(name)"),
                         ("read_segments_inline", "fs.readFile(path.join(credentialsDir(), `${joined}")):
        f = only(out.findings, tool=tool)
        assert (f.rule_id, f.confidence) == ("tool-path-traversal", Confidence.HIGH)
        assert f.location.line == line_of("server.ts", needle, G)
        assert f.message == (f"tool '{tool}' passes parameter 'name' to fs/promises.readFile(): path traversal / "
                             "arbitrary file access")


def test_a_name_cut_in_a_helper_is_a_path_again():
    out, _ = scan(G)
    f = only(out.findings, tool="list_stem")
    assert (f.rule_id, f.confidence) == ("tool-path-traversal", Confidence.HIGH)
    assert f.location.line == line_of("server.ts", "(await fs.readdir(dir))", G)
    assert f.message == ("tool 'list_stem' passes parameter 'email' to fs/promises.readdir(): path traversal / "
                         "arbitrary file access")
