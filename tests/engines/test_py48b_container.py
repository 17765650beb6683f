"""Temp paths inside a container (py48b, issue 12): a B108 string whose every use, followed in its
file, ends as text of a container's command (a docker-py ``exec_run`` argument, the ``sh -c``
script of a ``docker run`` argument list) names the container's own /tmp and moves to the audit
view (bandit_incontainer.py); the twins also use the path on this machine, mount it from the
host, or run the ``sh -c`` script on the host."""

from __future__ import annotations

import shutil
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "fixtures" / "py48b" / "container_tmp.py"


def _marked(marker: str) -> set:
    return {i for i, text in enumerate(SRC.read_text().splitlines(), 1) if marker in text}


def test_container_temp_paths_move_to_the_audit_view(tmp_path):
    from mcpaudit.engines import bandit
    from mcpaudit.engines.bandit_incontainer import WHY

    shutil.copy(SRC, tmp_path / SRC.name)
    out = bandit.run([tmp_path / SRC.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    b108 = {f.location.line: f for f in out.findings if f.rule_id == "B108"}
    low = {n for n, f in b108.items() if f.confidence.label == "low"}
    kept = {n for n, f in b108.items() if f.confidence.label != "low"}
    assert low == _marked("# expect-low: container") and len(low) == 3
    assert kept == _marked("# stays: B108") and len(kept) == 3
    f = b108[min(low)]
    assert f.message == f"Probable insecure usage of temp file/directory.; {WHY} (audit view)"
    assert f.properties["tmp-context"] == WHY
