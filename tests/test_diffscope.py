"""--diff: changed lines from a real git repository, and filtering findings to them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mcpaudit.config import ConfigError
from mcpaudit.diffscope import changed_lines, filter_to_diff
from mcpaudit.models import Confidence, Finding, FlowStep, Location, Severity

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "user.name", "Test")
    git(root, "config", "commit.gpgsign", "false")
    (root / "server.py").write_text("".join(f"line{i}\n" for i in range(1, 11)))
    (root / "my tool é.py").write_text("a\nb\nc\n")
    (root / "gone.py").write_text("x\n")
    (root / "pkg").mkdir()
    (root / "pkg" / "mod.py").write_text("one\ntwo\n")
    (root / ".gitignore").write_text("ignored.py\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_changed_lines_new_side_numbers(repo: Path) -> None:
    lines = (repo / "server.py").read_text().splitlines()
    lines[2] = "CHANGED3"  # modified line 3
    lines.insert(6, "INSERTED")  # new line 7
    del lines[9]  # a deletion (old line 10 -> nothing on the new side)
    (repo / "server.py").write_text("\n".join(lines) + "\n")
    (repo / "my tool é.py").write_text("a\nB\nc\nd\n")
    (repo / "gone.py").unlink()
    (repo / "new file.py").write_text("n1\nn2\nn3")  # untracked, no final newline
    (repo / "ignored.py").write_text("i\n")
    git(repo, "add", "my tool é.py")  # staged and unstaged changes both count
    odd = 'quo"te\tand\\slash.py'  # git C-quotes these names even with core.quotepath=off
    (repo / odd).write_text("q\n")
    git(repo, "add", odd)

    changed = changed_lines(repo, "HEAD")
    assert changed["server.py"] == {3, 7}
    assert changed["my tool é.py"] == {2, 4}
    assert changed["new file.py"] == {1, 2, 3}
    assert changed[odd] == {1}
    assert "gone.py" not in changed
    assert "ignored.py" not in changed
    assert "pkg/mod.py" not in changed


def test_committed_changes_against_a_branch_and_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "pkg" / "mod.py").write_text("one\ntwo\nthree\n")
    git(repo, "commit", "-qam", "feature work")
    assert changed_lines(repo, "main") == {"pkg/mod.py": {3}}
    # main moves on; "main..." diffs against the merge base, so main's own change is not ours
    git(repo, "checkout", "-q", "main")
    (repo / "server.py").write_text((repo / "server.py").read_text().replace("line5", "LINE5"))
    git(repo, "commit", "-qam", "main work")
    git(repo, "checkout", "-q", "feature")
    assert changed_lines(repo, "main...") == {"pkg/mod.py": {3}}
    # against main itself, main's edit shows up as a difference on our side
    assert changed_lines(repo, "main") == {"pkg/mod.py": {3}, "server.py": {5}}


def test_paths_are_relative_to_a_subdirectory_root(repo: Path) -> None:
    (repo / "pkg" / "mod.py").write_text("one\nTWO\n")
    (repo / "server.py").write_text("changed\n")
    assert changed_lines(repo / "pkg", "HEAD") == {"mod.py": {2}}


def test_rename_with_an_edit_reports_only_the_edit(repo: Path) -> None:
    git(repo, "mv", "server.py", "moved.py")
    text = (repo / "moved.py").read_text().replace("line5\n", "LINE5\n")
    (repo / "moved.py").write_text(text)
    git(repo, "add", "-A")
    assert changed_lines(repo, "HEAD") == {"moved.py": {5}}


def test_bad_ref_is_a_config_error(repo: Path) -> None:
    with pytest.raises(ConfigError, match="unknown git revision 'no-such-branch'"):
        changed_lines(repo, "no-such-branch")
    with pytest.raises(ConfigError, match="not a git revision"):
        changed_lines(repo, "--output=/tmp/pwned")


def test_not_a_repository_is_a_config_error(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ConfigError, match="not inside a git work tree"):
        changed_lines(plain, "HEAD")


def make(path: str, line: int, end_line=None, flow=()) -> Finding:
    return Finding(rule_id="r", engine="cst", severity=Severity.HIGH, confidence=Confidence.HIGH,
                   message="m", location=Location(path, line, 1, end_line),
                   flow=[FlowStep(Location(p, n), "step") for p, n in flow])


def test_filter_to_diff() -> None:
    changed = {"a.py": {3, 7}, "b.py": {1}}
    on_line = make("a.py", 3)
    spanning = make("a.py", 5, end_line=8)
    outside = make("a.py", 4)
    other_file = make("c.py", 3)
    via_flow = make("a.py", 20, flow=[("b.py", 1), ("a.py", 20)])
    kept = filter_to_diff([on_line, spanning, outside, other_file, via_flow], changed)
    assert kept == [on_line, spanning, via_flow]
    assert filter_to_diff([on_line], {}) == []
