"""A full scan (all three engines) never executes, imports or writes into what it scans, and the
same input gives the same report.

The fixture is a repository whose every file writes a marker if it is ever run or imported:
module-level code, ``__init__.py``, ``setup.py``, ``conftest.py``, ``sitecustomize.py``, a ``.pth``
file, an in-tree build backend, packages that shadow the engines (``bandit/``, ``semgrep/``,
``libcst/``, ``mcpaudit/``) and executables named like the tools mcpaudit runs, reachable through
relative PATH entries (``.``, ``bin``). The scans run from inside that repository, the way a user
or a CI job would.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from hostile_helpers import cli, tree_snapshot, write

from mcpaudit.api import audit
from mcpaudit.config import Config

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX executables and PATH"),
    pytest.mark.skipif(shutil.which("semgrep") is None and not os.path.exists(
        os.path.join(os.path.dirname(sys.executable), "semgrep")), reason="semgrep is not installed"),
]

SERVER = '''\
import os
import pickle
import subprocess

import requests
from mcp.server.fastmcp import FastMCP

open({marker!r} + "/module-level", "w").write("imported")

mcp = FastMCP("victim")
API_KEY = "sk_live_0123456789abcdefghijklmnop"


@mcp.tool()
def run(cmd: str) -> str:
    """Run a command."""
    return subprocess.check_output(cmd, shell=True).decode()


@mcp.tool()
def fetch(url: str) -> str:
    return requests.get(url, verify=False).text


@mcp.tool()
def load(blob: bytes):
    return pickle.loads(blob)


@mcp.tool()
def query(cursor, name: str):
    cursor.execute(f"SELECT * FROM users WHERE name = '{{name}}'")
    os.system("echo " + name)
    return eval(name)
'''


def _payload(marker_dir, tag: str) -> str:
    return f"open({str(marker_dir)!r} + '/{tag}', 'w').write('ran')\n"


def build_victim(root, markers):
    root.mkdir(parents=True)
    (root / ".git").mkdir()
    write(root / "server.py", SERVER.format(marker=str(markers)))
    for rel in ("pkg/__init__.py", "setup.py", "conftest.py", "sitecustomize.py", "usercustomize.py",
                "__main__.py", "backend.py", "bandit/__init__.py", "bandit/__main__.py",
                "semgrep/__init__.py", "semgrep/__main__.py", "libcst/__init__.py",
                "mcpaudit/__init__.py", "mcpaudit/__main__.py", "yaml/__init__.py",
                "encodings/__init__.py", "pkg/tests/conftest.py"):
        write(root / rel, "import subprocess\n" + _payload(markers, rel.replace("/", "_")))
    write(root / "setup.py", "from setuptools import setup\n" + _payload(markers, "setup") + "setup(name='x')\n")
    write(root / "evil.pth", "import os; " + _payload(markers, "pth"))
    write(root / "pyproject.toml", '[build-system]\nrequires = []\nbuild-backend = "backend"\n'
                                   'backend-path = ["."]\n')
    for exe in ("semgrep", "pysemgrep", "semgrep-core", "bandit", "python", "python3", "git", "sh"):
        for d in ("bin/", "") if not (root / exe).exists() else ("bin/",):
            p = write(root / f"{d}{exe}", f"#!/bin/sh\necho ran > '{markers}/exe-{exe}'\n")
            p.chmod(0o755)
    return root


@pytest.fixture(scope="module")
def victim(tmp_path_factory):
    base = tmp_path_factory.mktemp("victim")
    markers = base / "markers"
    markers.mkdir()
    root = build_victim(base / "repo", markers)
    cache = base / "cache"
    before = tree_snapshot(root)
    results = []
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        # a careless but common PATH: relative entries, resolved against the scanned repository
        mp.setenv("PATH", os.pathsep.join([".", "bin", os.environ.get("PATH", "")]))
        mp.setenv("MCPAUDIT_CACHE_DIR", str(cache))
        mp.setenv("XDG_CACHE_HOME", str(cache))
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        for _ in range(2):
            results.append(audit([root], Config(cache=False)))
        cli_out = base / "report.txt"
        res = cli(["scan", "--format", "rich", "-o", str(cli_out), "."], cwd=root)
    return {"root": root, "markers": markers, "before": before, "results": results, "cli": res,
            "after": tree_snapshot(root)}


def test_the_full_scan_really_ran_every_engine(victim):
    for result in victim["results"]:
        assert not result.fatal_errors, result.errors
        assert result.engines_run == ["cst", "semgrep", "bandit"]
        engines = {f.engine for f in result.findings} | {
            x.split(":")[0] for f in result.findings for x in f.also_reported_by}
        assert engines == {"cst", "semgrep", "bandit"}, engines
    assert victim["cli"].exit_code == 1  # findings, no engine error


def test_nothing_in_the_scanned_tree_was_executed_or_imported(victim):
    assert sorted(os.listdir(victim["markers"])) == []


def test_nothing_was_written_into_the_scanned_tree(victim):
    assert victim["after"] == victim["before"]
    assert not any("__pycache__" in p or p.endswith(".pyc") for p in victim["after"])


def test_json_and_sarif_are_identical_across_runs_apart_from_timings(victim):
    from mcpaudit.reporters import json as json_reporter
    from mcpaudit.reporters import sarif

    a, b = victim["results"]
    assert sarif.render(a) == sarif.render(b)
    ja = json.loads(json_reporter.render(a, timestamp=False))
    jb = json.loads(json_reporter.render(b, timestamp=False))
    for doc in (ja, jb):
        for key in ("seconds", "engine_seconds"):
            doc["stats"].pop(key, None)
    assert json.dumps(ja, sort_keys=True) == json.dumps(jb, sort_keys=True)


def test_json_is_byte_identical_across_runs_with_timestamp_off(victim):
    from mcpaudit.reporters import json as json_reporter

    a, b = victim["results"]
    assert json_reporter.render(a, timestamp=False) == json_reporter.render(b, timestamp=False)


def test_json_timestamp_is_left_out_with_source_date_epoch(victim, monkeypatch):
    from mcpaudit.reporters import json as json_reporter

    a = victim["results"][0]
    assert "generated_at" in json.loads(json_reporter.render(a))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert "generated_at" not in json.loads(json_reporter.render(a))
    assert "generated_at" not in json.loads(json_reporter.render(a, timestamp=True))


def test_bandit_run_from_inside_a_repo_with_its_own_bandit_package_runs_the_real_bandit(tmp_path, monkeypatch):
    """Regression: `python -m bandit` was started in the user's working directory, so scanning
    from inside a repository that ships bandit/__main__.py executed it."""
    from mcpaudit.engines import bandit

    markers = tmp_path / "m"
    markers.mkdir()
    repo = tmp_path / "repo"
    write(repo / "bandit" / "__main__.py", _payload(markers, "bandit-main"))
    write(repo / "bandit" / "__init__.py", _payload(markers, "bandit-init"))
    write(repo / "app.py", "import subprocess\nsubprocess.call('ls', shell=True)\n")
    monkeypatch.chdir(repo)
    out = bandit.run([repo / "app.py"], repo, timeout=120)
    assert os.listdir(markers) == []
    assert out.ran and not out.errors, out.errors
    assert any(f.rule_id.startswith("B60") for f in out.findings)
