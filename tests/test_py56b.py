"""Causes of the forty-third Python holdout's wrong rows (recon-mcp, issue 12, branch py56b), each
with a vulnerable fixture and a safe twin under ``fixtures/py56b/``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import List, Tuple

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "py56b"


def _line(name: str, needle: str, rel: str = "server.py") -> int:
    hits = [i for i, ln in enumerate((FIXTURES / name / rel).read_text(encoding="utf-8").splitlines(), 1)
            if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _rows(tmp_path: Path, name: str, rule: str) -> List[Tuple[str, int, str, str, str]]:
    """(path, line, confidence, tool, message) of each ``rule`` finding, low included, of a copy
    of fixture folder ``name`` (its scan root is the copy, not the repository)."""
    shutil.copytree(FIXTURES / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return sorted((f.location.path, f.location.line, f.confidence.label, f.tool or "", f.message)
                  for f in res.findings if f.rule_id == rule)


# 1. a validator full-matching an allow-list pattern on ``str(x or "")``


def test_a_fullmatch_helper_on_str_of_x_or_empty_is_a_path_segment_check(tmp_path):
    # bool(CAMPAIGN_ID.fullmatch(str(campaign_id or ""))) with ^[a-z0-9][a-z0-9_-]{0,159}$: no
    # '/', no '\\', no dot, so the id is one plain name under the campaigns folder
    assert _rows(tmp_path, "idpattern_checked", "tool-path-traversal") == []


def test_the_twin_whose_pattern_admits_slashes_and_dots_stays_reported(tmp_path):
    line = _line("idpattern_open", 'return (CAMPAIGNS / campaign_id / "notes.md").read_text()')
    assert _rows(tmp_path, "idpattern_open", "tool-path-traversal") == [
        ("server.py", line, "high", "read_campaign_notes",
         "tool 'read_campaign_notes' passes parameter 'campaign_id' to .read_text(): path traversal / "
         "arbitrary file access"),
    ]


# 2. a loop over a literal tuple of (path, payload) pairs


def test_a_literal_pair_loop_binds_each_name_to_its_own_column(tmp_path):
    # for path, payload in ((ROOT / "notes.json", metadata), (ROOT / "index.json", {...})): the
    # caller's notes are in a payload, never in a path
    rows = _rows(tmp_path, "pairloop_payload", "tool-path-traversal")
    assert [r for r in rows if r[2] != "low"] == []
    assert all("not traced to an MCP tool parameter" in r[4] for r in rows)


def test_the_twin_whose_path_column_holds_the_callers_name_stays_reported(tmp_path):
    line = _line("pairloop_name", "path.write_text(json.dumps(payload, indent=2))")
    assert _rows(tmp_path, "pairloop_name", "tool-path-traversal") == [
        ("server.py", line, "high", "save_named_notes",
         "tool 'save_named_notes' passes parameter 'name' to .write_text(): path traversal / arbitrary file "
         "access (writes or deletes the file a path-typed parameter names)"),
    ]
