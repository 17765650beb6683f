"""Programs that change the files their operands name (``argv: file-programs`` in the models):
fixture ``fixtures/taint/argv_files.py``."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.analysis.cstnodes import file_operand
from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of

FIXTURE = TAINT / "argv_files.py"
PROGRAMS = {"chmod": 1, "rm": 0}


def _mine(rule_id=None):
    return [f for f in fixture_findings() if f.location.path == "argv_files.py"
            and (rule_id is None or f.rule_id == rule_id)]


def test_operand_index_skips_options_and_the_mode():
    assert file_operand(["chmod", None, None], 2, PROGRAMS) == "chmod"
    assert file_operand(["chmod", None, None], 1, PROGRAMS) is None  # the mode, not a file
    assert file_operand(["chmod", "-R", "755", None], 3, PROGRAMS) == "chmod"
    assert file_operand(["/bin/rm", "-f", None], 2, PROGRAMS) == "rm"
    assert file_operand(["ls", "-l", None], 2, PROGRAMS) is None
    assert file_operand([None, None], 1, PROGRAMS) is None
    # the value of an option that takes one is neither a file nor an operand before one
    operands = {"truncate": frozenset({"-s"}), "install": frozenset({"-m"})}
    programs = {"truncate": 0, "install": 0}
    assert file_operand(["truncate", "-s", None, "/srv/log"], 2, programs, operands) is None
    assert file_operand(["truncate", "-s", "0", None], 3, programs, operands) == "truncate"
    assert file_operand(["install", "-m", None, "/srv/a", "/srv/b"], 2, programs, operands) is None


def test_operand_of_chmod_run_by_the_servers_runner_is_reported_where_it_was_placed():
    hits = [f for f in _mine("tool-path-traversal") if f.tool == "make_executable"]
    assert len(hits) == 1
    f = hits[0]
    assert f.location.line == line_of(FIXTURE, 'cmd = ["chmod", mode, target]')
    assert f.confidence == Confidence.HIGH
    assert f.message == (
        "tool 'make_executable' passes parameter 'path' to asyncio.create_subprocess_exec() through run_argv() "
        "at argv_files.py:17: path traversal / arbitrary file access (an operand of 'chmod', which changes the "
        "file it names; write)")


def test_operand_of_cp_run_directly_is_a_path_sink():
    f = next(f for f in _mine("tool-path-traversal") if f.tool == "keep_report")
    assert f.location.line == line_of(FIXTURE, '["cp", full, "/srv/archive/"]')
    assert f.message == ("tool 'keep_report' passes parameter 'report' to subprocess.run(['cp', ...]): "
                         "path traversal / arbitrary file access (write)")


def test_confined_paths_fixed_files_and_programs_that_change_nothing_stay_quiet():
    tools = {f.tool for f in _mine() if f.confidence >= Confidence.MEDIUM and f.rule_id == "tool-path-traversal"}
    assert tools == {"make_executable", "keep_report"}
    assert not [f for f in _mine() if f.tool in ("make_executable_inside", "chmod_mode_only",
                                                  "remove_file_inside", "list_file")]


def test_a_tool_that_says_it_deletes_files_has_the_capability():
    f = next(f for f in _mine("capability-file-access") if f.tool == "remove_file")
    assert "reads and writes any file the caller names" in f.message
    assert Path(FIXTURE).exists()
