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


# 4. an audit-log append (and the mkdir of its folder) under a read-only claim


def test_a_read_only_tool_appending_to_the_checked_campaigns_audit_log_writes_nothing_claimed(tmp_path):
    # audit_path = CAMPAIGNS / campaign_id / "audit.jsonl" after a full match of the id:
    # audit_path.parent.mkdir() and audit_path.open("a") are the server's own audit trail
    assert _rows(tmp_path, "auditlog_checked", "tool-read-only-bypass") == []


def test_the_twin_appending_to_an_unchecked_campaigns_log_stays_a_write(tmp_path):
    line = _line("auditlog_open", 'with audit_path.open("a", encoding="utf-8") as audit_file:')
    assert _rows(tmp_path, "auditlog_open", "tool-read-only-bypass") == [
        ("server.py", line, "high", "count_campaign_files",
         "tool 'count_campaign_files' is described as read-only but writes files (.open())"),
    ]


def test_a_log_path_a_helper_names_for_the_checked_id_is_bookkeeping(tmp_path):
    # Path(campaign_paths(campaign_id)["audit_jsonl"]), the helper raising on a bad id: no flow
    # of the caller's id reaches the append, which is then no write of the read-only tool
    assert _rows(tmp_path, "auditlog_paths", "tool-read-only-bypass") == []
    rows = _rows(tmp_path / "again", "auditlog_paths", "tool-path-traversal")
    assert [r[:3] for r in rows] == [("server.py", _line("auditlog_paths", "audit_path.parent.mkdir("), "low"),
                                     ("server.py", _line("auditlog_paths", 'with audit_path.open("a"'), "low")]
    assert all("not traced to an MCP tool parameter" in r[4] and "own log" not in r[4] for r in rows)


def test_the_twin_whose_helper_checks_nothing_keeps_the_write_and_the_flow(tmp_path):
    mkdir = _line("auditlog_paths_open", "audit_path.parent.mkdir(")
    assert _rows(tmp_path, "auditlog_paths_open", "tool-read-only-bypass") == [
        ("server.py", mkdir, "high", "count_campaign_files",
         "tool 'count_campaign_files' is described as read-only but writes files (.mkdir())"),
    ]
    rows = _rows(tmp_path / "again", "auditlog_paths_open", "tool-path-traversal")
    assert ("server.py", mkdir, "high", "count_campaign_files",
            "tool 'count_campaign_files' passes parameter 'campaign_id' to .mkdir(): path traversal / arbitrary "
            "file access (write)") in rows


# 3. a value equal to its own slug


def test_an_id_equal_to_its_slug_is_one_plain_name(tmp_path):
    # _safe_report_id: slugify(report_id, fallback="") == report_id and ".." not in report_id, the
    # project's slugify (another module) keeping [A-Za-z0-9_-]; delete_report: python-slugify's
    rows = _rows(tmp_path, "slug_checked", "tool-path-traversal")
    assert [r for r in rows if r[2] != "low"] == []


def test_the_twin_whose_slug_keeps_dots_and_slashes_stays_reported(tmp_path):
    read = _line("slug_open", 'return (REPORTS / f"{report_id}.md").read_text()')
    delete = _line("slug_open", "(REPORTS / report_id).unlink()")
    assert _rows(tmp_path, "slug_open", "tool-path-traversal") == [
        ("server.py", read, "medium", "read_report",
         "tool 'read_report' passes parameter 'report_id' to .read_text(): path traversal / arbitrary file access; "
         "only a weak check on the way: a '..' substring check is a deny-list, not a containment check "
         "(in _safe_report_id())"),
        ("server.py", delete, "high", "delete_report",
         "tool 'delete_report' passes parameter 'report_id' to .unlink(): path traversal / arbitrary file access "
         "(write)"),
    ]


def test_a_slug_function_of_the_same_module_is_read_from_its_summary(tmp_path):
    # read_note: slugify keeps [a-z0-9-]; read_dotted_note: keep_dots keeps '.' and '/' too
    lines = [i for i, ln in enumerate((FIXTURES / "slug_local" / "server.py").read_text().splitlines(), 1)
             if "return (NOTES / name).read_text()" in ln]
    assert len(lines) == 2
    assert _rows(tmp_path, "slug_local", "tool-path-traversal") == [
        ("server.py", lines[1], "high", "read_dotted_note",
         "tool 'read_dotted_note' passes parameter 'name' to .read_text(): path traversal / arbitrary file access"),
    ]
