"""semgrep's two front ends: the OCaml CLI (``semgrep scan --experimental``) runs first, the
Python CLI when it fails; both accept every flag we pass and give the same report."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mcpaudit.engines import semgrep
from mcpaudit.engines._subprocess import find_executable
from mcpaudit.engines.semgrep import runner
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

posix_only = pytest.mark.skipif(os.name != "posix", reason="fake executables are shell scripts")
needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep is not installed")


def _help(*args: str) -> str:
    exe = find_executable("semgrep")
    done = subprocess.run([exe, "scan", *args, "--help"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"})
    # man-page bold/underline: "X\bX" overstrikes
    return re.sub(r".\x08", "", done.stdout + done.stderr)


@needs_semgrep
@pytest.mark.parametrize("front_end,help_args", [("osemgrep", ("--experimental",)), ("pysemgrep", ())])
def test_every_flag_we_pass_is_one_the_front_end_accepts(front_end, help_args, tmp_path):
    text = _help(*help_args)
    settings = runner._Settings("semgrep", 60.0, 0.0, 10.0, 1_000_000, 1)
    argv = runner._command(settings, tmp_path / "rules.yaml", front_end, str(tmp_path))
    flags = {a.split("=", 1)[0] for a in argv if a.startswith("--")}
    assert flags >= {f.split("=", 1)[0] for f in runner.BASE_FLAGS}
    for flag in sorted(flags):
        assert re.search(re.escape(flag) + r"(?![\w-])", text), f"{front_end} does not list {flag}"
    # the value of --metrics is one it knows
    assert re.search(r"--metrics=\S*", text) and "off" in text


def test_the_semgrep_version_is_pinned_to_the_installed_one():
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    pinned = re.search(r'"semgrep==([\d.]+)"', pyproject)
    assert pinned, "semgrep must be pinned to one version: the packs are tested with it"
    try:
        from importlib.metadata import version

        installed = version("semgrep")
    except Exception:  # pragma: no cover - not installed
        pytest.skip("semgrep is not installed")
    assert installed == pinned.group(1)


def _report(out):
    findings = sorted((f.rule_id, f.location.path, f.location.line, f.location.column, f.location.end_line,
                       f.location.end_column, f.message, f.severity, f.confidence, tuple(f.cwe), f.snippet,
                       f.parameter, f.context, f.fix) for f in out.findings)
    errors = sorted((e.message, e.path, e.fatal) for e in out.errors)
    skipped = sorted((s.path, s.reason) for s in out.skipped)
    return findings, errors, skipped


@needs_semgrep
def test_both_front_ends_give_the_same_findings_on_the_fixtures():
    files = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".py", ".ts", ".js"))
    # every rule (LOW), so that each rule's results are compared
    fast = semgrep.run(files, FIXTURES, min_confidence=Confidence.LOW, front_ends=("osemgrep",))
    slow = semgrep.run(files, FIXTURES, min_confidence=Confidence.LOW, front_ends=("pysemgrep",))
    assert fast.details == {"front_end": "osemgrep"} and slow.details == {"front_end": "pysemgrep"}
    assert fast.succeeded and slow.succeeded
    assert len(fast.findings) > 20
    # the per-rule path lists are in use, so they must mean the same to both
    assert _report(fast) == _report(slow)


def _fake_py(tmp_path: Path, body: str) -> str:
    script = tmp_path / "semgrep"
    script.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body))
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def target(tmp_path) -> Path:
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.py").write_text("import yaml\nyaml.load(x)\n")
    return root


def _fake_scanner(tmp_path: Path, osemgrep: str) -> str:
    """A semgrep whose OCaml front end does ``osemgrep`` (``fail``, ``garbage``, ``hang``) and whose
    Python front end reports one result; every argv goes to argv.log."""
    log = tmp_path / "argv.log"
    result = {"check_id": "yaml-unsafe-load", "path": "", "start": {"line": 2, "col": 1},
              "end": {"line": 2, "col": 13}, "extra": {"message": "unsafe load", "severity": "ERROR",
                                                       "metadata": {}}}
    return _fake_py(tmp_path, f"""\
        import json, sys, time
        with open({str(log)!r}, "a") as fh:
            fh.write(json.dumps(sys.argv[1:]) + "\\n")
        if "--experimental" in sys.argv:
            mode = {osemgrep!r}
            if mode == "fail":
                print("osemgrep: unknown option --whatever", file=sys.stderr)
                sys.exit(2)
            if mode == "garbage":
                print("not json")
                sys.exit(0)
            if mode == "hang":
                time.sleep(30)
        targets = [a for a in sys.argv[1:] if a.endswith(".py")]
        res = dict({json.dumps(result)}, path=targets[0])
        print(json.dumps({{"results": [res], "errors": []}}))
    """)


def _runs(tmp_path: Path):
    return [json.loads(line) for line in (tmp_path / "argv.log").read_text().splitlines()]


@posix_only
@pytest.mark.parametrize("mode", ["fail", "garbage"])
def test_a_failing_ocaml_front_end_falls_back_to_the_python_cli(tmp_path, target, mode):
    exe = _fake_scanner(tmp_path, mode)
    out = semgrep.run([target / "a.py"], target, executable=exe)
    assert out.succeeded, out.errors
    assert [f.rule_id for f in out.findings] == ["yaml-unsafe-load"]
    assert out.details["front_end"] == "pysemgrep"
    assert "osemgrep" in out.details["fallback"]
    first, second = _runs(tmp_path)
    assert first[:2] == ["scan", "--experimental"] and "--experimental" not in second
    assert f"--project-root={target}" in first


@posix_only
def test_the_ocaml_front_end_is_used_when_it_works(tmp_path, target):
    exe = _fake_py(tmp_path, f"""\
        import json, sys
        with open({str(tmp_path / 'argv.log')!r}, "a") as fh:
            fh.write(json.dumps(sys.argv[1:]) + "\\n")
        print(json.dumps({{"results": [], "errors": []}}))
    """)
    out = semgrep.run([target / "a.py"], target, executable=exe)
    assert out.succeeded and out.details == {"front_end": "osemgrep"}
    (argv,) = _runs(tmp_path)
    assert argv[:2] == ["scan", "--experimental"]
    for flag in runner.BASE_FLAGS:
        assert flag in argv


@posix_only
def test_a_timeout_is_not_retried_with_the_other_front_end(tmp_path, target):
    exe = _fake_scanner(tmp_path, "hang")
    out = semgrep.run([target / "a.py"], target, executable=exe, timeout=2)
    assert not out.succeeded
    assert "timed out" in out.errors[0].message
    assert len(_runs(tmp_path)) == 1


@posix_only
def test_when_both_front_ends_fail_the_report_says_why(tmp_path, target):
    exe = _fake_py(tmp_path, """\
        import sys
        print("rule pack exploded", file=sys.stderr)
        sys.exit(2)
    """)
    out = semgrep.run([target / "a.py"], target, executable=exe)
    assert not out.succeeded and out.errors[0].fatal
    assert "rule pack exploded" in out.errors[0].message
    assert "osemgrep" in out.errors[0].message and "pysemgrep" in out.errors[0].message


@needs_semgrep
def test_the_scan_statistics_say_which_front_end_ran(tmp_path):
    from mcpaudit.api import audit
    from mcpaudit.config import Config

    (tmp_path / "s.py").write_text("import yaml\n\n\ndef f(x):\n    return yaml.load(x)\n")
    result = audit([tmp_path], Config(engines=("semgrep",), cache=False))
    assert result.stats.engines == {"semgrep": {"front_end": "osemgrep"}}
    assert [f.rule_id for f in result.findings] == ["yaml-unsafe-load"]
