"""General causes fixed by tsrec21 (issue 14), each on a fixture of our own with a safe twin
(``fixtures/typescript/tsrec21``):

* a containment check returned by a factory (of another module or of this one) inside an object
  literal and destructured at module level (``const { isInside } = createRootContext(ROOTS)``)
  is the function the factory declares: its true verdict proves what it proves written in the
  caller's module (weak only for want of realpath), also when its ``roots.some(...)`` callback
  has a block body with a per-root operator pattern arm; a prefix check without the separator
  stays no containment (``factoryhelper``);
* yt-dlp reads the element after ``--sub-lang`` (youtube-dl's name, an abbreviation of
  ``--sub-langs`` for yt-dlp) as that option's value, so a language code there is no option; a
  free element is (``subtitles``)."""

from __future__ import annotations


from mcpaudit.models import Confidence

import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["tsrec21/factoryhelper", "tsrec21/subtitles"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_a_destructured_factory_helper_is_the_check_it_is():
    group = "tsrec21/factoryhelper"
    found = by_rule(group, "tool-path-traversal")
    assert sorted(f.tool for f in found.values()) == ["read_note", "read_notes_file"]
    assert ("server.ts", line_of("server.ts", "readFile(resolved", group)) in found
    for f in found.values():
        assert f.confidence == Confidence.MEDIUM
        assert f.message.startswith(f"tool '{f.tool}' passes parameter 'file' to fs/promises.readFile(): path traversal")
        assert "only a weak check on the way: resolved with a lexical resolver" in f.message
        assert "not verified" not in f.message
        assert "CVE-2025-53109" in f.message


def test_a_factory_prefix_check_without_separator_is_no_containment():
    group = "tsrec21/factoryhelper"
    caps = by_rule(group, "capability-file-access")
    assert sorted(f.tool for f in caps.values()) == ["read_listed", "read_prefix"]
    for f in caps.values():
        assert f.message == f"tool '{f.tool}' reads any file the caller names: parameter 'file' reaches fs/promises.readFile() as is"


def test_the_factory_closure_is_linked_by_name():
    from mcpaudit.engines.ts import analyze_file
    from test_ts_engine import FIXTURES

    root = FIXTURES / "tsrec21/factoryhelper"
    lib = analyze_file(str(root / "lib/roots.ts"), "lib/roots.ts", 10 ** 7, 20.0).summary
    assert lib.tables["createRootContext()"]["isInsideRoots"] == "f:createRootContext().isInsideRoots"
    assert "filePath" not in lib.functions["createRootContext().isInsideRoots"].verdicts
    assert lib.functions["createRootContext().isInsideRoots"].verdicts["file"][1].startswith("resolved with a lexical")
    assert "file" not in lib.functions["createRootContext().isUnderAnyRoot"].verdicts
    srv = analyze_file(str(root / "server.ts"), "server.ts", 10 ** 7, 20.0).summary
    assert srv.aliases["isInsideRoots"] == "lib/roots#createRootContext.isInsideRoots"
    assert srv.aliases["withinNotes"] == "makeNotes.withinNotes"


def test_a_sub_lang_value_is_no_option():
    group = "tsrec21/subtitles"
    found = by_rule(group, "tool-argument-injection")
    assert list(found) == [("server.ts", line_of("server.ts", '"--skip-download", lang, VIDEO]', group))]
    f = next(iter(found.values()))
    assert f.tool == "subtitles_free"
    assert f.message == ("tool 'subtitles_free' passes parameter 'lang' to child_process.execFileSync(): argument "
                         "injection (a value starting with '-' is read as an option (no '--' before it))")
