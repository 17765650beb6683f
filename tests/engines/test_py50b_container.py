"""A temp path written into a container by an ``sh -c`` heredoc (py50b, issue 12): the ``sh -c``
list is passed whole to docker-py's ``exec_run`` (not added to a ``docker run`` list), so the
path is the container's own /tmp and B108 moves to the audit view; the twin also opens the path
on this machine and stays."""

from __future__ import annotations

import shutil
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "fixtures" / "py50b" / "container_heredoc.py"


def _marked(marker: str) -> set:
    return {i for i, text in enumerate(SRC.read_text().splitlines(), 1) if marker in text}


def test_a_heredoc_temp_path_in_exec_run_moves_to_the_audit_view(tmp_path):
    from mcpaudit.engines import bandit
    from mcpaudit.engines.bandit_incontainer import WHY

    shutil.copy(SRC, tmp_path / SRC.name)
    out = bandit.run([tmp_path / SRC.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    b108 = {f.location.line: f for f in out.findings if f.rule_id == "B108"}
    assert {n for n, f in b108.items() if f.confidence.label == "low"} == _marked("# expect-low: container") == {10}
    assert {n for n, f in b108.items() if f.confidence.label != "low"} == _marked("# stays: B108") == {19}
    assert b108[10].message == f"Probable insecure usage of temp file/directory.; {WHY} (audit view)"
    assert b108[19].message == "Probable insecure usage of temp file/directory."
