"""mend49p item 4 (issue 12): execute_command() is a container command only on a receiver of the
sandbox library's types (catalog ``container-commands``); a host-side executor's method of the same
name keeps B108 (``fixtures/mend49p/container_exec_receivers.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "fixtures" / "mend49p" / "container_exec_receivers.py"


def _marked(marker: str) -> set:
    return {i for i, text in enumerate(SRC.read_text().splitlines(), 1) if marker in text}


def test_execute_command_counts_as_a_container_command_only_on_a_sandbox_receiver(tmp_path):
    from mcpaudit.engines import bandit
    from mcpaudit.engines.bandit_incontainer import WHY

    shutil.copy(SRC, tmp_path / SRC.name)
    out = bandit.run([tmp_path / SRC.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    b108 = {f.location.line: f for f in out.findings if f.rule_id == "B108"}
    low = {n for n, f in b108.items() if f.confidence.label == "low"}
    kept = {n for n, f in b108.items() if f.confidence.label == "medium"}
    assert low == _marked("# expect-low: container") and len(low) == 3
    assert kept == _marked("# stays: B108") and len(kept) == 3
    for n in low:
        assert b108[n].message == f"Probable insecure usage of temp file/directory.; {WHY} (audit view)"
    for n in kept:
        assert b108[n].message == "Probable insecure usage of temp file/directory."
        assert "tmp-context" not in b108[n].properties


def test_container_commands_and_remote_keywords_are_catalog_data():
    from mcpaudit.catalog import catalog

    m = catalog().python
    assert m.container_commands["exec_run"] == frozenset({"*"})
    assert "SandboxSession" in m.container_commands["execute_command"]
    assert "*" not in m.container_commands["execute_command"]
    assert m.remote_paths[("V1VolumeMount", "mount_path")] == "a mount path inside a Kubernetes container"
