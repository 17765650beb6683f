"""py30b (issue 12): pygit2's certificate_check callback that returns True whatever ``valid``
says (for a host-name test) is tls-verify-disabled (rules/semgrep/tls-verify-disabled.yaml);
one that refuses an invalid certificate first is not (fixtures/taint/py30b/gitcerts*)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mcpaudit.engines import semgrep
from mcpaudit.engines._subprocess import find_executable
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "py30b"
needs_semgrep = pytest.mark.skipif(find_executable("semgrep") is None, reason="semgrep is not installed")


def _run(name: str, tmp_path):
    root = tmp_path / name
    shutil.copytree(ROOT / name, root)
    out = semgrep.run(sorted(root.glob("*.py")), root, timeout=600, min_confidence=Confidence.MEDIUM)
    assert out.ran
    return [f for f in out.findings if f.rule_id == "tls-verify-disabled"]


@needs_semgrep
def test_a_certificate_callback_trusting_host_names_is_reported(tmp_path):
    [f] = _run("gitcerts", tmp_path)
    lines = (ROOT / "gitcerts" / "server.py").read_text().splitlines()
    assert lines[f.location.line - 1].strip() == "return True"
    assert f.location.path == "server.py"
    assert f.message.startswith("TLS certificate verification is switched off")


@needs_semgrep
def test_a_callback_refusing_invalid_certificates_first_is_quiet(tmp_path):
    assert _run("gitcerts_twin", tmp_path) == []
