"""A raw-query tool behind a validator it cannot rely on (fixtures/capabilities/guarded_writes.py):
the weak check is a finding, and the tool's capability is still listed, naming the check."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "capabilities"


def _line(text: str) -> int:
    src = (FIXTURES / "guarded_writes.py").read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(src, 1) if text in ln)


def test_a_validated_write_query_tool_keeps_its_raw_query_capability(tmp_path):
    for name in ("guarded_writes.py", "guarded_writes_checks.py"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    line = _line("cur.execute(query)  #")
    [cap] = [f for f in res.capabilities if f.rule_id == "capability-raw-query"]
    assert (cap.location.path, cap.location.line, cap.tool) == ("guarded_writes.py", line, "run_write_query")
    assert cap.message == (
        "tool 'run_write_query' runs query text the caller writes (reads and writes): parameter 'query' "
        "reaches .execute() as is; only checked by validate_write() (not verified by mcpaudit) on the way; "
        "reachable over stdio only, by the local user who starts the server")
    sql = {(f.location.line, f.tool) for f in res.findings if f.rule_id == "tool-sql-injection"}
    assert (line, "run_write_query") in sql
    assert (_line('DB.execute(f"DELETE'), "purge_query") in sql
    assert not [c for c in res.capabilities if c.tool in ("purge_query", "count_rows")]


def test_a_caller_argv_behind_a_program_allow_list_runs_commands(tmp_path):
    shutil.copy(FIXTURES / "argv_allowlist.py", tmp_path / "argv_allowlist.py")
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    src = (FIXTURES / "argv_allowlist.py").read_text(encoding="utf-8").splitlines()
    line = next(i for i, ln in enumerate(src, 1) if "create_subprocess_exec(*argv" in ln)
    [cap] = [f for f in res.capabilities if f.rule_id == "capability-command-execution"]
    assert (cap.location.line, cap.tool) == (line, "shell_execute")
    assert cap.message.startswith(
        "tool 'shell_execute' runs commands the caller chooses: parameter 'command' reaches "
        "asyncio.create_subprocess_exec() as is; only checked by validate_argv() (not verified by mcpaudit) on the way")
    pip = next(i for i, ln in enumerate(src, 1) if "cmd.append(package)" in ln)
    assert [f.location.line for f in res.findings if f.rule_id == "tool-argument-injection"] == [line, pip]
    # a value appended after the program (a configured interpreter's pip) is not the program, but
    # it can be an option of pip's ([PYTHON, "-m", "pip", "install"] names its program)
    assert {c.tool for c in res.capabilities} == {"shell_execute"}
    assert not [f for f in res.findings + res.capabilities if f.tool == "word_count"]


def test_a_query_forwarded_through_a_kwargs_dispatcher_is_no_capability(tmp_path):
    for name in ("guarded_writes.py", "guarded_writes_checks.py"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    assert {c.tool for c in res.capabilities} == {"run_write_query"}
