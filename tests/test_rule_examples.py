"""Every inline VALID / INVALID example of every cst rule is a test (Fixit style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpaudit.checks import all_rules
from mcpaudit.engines.cst import analyze_file, link
from mcpaudit.models import Confidence

CASES = []
for rule_id, cls in sorted(all_rules().items()):
    for i, ex in enumerate(cls.VALID):
        CASES.append(pytest.param(rule_id, ex, False, id=f"{rule_id}-valid-{i}"))
    for i, ex in enumerate(cls.INVALID):
        CASES.append(pytest.param(rule_id, ex, True, id=f"{rule_id}-invalid-{i}"))


def _scan(tmp_path: Path, code: str):
    target = tmp_path / "server.py"
    target.write_text(code, encoding="utf-8")
    res = analyze_file(str(target), "server.py", 10_000_000, 20.0)
    assert res.skipped is None, res.skipped
    findings, _project, _ = link([res], tmp_path, Confidence.MEDIUM)
    return findings


@pytest.mark.parametrize("rule_id,example,invalid", CASES)
def test_rule_example(tmp_path, rule_id, example, invalid):
    findings = [f for f in _scan(tmp_path, example.code) if f.rule_id == rule_id]
    lines = sorted(f.location.line for f in findings)
    if invalid:
        assert lines == sorted(example.lines), "\n".join(f"{f.location.line}: {f.message}" for f in findings)
        for f in findings:
            assert f.message and f.cwe == list(all_rules()[rule_id].CWE)
    else:
        assert lines == [], "\n".join(f"{f.location.line}: {f.message}" for f in findings)


def test_every_rule_is_documented_and_has_examples():
    for rule_id, cls in all_rules().items():
        doc = cls.__doc__ or ""
        for section in ("What it does", "Why is this bad", "Remediation"):
            assert section in doc, f"{rule_id}: docstring lacks '{section}'"
        assert cls.INVALID and cls.VALID, f"{rule_id}: needs VALID and INVALID examples"
        assert cls.CWE and all(c.startswith("CWE-") for c in cls.CWE), rule_id
        assert cls.SUMMARY and cls.FIX, rule_id
