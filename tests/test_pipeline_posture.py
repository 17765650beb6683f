"""When the posture pass runs in the pipeline, and what a failing posture pass does."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.engines import EngineOutput, bandit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _tree(tmp_path: Path) -> Path:
    dst = tmp_path / "tree"
    shutil.copytree(FIXTURES / "vulnerable", dst)
    return dst


def test_posture_runs_while_an_external_engine_is_still_working(tmp_path, monkeypatch):
    """The posture pass needs only the cst engine's project, so it must not wait for semgrep or
    bandit: here the fake bandit finishes only once the posture facts exist (and gives up after a
    generous guard, which would make the assertion below fail)."""
    import mcpaudit.analysis.posture as posture

    facts_done = threading.Event()
    real = posture.extract_facts

    def extract(*a, **k):
        out = real(*a, **k)
        facts_done.set()
        return out

    seen = {}

    def fake_bandit(files, root, **kw):
        seen["posture_before_bandit_finished"] = facts_done.wait(timeout=120)
        return EngineOutput("bandit")

    monkeypatch.setattr(posture, "extract_facts", extract)
    monkeypatch.setattr(bandit, "run", fake_bandit)
    result = api.audit([_tree(tmp_path)], Config(engines=("cst", "bandit"), cache=False, jobs=1))
    assert seen == {"posture_before_bandit_finished": True}
    assert {f.id for f in result.facts} >= {"transport.stdio"}
    assert "bandit" in result.engines_run


def test_a_failing_posture_pass_is_reported_and_loses_nothing_else(tmp_path, monkeypatch):
    import mcpaudit.analysis.posture as posture

    def boom(*a, **k):
        raise RuntimeError("posture exploded")

    monkeypatch.setattr(posture, "extract_facts", boom)
    tree = _tree(tmp_path)
    result = api.audit([tree], Config(engines=("cst",), cache=False, jobs=1))
    assert result.facts == []
    errors = [e for e in result.errors if e.engine == "posture"]
    assert [e.message for e in errors] == ["posture analysis failed: RuntimeError: posture exploded"]
    assert any(f.rule_id == "tool-shell-injection" and f.location.path == "opsdesk/server.py"
               for f in result.findings)
    assert api.gate(result, Config())[0] == 2  # an analysis error fails the gate, as engine errors do


def _loose(tmp_path: Path) -> Path:
    """A loose server file outside any repository, next to a folder holding someone else's
    HTTP deployment (as in /tmp or a downloads folder)."""
    (tmp_path / "other" / "deploy").mkdir(parents=True)
    (tmp_path / "other" / "deploy" / "Dockerfile").write_text(
        'FROM python:3.12\nEXPOSE 8080\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n')
    server = tmp_path / "server.py"
    server.write_text(
        "from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP('loose')\n\n\n"
        "@mcp.tool()\ndef ping() -> str:\n    return 'pong'\n\n\nmcp.run()\n")
    return server


def test_a_loose_file_is_not_judged_by_deployment_files_in_folders_below_it(tmp_path):
    server = _loose(tmp_path)
    res = api.audit([server], Config(engines=["cst"], cache=False))
    facts = {f.id: f for f in res.facts}
    assert facts["transport.http"].value is False
    assert facts["docker.present"].value is False
    assert res.exposure["level"] == "stdio"


def test_a_scanned_folder_still_reads_deployment_files_in_its_subfolders(tmp_path):
    _loose(tmp_path)
    res = api.audit([tmp_path], Config(engines=["cst"], cache=False))
    facts = {f.id: f for f in res.facts}
    assert facts["docker.present"].value is True
    assert [e.path for e in facts["docker.present"].evidence] == ["other/deploy/Dockerfile"]
