"""Issue 14, tsrecall: ``path.resolve(process.cwd(), p)`` is ``path.resolve(p)`` (``cwd-calls``
in the TypeScript file models), so the caller's path reaches the sink as is: the tool's declared
file access, shown as its capability, not a traversal under a root the code chose
(fixtures/typescript/cwdresolve)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import by_rule, line_of


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations("cwdresolve")


def test_resolve_from_the_working_folder_is_the_callers_path_as_is():
    caps = {f.tool: f for f in by_rule("cwdresolve", "capability-file-access").values()}
    f = caps["upload_file"]
    assert f.location.line == line_of("server.ts", "return fs.readFile(resolved);  // expect: capability", "cwdresolve")
    assert f.message.startswith("tool 'upload_file' reads any file the caller names: parameter 'file_path' reaches "
                                "fs.promises.readFile() as is")
    assert set(caps) == {"upload_file"}


def test_a_chosen_root_or_a_concatenating_join_stays_a_traversal():
    got = {f.tool: f for f in by_rule("cwdresolve", "tool-path-traversal").values()}
    assert set(got) == {"upload_media", "upload_project_file"}
    assert got["upload_media"].location.line == line_of("server.ts", "return fs.readFile(resolved);  // expect: tool",
                                                        "cwdresolve")
    assert got["upload_project_file"].message.startswith(
        "tool 'upload_project_file' passes parameter 'name' to fs.promises.readFile(): path traversal")
