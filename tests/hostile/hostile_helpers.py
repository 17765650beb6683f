"""Shared helpers for the hostile-input tests.

Every fixture tree is built at test time under ``tmp_path``: nothing hostile is checked in. The
helpers keep mcpaudit's per-user cache out of the real home directory and give each test a way to
run the pipeline (``scan``), the command line (``cli``) and fake semgrep/bandit adapters.
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path
from typing import Callable, Iterable, Optional

import pytest

from mcpaudit.api import audit
from mcpaudit.config import Config
from mcpaudit.engines import EngineOutput
from mcpaudit.models import AuditResult

# A minimal FastMCP server with one caller-controlled shell command: the tests use it to prove a
# file was really analysed (the finding is there) and not silently dropped.
VULN_SERVER = '''\
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("demo")


@mcp.tool()
def disk_usage(path: str) -> str:
    """Disk usage of a folder."""
    return subprocess.check_output("du -sh " + path, shell=True).decode()
'''


def make_config(**kw) -> Config:
    """A Config for in-process scans: cst only and no cache unless the test says otherwise."""
    kw.setdefault("engines", ("cst",))
    cfg = Config(**kw)
    if "cache" not in kw and hasattr(cfg, "cache"):
        cfg.cache = False
    return cfg


def scan(paths, **kw) -> AuditResult:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return audit([Path(p) for p in paths], make_config(**kw))


def skipped(result: AuditResult) -> dict:
    """root-relative path -> every skip reason given for it."""
    out: dict = {}
    for s in result.skipped:
        out.setdefault(s.path, []).append(s.reason)
    return out


def finding_paths(result: AuditResult, rule_id: Optional[str] = None) -> set:
    return {f.location.path for f in result.findings if rule_id is None or f.rule_id == rule_id}


def cli(args: Iterable[str], cwd: Optional[Path] = None):
    """Run ``mcpaudit`` in-process with click's CliRunner; returns the click Result."""
    from click.testing import CliRunner

    from mcpaudit.cli import main

    runner = CliRunner()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def write(path: Path, text, mode: str = "w") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def tree_snapshot(root: Path) -> dict:
    """Every entry below ``root`` (without following symlinks) -> (kind, size, mtime_ns)."""
    snap = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            snap[os.path.relpath(p, root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return snap


# ---------------------------------------------------------------------------------------------
# fake engines


def install_engine(monkeypatch, name: str, run: Callable[..., EngineOutput], metas=None) -> None:
    """Replace ``mcpaudit.engines.<name>.run`` (and ``rule_metas``) for this test.

    Works whether or not the adapter module exists in this build: when it cannot be imported a
    stub module stands in for it, so the pipeline's own error handling is what is exercised.
    """
    import importlib

    import mcpaudit.engines as engines_pkg

    modname = f"mcpaudit.engines.{name}"
    try:
        mod = importlib.import_module(modname)
    except ImportError:
        mod = types.ModuleType(modname)
        mod.rule_metas = lambda *a, **k: []  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, modname, mod)
        monkeypatch.setattr(engines_pkg, name, mod, raising=False)
    monkeypatch.setattr(mod, "run", run, raising=False)
    if metas is not None:
        monkeypatch.setattr(mod, "rule_metas", lambda *a, **k: list(metas), raising=False)


def ok_engine(name: str) -> Callable[..., EngineOutput]:
    """An adapter that runs fine and finds nothing."""

    def run(files, root, **kw) -> EngineOutput:
        return EngineOutput(name)

    return run


def failing_engine(name: str, exc: BaseException) -> Callable[..., EngineOutput]:
    def run(files, root, **kw) -> EngineOutput:
        raise exc

    return run
