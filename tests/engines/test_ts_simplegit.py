"""simple-git (fixtures/typescript/simplegit): ``simpleGit().clone(url, dir)`` fetches from the
host the caller's URL names (a request sink; a tool that says it clones declares it) and writes
the repository into the folder (a path write sink, an ``also`` method row)."""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, only, scan

G = "simplegit"


def test_findings_equal_annotations():
    test_ts_engine.test_findings_equal_annotations(G)


def test_a_caller_url_cloned_is_a_request():
    out, _ = scan(G)
    f = only(out.findings, tool="summarize_repo")
    assert f.rule_id == "tool-ssrf"
    assert f.location.line == line_of("server.ts", "await simpleGit().clone(repo, dir)", G)
    assert f.message == ("tool 'summarize_repo' passes parameter 'repo' to simple-git clone(): "
                         "server-side request forgery")


def test_a_caller_folder_cloned_into_is_a_write():
    out, _ = scan(G)
    f = only(out.findings, tool="clone_into")
    assert f.rule_id == "capability-file-access"
    assert f.location.line == line_of("server.ts", "await git.clone(", G)
    assert f.message.startswith("tool 'clone_into' reads and writes any file the caller names: "
                                "parameter 'folder' reaches simple-git clone() as is")


def test_a_fixed_url_and_folder_are_no_finding():
    out, _ = scan(G)
    assert not [f for f in out.findings if f.tool == "clone_team"]
