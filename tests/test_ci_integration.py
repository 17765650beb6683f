"""CI integration: the composite GitHub Action's gate logic and the pre-commit hook."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def steps() -> Dict[str, dict]:
    return {s.get("id") or s["name"]: s for s in ACTION["runs"]["steps"]}


pytestmark_bash_early = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def test_action_shape() -> None:
    assert ACTION["runs"]["using"] == "composite"
    for name in ("path", "fail-on", "min-score", "baseline", "sarif-file", "version", "extra-args"):
        assert name in ACTION["inputs"]
    for name in ("exit-code", "findings", "score", "sarif-file"):
        assert ACTION["outputs"][name]["value"] == f"${{{{ steps.scan.outputs.{name} }}}}"
    install = steps()["install"]["run"]
    assert "MCPAUDIT_ACTION_PATH" in install and "pip install" in install
    assert steps()["install"]["env"]["MCPAUDIT_ACTION_PATH"] == "${{ github.action_path }}"


def test_action_pins_actions_by_commit_and_leaks_nothing_into_the_job() -> None:
    uses = [s["uses"] for s in ACTION["runs"]["steps"] if "uses" in s]
    assert uses, "the action uses setup-python and cache"
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{ref} is not pinned to a commit"
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    assert "GITHUB_ENV" not in text and "GITHUB_PATH" not in text
    install = steps()["install"]
    assert 'echo "bin=$bin" >> "$GITHUB_OUTPUT"' in install["run"]
    assert steps()["scan"]["env"]["MCPAUDIT_BIN"] == "${{ steps.install.outputs.bin }}"


def test_action_caches_pip_downloads_and_mcpaudit_results() -> None:
    by_name = {s["name"]: s for s in ACTION["runs"]["steps"]}
    pip_cache, results = by_name["Cache pip downloads"], by_name["Cache mcpaudit results"]
    assert pip_cache["uses"].startswith("actions/cache@") and results["uses"].startswith("actions/cache@")
    assert pip_cache["with"]["path"] == steps()["install"]["env"]["PIP_CACHE_DIR"]
    assert "steps.key.outputs.deps" in pip_cache["with"]["key"] and "inputs.python-version" in pip_cache["with"]["key"]
    # the result cache is where the scan keeps it, signing key included (XDG_CACHE_HOME/mcpaudit)
    assert results["with"]["path"] == steps()["scan"]["env"]["XDG_CACHE_HOME"]
    assert "github.sha" in results["with"]["key"] and results["with"]["restore-keys"].strip()
    assert all(s.get("if") == "inputs.cache == 'true'" for s in (pip_cache, results, steps()["key"]))
    assert ACTION["inputs"]["cache"]["default"] == "true"


@pytestmark_bash_early
def test_action_cache_key_step(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    out = tmp_path / "out"
    for version, expected in (("", r"deps=src-[0-9a-f]{16}"), ("0.2.0", r"deps=pypi-0\.2\.0"),
                              ("1.0;rm -rf", r"deps=pypi-1\.0_rm_-rf")):
        out.write_text("")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GITHUB_OUTPUT": str(out),
               "MCPAUDIT_ACTION_PATH": str(tmp_path), "MCPAUDIT_VERSION": version}
        proc = subprocess.run(["bash", "-c", steps()["key"]["run"]], env=env, capture_output=True, text=True, timeout=30)
        assert proc.returncode == 0, proc.stderr
        assert re.fullmatch(expected, out.read_text().strip()), out.read_text()


def test_action_is_zizmor_clean(run_note) -> None:
    """zizmor, offline and pedantic, finds nothing in the action (it once found two highs:
    setup-python pinned by tag, and the venv path leaking to later steps through GITHUB_ENV)."""
    zizmor = Path(sys.executable).parent / "zizmor"
    if not zizmor.exists():
        zizmor = Path(shutil.which("zizmor") or "")
    if not zizmor.name or not zizmor.exists():
        reason = "zizmor not installed (pip install -e '.[test]'): the action was not audited"
        run_note(reason)
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    proc = subprocess.run([str(zizmor), "--offline", "--persona", "pedantic", "--format", "json", "action.yml"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout or "[]") == []


def test_action_scripts_never_expand_inputs_inline() -> None:
    """Inputs reach the shell only as environment variables (no script injection)."""
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step.get("name")


FAKE_MCPAUDIT = """\
#!/usr/bin/env bash
printf '%s\\n' "$@" > "$FAKE_ARGS"
out=""
prev=""
for a in "$@"; do
  if [ "$prev" = "--output" ]; then out="$a"; fi
  prev="$a"
done
if [ -n "$out" ] && [ "$FAKE_WRITE" = "1" ]; then cp "$FAKE_SARIF" "$out"; fi
exit "$FAKE_CODE"
"""


def run_scan_step(tmp_path: Path, code: int, fail: str = "true", write: bool = True,
                  **inputs: str):
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    fake = bindir / "mcpaudit"
    fake.write_text(FAKE_MCPAUDIT)
    fake.chmod(0o755)
    py = bindir / "python"
    if not py.exists():
        py.symlink_to(sys.executable)
    sarif = {"version": "2.1.0", "runs": [{"results": [
        {"ruleId": "a"}, {"ruleId": "b"}, {"ruleId": "c", "suppressions": [{"kind": "external"}]}],
        "properties": {"score": 61.5}}]}
    (tmp_path / "fake.sarif").write_text(json.dumps(sarif))
    output = tmp_path / "github_output"
    output.write_text("")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "MCPAUDIT_BIN": str(bindir),
        "GITHUB_OUTPUT": str(output),
        "FAKE_ARGS": str(tmp_path / "args"),
        "FAKE_SARIF": str(tmp_path / "fake.sarif"),
        "FAKE_CODE": str(code),
        "FAKE_WRITE": "1" if write else "0",
        "INPUT_PATH": ".",
        "INPUT_FAIL_ON": "high",
        "INPUT_MIN_SCORE": "",
        "INPUT_BASELINE": "",
        "INPUT_DIFF": "",
        "INPUT_CONFIG": "",
        "INPUT_SARIF_FILE": "out.sarif",
        "INPUT_EXTRA_ARGS": "",
        "INPUT_FAIL": fail,
    }
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    proc = subprocess.run(["bash", "-c", steps()["scan"]["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    args = (tmp_path / "args").read_text().splitlines() if (tmp_path / "args").exists() else []
    return proc, outputs, args


pytestmark_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


@pytestmark_bash
@pytest.mark.parametrize("code, fail, step_code", [
    (0, "true", 0), (1, "true", 1), (1, "false", 0), (2, "true", 2), (2, "false", 2)])
def test_action_gate(tmp_path: Path, code: int, fail: str, step_code: int) -> None:
    proc, outputs, _ = run_scan_step(tmp_path, code, fail)
    assert proc.returncode == step_code, proc.stdout + proc.stderr
    assert outputs == {"exit-code": str(code), "findings": "2", "score": "61.5",
                       "sarif-file": "out.sarif"}
    assert (tmp_path / "out.sarif").exists()  # written before the gate decided


@pytestmark_bash
def test_action_passes_inputs_as_arguments_without_shell_evaluation(tmp_path: Path) -> None:
    hostile = "src dir/$(touch pwned);`touch pwned2`"
    proc, outputs, args = run_scan_step(
        tmp_path, 0, path=hostile, fail_on="medium", min_score="70", baseline="b.json",
        diff="origin/main...", config="ci.toml", extra_args="--min-confidence low  --jobs 2")
    assert proc.returncode == 0, proc.stderr
    assert args == ["scan", "--format", "sarif", "--output", "out.sarif", "--fail-on", "medium",
                    "--min-score", "70", "--baseline", "b.json", "--diff", "origin/main...",
                    "--config", "ci.toml", "--min-confidence", "low", "--jobs", "2", "--",
                    hostile]
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()


@pytestmark_bash
def test_action_without_sarif_still_reports_the_exit_code(tmp_path: Path) -> None:
    proc, outputs, _ = run_scan_step(tmp_path, 2, write=False)
    assert proc.returncode == 2
    assert outputs["exit-code"] == "2" and outputs["findings"] == ""
    assert "no SARIF report" in proc.stdout


# -- pre-commit --------------------------------------------------------------------------------

VULNERABLE = textwrap.dedent('''\
    import subprocess
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("demo")


    @mcp.tool()
    def run(cmd: str) -> str:
        """Run a command."""
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout
''')

SAFE = textwrap.dedent('''\
    from mcp.server.fastmcp import FastMCP

    mcp = FastMCP("demo")


    @mcp.tool()
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b
''')


def test_pre_commit_hook_manifest() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "mcpaudit" and hook["language"] == "python"
    assert hook["entry"] == "mcpaudit scan --compact --no-progress" and hook["types"] == ["python"]
    assert hook["pass_filenames"] is True and hook["require_serial"] is True


# two fresh hook environments (about 2.5 minutes): kept in the normal suite, the issue asks for it
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """The hook installs from this repository and fails a vulnerable file, passes a safe one.

    try-repo clones this repository's HEAD (plus tracked, uncommitted changes; untracked files
    are NOT included), so the hook manifest and the whole package must be committed; each call
    pip-installs the package and its dependencies from the package index into a fresh
    environment of its own (about a minute each).
    """
    pytest.importorskip("mcpaudit.cli", reason="the mcpaudit CLI is not importable yet")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pre_commit = Path(shutil.which("pre-commit") or "")
    if not pre_commit.name or not pre_commit.exists() or shutil.which("git") is None:
        pytest.skip("pre-commit and git are needed")
    if not (REPO / ".git").exists():
        pytest.skip("try-repo needs the mcpaudit git checkout")

    work = tmp_path / "project"
    work.mkdir()
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pc-home"), PRE_COMMIT_COLOR="never",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    env.pop("PYTHONPATH", None)
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    (work / "server.py").write_text(VULNERABLE)
    (work / "safe.py").write_text(SAFE)
    # only the taint engine: keeps the hook's own run fast and independent of semgrep/bandit
    (work / "mcpaudit.toml").write_text('engines = ["cst"]\n')
    subprocess.run(["git", "add", "-A"], cwd=work, check=True, env=env)

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(pre_commit), "try-repo", str(REPO), "mcpaudit", "--verbose", "--files", *files],
            cwd=work, env=env, capture_output=True, text=True, timeout=900)

    bad = try_repo("server.py")
    out = bad.stdout + bad.stderr
    assert bad.returncode == 1, out
    assert re.search(r"mcpaudit.*Failed", out), out
    assert "tool-shell-injection" in out and "server.py" in out
    # the compact report: the finding and the gate, not the checklists of a handful of files
    assert "gate failed" in out and "Checklists" not in out and "MCP tools (" not in out

    good = try_repo("safe.py")
    out = good.stdout + good.stderr
    assert good.returncode == 0, out
    assert re.search(r"mcpaudit.*Passed", out), out
