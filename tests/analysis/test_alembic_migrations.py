"""Alembic runs the env.py of a Config's script_location (fixtures/taint/alembic_migrations.py,
the alembic rows of rules/models/python/code.yaml): a Config from a caller-named folder is code
injection at the command; the server's own migrations are not."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "alembic_migrations.py"


def _line(text: str) -> int:
    return next(i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if text in ln)


def test_a_config_from_a_caller_named_folder_runs_its_code_at_the_upgrade():
    out, _ = cst_engine.run([(str(FIXTURE), FIXTURE.name)], FIXTURE.parent, jobs=1)
    assert not out.errors, out.errors
    got = [(f.rule_id, f.location.line, f.tool, f.message, [(s.location.line, s.note) for s in f.flow])
           for f in out.findings if f.confidence >= Confidence.MEDIUM]
    sink = "alembic.command.upgrade() (runs the env.py of the Config's script_location)"
    assert got == [(
        "tool-code-injection", _line('command.upgrade(cfg, "head")  # expect'), "open_workspace",
        f"tool 'open_workspace' passes parameter 'workspace' to {sink}: code injection",
        [(_line("def open_workspace"), "parameter 'workspace' of MCP tool 'open_workspace' (caller-controlled)"),
         (_line('Path(workspace) / "store"'), "returned by Path()"),
         (_line('Path(workspace) / "store"'), "returned by Config()"),
         (_line('Path(workspace) / "store"'), "assigned to 'cfg'"),
         (_line('command.upgrade(cfg, "head")  # expect'), f"reaches {sink}")],
    )]
