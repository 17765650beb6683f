"""``kubectl cp`` / ``docker cp`` operands are host files (fixtures/capabilities/pod_copy.py): a
tool that says it copies files lists the capability where the operands are placed; one that
does not is a path traversal there; an option's value names no file."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "capabilities" / "pod_copy.py"


def _line(text: str) -> int:
    return next(i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if text in ln)


def test_copy_commands_read_and_write_host_files(tmp_path):
    shutil.copy(FIXTURE, tmp_path / FIXTURE.name)
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    [cap] = [f for f in res.capabilities if f.rule_id == "capability-file-access"]
    assert (cap.location.line, cap.tool) == (_line('["cp", source, destination'), "pod_copy")
    assert cap.message.startswith(
        "tool 'pod_copy' reads and writes any file the caller names: parameter 'destination' reaches "
        "'kubectl cp' in subprocess.run() as is")
    [trav] = [f for f in res.findings if f.rule_id == "tool-path-traversal"]
    assert (trav.location.line, trav.tool) == (_line('["cp", "--", origin, target]'), "mirror_pod")
    assert "an operand of 'docker cp'" in trav.message
    assert not [f for f in res.findings + res.capabilities if f.tool == "pod_logs"]
