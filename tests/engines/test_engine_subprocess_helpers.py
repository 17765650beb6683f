"""Helpers shared by the subprocess engines: PATH hygiene, argv chunking, path mapping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mcpaudit.engines._subprocess import (
    RootMapper,
    chunk_args,
    find_executable,
    scrubbed_env,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX paths and executables")


@posix_only
def test_relative_path_entries_never_find_an_executable(tmp_path, monkeypatch):
    fake = tmp_path / "mcpaudit-fake-tool"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    (tmp_path / "bin").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", os.pathsep.join([".", "", "bin", "/usr/bin"]))
    assert find_executable("mcpaudit-fake-tool") is None
    assert find_executable("mcpaudit-fake-tool", "mcpaudit-fake-tool") is None
    # an explicit path is honoured
    assert find_executable("x", str(fake)) == str(fake)
    assert find_executable("x", "./mcpaudit-fake-tool") == str(fake.absolute())


@posix_only
def test_scrubbed_env_keeps_only_absolute_path_entries(monkeypatch):
    monkeypatch.setenv("PATH", os.pathsep.join([".", "bin", "", "/usr/bin", "/bin", "/usr/bin"]))
    monkeypatch.setenv("SEMGREP_RULES", "p/default")
    env = scrubbed_env(("SEMGREP_",), {"X": "1"}, path_first=["/opt/venv/bin"])
    assert env["PATH"].split(os.pathsep) == ["/opt/venv/bin", "/usr/bin", "/bin"]
    assert "SEMGREP_RULES" not in env and env["X"] == "1"


def test_chunk_args_respects_budget_and_count():
    args = [f"/root/file_{i:04d}.py" for i in range(100)]
    chunks = list(chunk_args(args, budget=500))
    assert [a for c in chunks for a in c] == args
    assert all(sum(len(a) + 9 for a in c) <= 500 for c in chunks)
    assert all(len(c) <= 7 for c in chunk_args(args, budget=10**6, max_count=7))
    # one oversized argument still gets its own chunk rather than being dropped
    assert list(chunk_args(["x" * 1000], budget=10)) == [["x" * 1000]]
    assert list(chunk_args([], budget=10)) == []


def test_root_mapper_collapses_dotdot_and_rejects_outside(tmp_path):
    root = tmp_path / "root"
    (root / "pkg").mkdir(parents=True)
    m = RootMapper(root)
    assert m.relative(str(root / "pkg" / "a.py")) == "pkg/a.py"
    assert m.relative(str(root / "pkg" / ".." / "b.py")) == "b.py"
    assert m.relative(str(root / ".." / "evil.py")) is None
    assert m.relative(str(tmp_path / "rootx" / "a.py")) is None  # a sibling with a common prefix
    assert m.relative(str(root)) is None
    assert m.relative("/etc/passwd") is None


@posix_only
def test_root_mapper_accepts_the_resolved_root(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    m = RootMapper(link)
    assert m.relative(str(real / "a.py")) == "a.py"
    assert m.relative(str(link / "a.py")) == "a.py"
    assert isinstance(Path(m.absolute("a.py")), Path)
