"""Causes of the twentieth Python holdout, reader B (issue 12, branch py20b), each with a twin
(``fixtures/taint/flows20b``): git commands none of whose options runs a program or touches a
file (the process models' ``option-hazards``), membership in a list of the repository's ref
names (``dashless-names``), and a GitPython argv built as a list and spread (``*args``)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.catalog import catalog
from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows20b"
found = FlowGroups("flows20b").found
line_of = line_in


_GIT = FLOWS / "gitcmds" / "server.py"


def _injections(low: bool = False):
    return {f.location.line: f for f in found("gitcmds", low) if f.rule_id == "tool-argument-injection"}


def test_commands_without_a_harmful_option_are_no_argument_injection():
    rows = _injections(low=True)
    # git remote add / git mv: every option only toggles the command's own job
    assert line_of(_GIT, 'repo.git.remote("add", name, url)') not in rows
    assert line_of(_GIT, "repo.git.mv(source, target)") not in rows
    # twin: git show has --output, named in the message
    show = rows[line_of(_GIT, "repo.git.show(revision)")]
    assert show.tool == "git_tool" and show.confidence >= Confidence.MEDIUM
    assert "git show options that run a program, touch a file or send a credential elsewhere: --output" in show.message


def test_option_hazards_table_is_catalog_data():
    M = catalog().python
    assert M.option_hazards["git remote add"] == frozenset()
    assert "--upload-pack" in M.option_hazards["git fetch"]


def test_membership_in_the_repositorys_ref_names_is_a_guard():
    rows = _injections(low=True)
    assert line_of(_GIT, "# a local branch's name") not in rows
    assert line_of(_GIT, "# a branch's name") not in rows  # local and remote refs, extended in a loop
    twin = rows[line_of(_GIT, "return repo.git.rebase(target)  # expect")]  # a caller list joins them
    assert twin.tool == "git_tool" and twin.confidence >= Confidence.MEDIUM


def test_a_list_spread_into_a_gitpython_call_is_read_element_by_element():
    rows = _injections()
    fetch = rows[line_of(_GIT, "return repo.git.fetch(*args)  # expect")]
    assert fetch.tool == "git_tool" and fetch.parameter == "name"
    assert "git fetch options that run a program, touch a file or send a credential elsewhere: --upload-pack" in fetch.message
    push = rows[line_of(_GIT, "return repo.git.push(*push_args)")]
    assert "--receive-pack" in push.message
    # twin: '--' inserted before the remote
    guarded = line_of(_GIT, 'args.insert(0, "--")') + 1
    assert guarded not in rows


_TUPLE = FLOWS / "tuplepath" / "server.py"


def test_a_path_method_on_a_helpers_annotated_path_result():
    rows = {(f.rule_id, f.location.line, f.tool) for f in found("tuplepath", low=True)}
    # -> Path, and element 0 of -> tuple[Path, str] (a helper of another module)
    assert ("tool-path-traversal", line_of(_TUPLE, "target.unlink()"), "delete_one") in rows
    assert ("tool-path-traversal", line_of(_TUPLE, "abs_path.unlink()"), "delete_pair") in rows
    # twins: element 0 of -> tuple[str, str] has .replace(), a project class's own .unlink()
    assert not any(ln in (line_of(_TUPLE, 'first.replace("a", "b")'), line_of(_TUPLE, "rec.unlink()"))
                   for _r, ln, _t in rows)
    msg = [f.message for f in found("tuplepath") if f.location.line == line_of(_TUPLE, "abs_path.unlink()")]
    assert msg == ["tool 'delete_pair' passes parameter 'path' to .unlink(): path traversal / arbitrary file access (write)"]


def test_tags_of_another_library_are_not_ref_names():
    tags = FLOWS / "gitcmds" / "tags.py"
    rows = [f for f in found("gitcmds") if f.location.path.endswith("tags.py")]
    assert [(f.rule_id, f.location.line, f.tool) for f in rows] == [
        ("tool-argument-injection", line_of(tags, '["tagtool", "show", tag]'), "show_tag")]
