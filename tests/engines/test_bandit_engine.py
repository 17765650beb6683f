"""The bandit engine adapter: real findings through the bundled profile, and its failure modes."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from mcpaudit.engines import EngineOutput
from mcpaudit.engines import bandit
from mcpaudit.models import Confidence, Severity
from mcpaudit.resources import rules_dir

posix_only = pytest.mark.skipif(os.name != "posix", reason="fake executables are shell scripts")

CODE = textwrap.dedent(
    '''\
    import pickle
    import subprocess

    import yaml


    def handler(cmd: str, blob: bytes, text: str):
        assert cmd
        subprocess.Popen(cmd, shell=True)
        subprocess.run(["git", "status"])
        data = pickle.loads(blob)
        conf = yaml.load(text)
        subprocess.call(cmd, shell=True)  # nosec B602
        try:
            pass
        except Exception:
            pass
        password = "hunter2hunter2"
        return data, conf, password
    '''
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bandit-proj")
    (root / "pkg").mkdir()
    (root / "pkg" / "server.py").write_text(CODE)
    (root / "-dash name.py").write_text("import os\nos.system('ls ' + x)\n")
    (root / "broken.py").write_text("def broken(:\n    pass\n")
    return root


@pytest.fixture(scope="module")
def scan(project) -> EngineOutput:
    files = [project / "pkg" / "server.py", project / "-dash name.py", project / "broken.py"]
    return bandit.run(files, project, timeout=300)


def _ids(scan, path):
    return [(f.rule_id, f.location.line) for f in scan.findings if f.location.path == path]


def test_scan_ran(scan):
    assert scan.ran, scan.errors
    assert not [e for e in scan.errors if e.fatal]
    assert all(f.engine == "bandit" for f in scan.findings)


def test_findings_have_rule_ids_lines_and_metadata(scan):
    found = {f.rule_id: f for f in scan.findings if f.location.path == "pkg/server.py"}
    shell = found["B602"]
    assert shell.location.line == 9 and shell.location.column == 5
    assert shell.severity is Severity.HIGH and shell.confidence is Confidence.HIGH
    assert shell.cwe == ["CWE-78"]
    assert "shell=True" in shell.message
    assert shell.snippet == "    subprocess.Popen(cmd, shell=True)"
    assert shell.properties["more_info"].startswith("https://bandit.readthedocs.io/")
    assert found["B301"].location.line == 11 and found["B301"].cwe == ["CWE-502"]
    assert found["B506"].location.line == 12


def test_profile_skips_noise_and_nosec_still_works(scan):
    ids = _ids(scan, "pkg/server.py")
    rule_ids = {rid for rid, _ in ids}
    # B101 assert, B603/B607 argv subprocess, B105 password string, B110 try/except/pass,
    # B403/B404 imports: skipped by rules/bandit.yaml.
    assert not rule_ids & {"B101", "B603", "B607", "B105", "B110", "B403", "B404"}
    # `# nosec B602` on line 13 is honoured.
    assert ("B602", 13) not in ids and ("B602", 9) in ids


def test_file_name_starting_with_dash(scan):
    assert ("B605", 2) in _ids(scan, "-dash name.py")


def test_unparsable_file_is_a_non_fatal_error(scan):
    errs = [e for e in scan.errors if e.path == "broken.py"]
    assert errs and not errs[0].fatal and "syntax error" in errs[0].message
    assert "broken.py" in [s.path for s in scan.skipped]


def test_profile_documents_every_skip():
    text = (rules_dir() / "bandit.yaml").read_text()
    profile = yaml.safe_load(text)
    assert "B101" in profile["skips"]
    for tid in profile["skips"]:
        # each skip sits under a comment explaining it
        before = text.split(f"- {tid}")[0].rstrip().splitlines()
        assert any(line.strip().startswith("#") for line in before[-12:]), tid


def test_rule_metas_list_enabled_tests_with_cwe():
    metas = {m.id: m for m in bandit.rule_metas()}
    assert "B101" not in metas and "B603" not in metas
    assert metas["B602"].cwe == ["CWE-78"] and metas["B602"].severity is Severity.HIGH
    assert metas["B301"].cwe == ["CWE-502"]
    assert metas["B506"].engine == "bandit" and "yaml" in metas["B506"].summary.lower()
    assert all(m.summary and m.help_uri.startswith("https://") for m in metas.values())
    assert all("{name}" not in m.summary for m in metas.values())


# --- failure modes ----------------------------------------------------------------------------


def _fake(tmp_path: Path, body: str) -> str:
    script = tmp_path / "bandit"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def target(tmp_path) -> Path:
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.py").write_text("import os\n")
    return root


def _assert_fatal(out: EngineOutput, *needles: str):
    assert out.ran is False and out.findings == []
    assert len(out.errors) == 1 and out.errors[0].fatal and out.errors[0].engine == "bandit"
    for needle in needles:
        assert needle in out.errors[0].message


def test_missing_executable(target):
    _assert_fatal(bandit.run([target / "a.py"], target, executable="/nonexistent"), "not found", "/nonexistent")


@posix_only
def test_invalid_json(tmp_path, target):
    _assert_fatal(
        bandit.run([target / "a.py"], target, executable=_fake(tmp_path, "echo 'oops'\nexit 1\n")),
        "no valid JSON",
    )


@posix_only
def test_crash_exit_code(tmp_path, target):
    exe = _fake(tmp_path, "echo 'Traceback: boom' >&2\nexit 2\n")
    _assert_fatal(bandit.run([target / "a.py"], target, executable=exe), "exit 2", "boom")


@posix_only
def test_timeout(tmp_path, target):
    out = bandit.run([target / "a.py"], target, executable=_fake(tmp_path, "sleep 30\n"), timeout=1)
    _assert_fatal(out, "timed out after 1 s")
    assert out.seconds < 15


@posix_only
def test_exit_one_with_results_is_success_and_outside_root_is_dropped(tmp_path, target):
    def res(path, line):
        return {
            "filename": path, "test_id": "B602", "test_name": "subprocess_popen_with_shell_equals_true",
            "issue_severity": "HIGH", "issue_confidence": "MEDIUM", "issue_text": "shell",
            "issue_cwe": {"id": 78, "link": "https://cwe.mitre.org/data/definitions/78.html"},
            "line_number": line, "line_range": [line], "col_offset": 0, "end_col_offset": 8,
            "more_info": "https://bandit.readthedocs.io/x",
        }

    doc = {
        "results": [res(str(target / "a.py"), 1), res(str(tmp_path / "other.py"), 1)],
        "errors": [{"filename": str(target / "a.py"), "reason": "weird"}],
    }
    exe = _fake(tmp_path, f"cat <<'EOF'\n{json.dumps(doc)}\nEOF\nexit 1\n")
    out = bandit.run([target / "a.py"], target, executable=exe)
    assert out.ran
    assert [(f.rule_id, f.location.path, f.location.column) for f in out.findings] == [("B602", "a.py", 1)]
    assert out.findings[0].confidence is Confidence.MEDIUM
    assert any("outside the scan root" in e.message and not e.fatal for e in out.errors)
    assert any(e.path == "a.py" and "weird" in e.message and not e.fatal for e in out.errors)


def test_missing_files_are_skipped(tmp_path):
    out = bandit.run([tmp_path / "nope.py"], tmp_path)
    assert out.ran and out.findings == [] and [s.path for s in out.skipped] == ["nope.py"]


def test_invalid_profile_is_fatal(tmp_path, target):
    bad = tmp_path / "profile.yaml"
    bad.write_text("skips: B101\n")
    _assert_fatal(bandit.run([target / "a.py"], target, profile=bad), "invalid bandit profile")


def test_runs_in_parallel_chunks(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    files = []
    for i in range(12):
        p = root / f"m{i}.py"
        p.write_text("import os\nos.system('ls ' + str(%d))\n" % i)
        files.append(p)
    out = bandit.run(files, root, jobs=3)
    assert out.ran, out.errors
    assert sorted(f.location.path for f in out.findings if f.rule_id == "B605") == sorted(
        p.name for p in files
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
