"""The filesystem as an attacker lays it out: symlink loops, links out of the root, files and
directories that cannot be read, names built to confuse a command line or a report, binaries
dressed as ``.py``, a single file as the target."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_helpers import VULN_SERVER, cli, finding_paths, scan, skipped, write

from mcpaudit.api import discover, scan_root
from mcpaudit.config import Config
from mcpaudit.engines import cst as cst_engine

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32",
                                    reason="needs POSIX symlinks")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")


# ------------------------------------------------------------------------------------ symlinks


@pytest.fixture()
def linked(tmp_path):
    """repo/ with loops and links out; outside/ holds vulnerable code that must never be read."""
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    write(repo / "server.py", VULN_SERVER)
    write(repo / "pkg" / "inner.py", VULN_SERVER)
    write(outside / "secret_server.py", VULN_SERVER)
    os.symlink(".", repo / "loop")                       # directory loop
    os.symlink("..", repo / "pkg" / "up")                # loop through the parent
    os.symlink("b.py", repo / "a.py")                    # file loop a -> b -> a
    os.symlink("a.py", repo / "b.py")
    os.symlink("missing.py", repo / "dangling.py")       # broken link
    os.symlink(outside / "secret_server.py", repo / "out_abs.py")          # absolute link out
    os.symlink("../outside/secret_server.py", repo / "out_rel.py")         # relative link out
    os.symlink("../outside", repo / "out_dir")                              # directory link out
    os.symlink("/etc/passwd", repo / "passwd.py")
    os.symlink("pkg/inner.py", repo / "inside_link.py")  # a link that stays inside is fine
    return repo, outside


@needs_symlinks
def test_symlink_loops_terminate_and_links_out_of_the_root_are_never_followed(linked):
    repo, outside = linked
    result = scan(repo)
    reasons = skipped(result)
    for p in ("out_abs.py", "out_rel.py", "passwd.py"):
        assert any("outside the scanned root" in r for r in reasons[p]), (p, reasons)
    for p in ("out_dir", "loop", "pkg/up"):
        assert any("symlinked directory" in r for r in reasons[p]), (p, reasons)
    for p in ("a.py", "b.py", "dangling.py"):
        assert any("not a regular file" in r for r in reasons[p]), (p, reasons)
    found = finding_paths(result, "tool-shell-injection")
    assert {"server.py", "pkg/inner.py", "inside_link.py"} <= found
    # nothing from outside: no finding, no tool, no source text, no path with '..'
    assert not any("secret" in p or ".." in p.split("/") for p in found)
    assert not any(".." in t.location.path.split("/") for t in result.tools)
    assert all(not f.location.path.startswith("/") for f in result.findings)


@needs_symlinks
def test_symlink_named_on_the_command_line_that_points_outside_is_reported_not_followed(linked, tmp_path):
    repo, outside = linked
    out = tmp_path / "r.json"
    res = cli(["scan", "--engines", "cst", "--format", "json", "-o", str(out), "--",
               str(repo / "out_rel.py")])
    doc = json.loads(out.read_text())
    assert res.exit_code == 0, res.output
    assert doc["findings"] == []
    assert any(s["path"] == "out_rel.py" and "outside" in s["reason"] for s in doc["skipped"]), doc["skipped"]


@needs_symlinks
def test_a_directory_named_through_a_symlink_is_scanned_with_root_relative_paths(tmp_path):
    """Regression: root came from the resolved path, the walk from the link, so every path began
    with '../' and every finding was silently dropped (exit 0 on a vulnerable server)."""
    real = tmp_path / "real_repo"
    write(real / "server.py", VULN_SERVER)
    os.symlink(real, tmp_path / "link_to_repo")
    result = scan(tmp_path / "link_to_repo")
    assert finding_paths(result, "tool-shell-injection") == {"server.py"}
    res = cli(["scan", "--engines", "cst", "--format", "json", str(tmp_path / "link_to_repo")])
    assert res.exit_code == 1  # the gate fails on the critical finding
    assert [f["path"] for f in json.loads(res.stdout)["findings"]] == ["server.py"]


@needs_symlinks
def test_a_file_named_through_a_symlinked_directory_is_scanned(tmp_path):
    real = tmp_path / "real_repo"
    write(real / "server.py", VULN_SERVER)
    os.symlink(real, tmp_path / "link_to_repo")
    result = scan(tmp_path / "link_to_repo" / "server.py")
    assert finding_paths(result, "tool-shell-injection") == {"server.py"}


@needs_symlinks
def test_discover_never_returns_a_path_outside_the_root(linked):
    repo, _ = linked
    root = scan_root([repo])
    py, other, skips = discover([repo], root, Config())
    for abspath, rel in py + other:
        assert not rel.startswith("../") and not os.path.isabs(rel)
        assert os.path.commonpath([os.path.realpath(abspath), str(root)]) == str(root)


# ---------------------------------------------------------------------- unreadable things


@needs_fifo
def test_fifo_named_py_is_skipped_and_never_blocks(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    os.mkfifo(repo / "pipe.py")
    # a FIFO opened for reading blocks until a writer appears: run in a child with a deadline
    proc = subprocess.run(
        [sys.executable, "-m", "mcpaudit.cli", "scan", "--engines", "cst", "--no-cache",
         "--format", "json", "--fail-on", "never", str(repo)],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert any(s["path"] == "pipe.py" and "not a regular file" in s["reason"] for s in doc["skipped"])
    assert [f["path"] for f in doc["findings"]] == ["server.py"]


@needs_fifo
def test_analyze_file_on_a_fifo_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "p.py")
    res = cst_engine.analyze_file(str(tmp_path / "p.py"), "p.py", 1000, 5.0)
    assert res.skipped == "not a regular file"


def test_unreadable_file_is_skipped_with_the_reason(tmp_path, monkeypatch):
    """As root chmod 000 does not stop a read, so the denial is simulated at the open() the cst
    engine makes; as another user the real permission bits are used as well."""
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    locked = write(repo / "locked.py", VULN_SERVER)
    real_open = os.open

    def deny(path, *a, **k):
        if os.fspath(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", deny)
    # in-process (jobs=1, no worker processes) so the simulated denial applies
    res = cst_engine.analyze_file(str(locked), "locked.py", 10_000_000, 5.0)
    assert res.skipped == "cannot be read: Permission denied"
    files = [(str(repo / "locked.py"), "locked.py"), (str(repo / "server.py"), "server.py")]
    out, _project = cst_engine.run(files, repo, jobs=1)
    assert [(s.path, s.reason) for s in out.skipped] == [("locked.py", "cannot be read: Permission denied")]
    assert [e.fatal for e in out.errors] == [False]
    assert {f.location.path for f in out.findings} == {"server.py"}


@pytest.mark.skipif(IS_ROOT, reason="running as root: chmod 000 does not stop root from reading "
                                    "(the simulated denial in test_unreadable_file_is_skipped_with_the_reason covers it)")
def test_unreadable_file_real_permissions(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    locked = write(repo / "locked.py", VULN_SERVER)
    locked.chmod(0)
    try:
        result = scan(repo)
    finally:
        locked.chmod(0o644)
    assert any("cannot be read" in r for r in skipped(result)["locked.py"])
    assert finding_paths(result) == {"server.py"}


def test_unreadable_directory_is_reported_and_the_rest_is_scanned(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    locked = repo / "locked"
    write(locked / "hidden.py", VULN_SERVER)
    if IS_ROOT:
        # root reads a mode-000 directory: make os.scandir (what os.walk lists with) fail for it
        real_scandir = os.scandir

        def scandir(path="."):
            if os.path.realpath(os.fspath(path)) == os.path.realpath(locked):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0)
    try:
        result = scan(repo)
    finally:
        locked.chmod(0o755)
    assert any("cannot be read: Permission denied" in r for r in skipped(result)["locked"]), skipped(result)
    assert finding_paths(result) == {"server.py"}


# -------------------------------------------------------------------------------- names

WEIRD_NAMES = [
    "with space.py",
    "new\nline.py",
    "-leading-dash.py",
    "--help.py",
    "ünïcødé_名前.py",
    "tab\there.py",
    "semi;colon $(touch pwned).py",
    "quote'\"back`tick.py",
]


@pytest.fixture()
def weird_tree(tmp_path):
    repo = tmp_path / "repo"
    for name in WEIRD_NAMES:
        write(repo / name, VULN_SERVER)
    return repo


def test_weird_file_names_are_scanned_via_the_directory(weird_tree, tmp_path):
    out = tmp_path / "r.json"
    res = cli(["scan", "--engines", "cst", "--format", "json", "-o", str(out), str(weird_tree)])
    assert res.exit_code == 1, res.output  # every file has a critical finding
    doc = json.loads(out.read_text())
    assert {f["path"] for f in doc["findings"]} == set(WEIRD_NAMES)
    assert not (weird_tree / "pwned").exists() and not (tmp_path / "pwned").exists()


def test_weird_file_names_are_scanned_as_cli_arguments(weird_tree, tmp_path):
    out = tmp_path / "r.json"
    # relative names after '--', from inside the directory: '-leading-dash.py' and '--help.py'
    # must be taken as paths, not options
    res = cli(["scan", "--engines", "cst", "--format", "json", "-o", str(out), "--", *WEIRD_NAMES],
              cwd=weird_tree)
    assert res.exit_code == 1, res.output
    doc = json.loads(out.read_text())
    assert {f["path"] for f in doc["findings"]} == set(WEIRD_NAMES)


def test_dash_named_file_without_double_dash_is_a_usage_error_not_a_scan(weird_tree):
    res = cli(["scan", "--engines", "cst", "--bogus-dash.py"], cwd=weird_tree)
    assert res.exit_code == 2


# --------------------------------------------------------------------- binaries, single file


def test_binaries_named_py_are_skipped(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "server.py", VULN_SERVER)
    elf = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64
    write(repo / "elf.py", elf)
    write(repo / "pyc.py", b"\xa7\r\r\n\x00\x00\x00\x00" + os.urandom(512))
    # high bytes but no NUL: not UTF-8
    write(repo / "noise.py", bytes(b for b in os.urandom(4096) if b >= 0x80) + b"subprocess")
    write(repo / "gzip.py", b"\x1f\x8b\x08\x00" + bytes(range(1, 256)) * 8)
    result = scan(repo)
    reasons = skipped(result)
    assert any("NUL" in r for r in reasons["elf.py"])
    assert any("NUL" in r for r in reasons["pyc.py"])
    assert any("not valid utf-8" in r for r in reasons["noise.py"])
    assert "gzip.py" in reasons
    assert finding_paths(result) == {"server.py"}


def test_single_file_target(tmp_path):
    repo = tmp_path / "repo"
    target = write(repo / "sub" / "server.py", VULN_SERVER)
    write(repo / "sub" / "other.py", VULN_SERVER)
    result = scan(target)
    assert finding_paths(result) == {"server.py"}  # only the named file, relative to its folder
    (repo / ".git").mkdir()
    result = scan(target)
    assert finding_paths(result) == {"sub/server.py"}  # relative to the repository root
    res = cli(["scan", "--engines", "cst", "--format", "json", str(target)])
    assert res.exit_code == 1
    assert [f["path"] for f in json.loads(res.stdout)["findings"]] == ["sub/server.py"]


def test_missing_target_is_a_usage_error(tmp_path):
    res = cli(["scan", "--engines", "cst", str(tmp_path / "nope")])
    assert res.exit_code == 2
