"""Baselines: count-aware matching (bandit issue 1467 must not repeat), fixed entries, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

import pytest

from mcpaudit.baseline import apply_baseline, write_baseline
from mcpaudit.config import ConfigError
from mcpaudit.fingerprint import assign_fingerprints
from mcpaudit.models import Confidence, Finding, Location, Severity

SRC = """\
import os


def handler(cmd):
    os.system(cmd)


def other(cmd):
    os.system(cmd)
"""


def scan(text: str, needle: str = "os.system(cmd)", rule: str = "tool-shell-injection") -> List[Finding]:
    """What the pipeline would report for ``text``: one finding per line containing ``needle``."""
    lines = text.splitlines()
    found = [
        Finding(rule_id=rule, engine="cst", severity=Severity.HIGH, confidence=Confidence.HIGH,
                message=f"shell command from parameter 'cmd' (line {i})",
                location=Location("server.py", i, 5))
        for i, ln in enumerate(lines, 1) if needle in ln
    ]
    assign_fingerprints(found, {"server.py": lines})
    return found


def test_round_trip_everything_baselined(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(scan(SRC), path, "0.1.0")
    new, baselined, fixed = apply_baseline(scan(SRC), path)
    assert new == [] and len(baselined) == 2 and fixed == []
    for f in baselined:
        assert f.suppression is not None and f.suppression.kind == "baseline"
        assert f.suppression.justification.startswith("in baseline ")
        assert "baseline.json" in f.suppression.justification


def test_file_format_is_versioned_sorted_and_readable(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    findings = scan(SRC)
    write_baseline(list(reversed(findings)), path, "9.9.9")
    doc = json.loads(path.read_text())
    assert doc["version"] == 1 and doc["format"] == "mcpaudit-baseline"
    assert doc["generated_by"] == {"tool": "mcpaudit", "version": "9.9.9"}
    entries = doc["findings"]
    assert [e["context"] for e in entries] == ["handler", "other"]
    assert entries[0]["line"] == 5 and entries[0]["path"] == "server.py"
    assert set(entries[0]) >= {"fingerprint", "rule_id", "path", "context", "message", "line"}
    # deterministic bytes regardless of input order
    other = tmp_path / "c.json"
    write_baseline(findings, other, "9.9.9")
    assert other.read_bytes() == path.read_bytes()


def test_lines_inserted_above_keep_findings_baselined(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(scan(SRC), path, "0.1.0")
    moved = SRC.replace("import os\n", "import os\nimport sys\n\nLIMIT = 10\n")
    new, baselined, fixed = apply_baseline(scan(moved), path)
    assert new == [] and len(baselined) == 2 and fixed == []


def test_second_identical_copy_is_new(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(scan(SRC), path, "0.1.0")
    doubled = SRC.replace("def handler(cmd):\n    os.system(cmd)\n",
                          "def handler(cmd):\n    os.system(cmd)\n    os.system(cmd)\n")
    new, baselined, fixed = apply_baseline(scan(doubled), path)
    assert len(new) == 1 and len(baselined) == 2 and fixed == []
    assert new[0].context == "handler" and new[0].suppression is None


def test_count_aware_even_when_fingerprints_lack_an_index(tmp_path: Path) -> None:
    """Defensive: fingerprints from elsewhere that collide are still matched one-to-one."""
    path = tmp_path / "b.json"
    old = scan(SRC)
    for f in old:
        f.fingerprint = "same"
    write_baseline(old[:1], path, "0.1.0")
    now = scan(SRC)
    for f in now:
        f.fingerprint = "same"
    new, baselined, _ = apply_baseline(now, path)
    assert len(baselined) == 1 and len(new) == 1


def test_key_match_survives_a_fingerprint_change(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(scan(SRC), path, "0.1.0")
    doc = json.loads(path.read_text())
    for e in doc["findings"]:
        e["fingerprint"] = "0" * 32  # e.g. an older fingerprint algorithm
    path.write_text(json.dumps(doc))
    new, baselined, fixed = apply_baseline(scan(SRC), path)
    assert new == [] and len(baselined) == 2 and fixed == []


def test_removed_finding_is_fixed(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(scan(SRC), path, "0.1.0")
    patched = SRC.replace("def other(cmd):\n    os.system(cmd)\n",
                          "def other(cmd):\n    os.system(shlex.quote(cmd))\n")
    new, baselined, fixed = apply_baseline(scan(patched), path)
    assert new == [] and len(baselined) == 1
    assert len(fixed) == 1 and fixed[0]["context"] == "other" and fixed[0]["line"] == 9


def test_same_line_other_function_is_new(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(scan(SRC), path, "0.1.0")
    added = SRC + "\n\ndef third(cmd):\n    os.system(cmd)\n"
    new, baselined, _ = apply_baseline(scan(added), path)
    assert [f.context for f in new] == ["third"] and len(baselined) == 2


def test_other_rule_on_a_baselined_line_is_new(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(scan(SRC), path, "0.1.0")
    findings = scan(SRC) + scan(SRC, rule="secret-in-log")
    new, baselined, _ = apply_baseline(findings, path)
    assert {f.rule_id for f in new} == {"secret-in-log"} and len(baselined) == 2


def test_missing_baseline_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        apply_baseline(scan(SRC), tmp_path / "missing.json")


@pytest.mark.parametrize(
    "content, needle",
    [
        ("{not json", "not valid JSON"),
        ('{"results": []}', "not an mcpaudit baseline"),  # e.g. a bandit baseline
        ('{"format": "mcpaudit-baseline", "version": 99, "findings": []}', "version 99"),
        ('{"format": "mcpaudit-baseline", "version": 1, "findings": {}}', "must be a list"),
        ('{"format": "mcpaudit-baseline", "version": 1, "findings": [{"path": "a"}]}', "rule_id"),
    ],
)
def test_bad_baseline_is_a_config_error(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=needle) as exc:
        apply_baseline(scan(SRC), path)
    assert "b.json" in str(exc.value)


def test_empty_baseline_makes_everything_new(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline([], path, "0.1.0")
    new, baselined, fixed = apply_baseline(scan(SRC), path)
    assert len(new) == 2 and baselined == [] and fixed == []
